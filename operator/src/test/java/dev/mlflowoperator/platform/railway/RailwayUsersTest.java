package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

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

  private void users(String... usernames) {
    stack.resource.getSpec().proxy.auth.users = Stream.of(usernames).map(u -> new UserSpec(u, null)).toList();
  }

  private Map<String, String> proxyVariables() {
    return new HashMap<>(RailwayTargetContract.variables(stack.sandbox.state(), stack.id("service/proxy")));
  }
}
