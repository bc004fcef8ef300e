package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several users on the Railway sandbox: each user's username, hash and password as variables of the proxy service
 * (the first user's under the names they always had), a removed user's variables gone and their password no longer
 * held, and a user's variable changed out of band put back.
 */
class RailwayUsersTest {
  private final RailwayStackHarness stack = RailwayStackHarness.inProcess();

  @AfterEach
  void close() {
    stack.close();
  }

  @Test
  void eachUsersCredentialsAreVariablesOfTheProxy() {
    users("alice", "bob", "ci-train");

    stack.converge();

    var variables = proxyVariables();
    assertThat(variables).containsKeys("BASIC_AUTH_USERNAME", "BASIC_AUTH_HASH", "BASIC_AUTH_PASSWORD",
        "BASIC_AUTH_USERNAME_1", "BASIC_AUTH_HASH_1", "BASIC_AUTH_PASSWORD_1",
        "BASIC_AUTH_USERNAME_2", "BASIC_AUTH_HASH_2", "BASIC_AUTH_PASSWORD_2");
    assertThat(List.of(variables.get("BASIC_AUTH_USERNAME"), variables.get("BASIC_AUTH_USERNAME_1"),
        variables.get("BASIC_AUTH_USERNAME_2"))).containsExactly("alice", "bob", "ci-train");
    assertThat(Stream.of("", "_1", "_2").map(suffix -> variables.get("BASIC_AUTH_PASSWORD" + suffix)))
        .doesNotHaveDuplicates().allSatisfy(password -> assertThat(password).hasSizeGreaterThanOrEqualTo(22));
  }

  @Test
  void aRemovedUsersVariablesAreGoneAndTheOthersKeepTheirPasswords() {
    users("alice", "bob", "ci-train");
    stack.converge();
    var before = proxyVariables();

    users("alice", "ci-train");
    stack.resource.getMetadata().setGeneration(2L);
    stack.converge();

    var after = proxyVariables();
    assertThat(after).doesNotContainKeys("BASIC_AUTH_USERNAME_2", "BASIC_AUTH_HASH_2", "BASIC_AUTH_PASSWORD_2")
        .containsEntry("BASIC_AUTH_USERNAME_1", "ci-train")
        .containsEntry("BASIC_AUTH_PASSWORD", before.get("BASIC_AUTH_PASSWORD"))
        .containsEntry("BASIC_AUTH_PASSWORD_1", before.get("BASIC_AUTH_PASSWORD_2"));
    assertThat(after.values()).doesNotContain(before.get("BASIC_AUTH_PASSWORD_1"), "bob");
  }

  @Test
  void aUsersUsernameChangedOutOfBandIsPutBackKeepingTheirPassword() {
    users("alice", "bob");
    stack.converge();
    String bob = proxyVariables().get("BASIC_AUTH_PASSWORD_1");
    stack.outOfBand(RailwayTargetContract.UPSERT_VARIABLES, Map.of("i", Map.of("projectId", stack.id("project"),
        "environmentId", stack.id("environment"), "serviceId", stack.id("service/proxy"),
        "variables", Map.of("BASIC_AUTH_USERNAME_1", "mallory"), "skipDeploys", true)));

    var report = stack.reconcile();

    assertThat(report.drift()).isNotEmpty();
    assertThat(proxyVariables()).containsEntry("BASIC_AUTH_USERNAME_1", "bob").containsEntry("BASIC_AUTH_PASSWORD_1", bob);
  }

  @Test
  void rotatingAliceRedeploysTheProxyWhoseOldDeploymentServesUntilTheNewOneIsHealthy() {
    users("alice", "bob", "ci-train");
    stack.converge();
    var before = proxyVariables();
    var served = proxyDeployments();
    assertThat(served.get("active")).hasSize(1);
    String mlflowBefore = latestDeployment("service/mlflow");

    stack.resource.getMetadata().setAnnotations(Map.of(RotateAnnotation.NAME, "alice@n1"));
    stack.reconcile();

    var after = proxyVariables();
    assertThat(after.get("BASIC_AUTH_HASH")).isNotEqualTo(before.get("BASIC_AUTH_HASH"));
    assertThat(Stream.of("_1", "_2").flatMap(i -> Stream.of("BASIC_AUTH_HASH" + i, "BASIC_AUTH_PASSWORD" + i)))
        .allSatisfy(key -> assertThat(after.get(key)).as(key).isEqualTo(before.get(key)));
    assertThat(stack.sandbox.state().serviceInstances.stream()
        .filter(i -> i.serviceId.equals(stack.id("service/proxy"))).findFirst().orElseThrow().healthcheckPath)
        .as("Railway switches to the new deployment once this answers 200")
        .isEqualTo("/health");
    var deploying = proxyDeployments();
    assertThat(deploying.get("latest")).isNotEqualTo(served.get("latest"));
    assertThat(deploying.get("active")).as("the old deployment serves meanwhile").isEqualTo(served.get("active"));
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    assertThat(proxyDeployments().get("active")).as("then the new one").containsExactly(deploying.get("latest").get(0));
    assertThat(latestDeployment("service/mlflow")).as("MLflow is not redeployed").isEqualTo(mlflowBefore);
  }

  /** The proxy's latest deployment and the ones serving, by ID, as Railway's API reports them. */
  private Map<String, List<String>> proxyDeployments() {
    var node = serviceInstance("service/proxy");
    @SuppressWarnings("unchecked")
    var active = ((List<Map<String, Object>>) node.get("activeDeployments")).stream()
        .map(d -> (String) d.get("id")).toList();
    @SuppressWarnings("unchecked")
    var latest = (Map<String, Object>) node.get("latestDeployment");
    return Map.of("active", active, "latest", List.of((String) latest.get("id")));
  }

  private String latestDeployment(String key) {
    @SuppressWarnings("unchecked")
    var latest = (Map<String, Object>) serviceInstance(key).get("latestDeployment");
    return (String) latest.get("id");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serviceInstance(String key) {
    var body = stack.sandbox.execute("query($e: String!) { environment(id: $e) { serviceInstances(first: 100) {"
        + " edges { node { serviceId latestDeployment { id } activeDeployments { id } } } } } }",
        Map.of("e", stack.id("environment")));
    var data = (Map<String, Object>) body.get("data");
    var edges = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) data.get("environment"))
        .get("serviceInstances")).get("edges");
    return edges.stream().map(e -> (Map<String, Object>) e.get("node"))
        .filter(n -> stack.id(key).equals(n.get("serviceId"))).findFirst().orElseThrow();
  }

  private void users(String... usernames) {
    stack.resource.getSpec().proxy.auth.users = Stream.of(usernames).map(u -> new UserSpec(u, null)).toList();
  }

  private Map<String, String> proxyVariables() {
    return new HashMap<>(RailwayTargetContract.variables(stack.sandbox.state(), stack.id("service/proxy")));
  }
}
