package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlflowctl touches only what it owns on Railway: a project marked for another deployment is refused, recorded IDs
 * pointing at another deployment's project are refused, and a deployment recorded on one Railway is refused on
 * another; in each case nothing is written, by apply, plan or delete --yes.
 */
class RailwayOwnershipProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path work;
  private RailwaySandbox sandbox;

  @BeforeEach
  void serveSandbox() {
    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofSeconds(1)).build().start();
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void aProjectMarkedForMlStagingIsNotTakenForMlAndDeleteLeavesItsRetainedVolume() throws Exception {
    ok("apply", "-f", spec("ml-staging", "shared-proj", "Retain").toString());
    String retained = sandbox.state().volumes.get(0).id;
    ok("delete", "ml-staging", "--yes");
    var before = sandbox.state();

    var apply = ctl("apply", "-f", spec("ml", "shared-proj", "Delete").toString());
    var delete = ctl("delete", "ml", "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
    assertThat(apply.err()).contains("Railway project 'shared-proj' exists but is not managed by mlflow-operator for"
        + " this deployment (no line of its description is 'managed by mlflow-operator: ml')");
    assertThat(delete.exitCode()).as(delete.out() + delete.err()).isEqualTo(1);
    assertThat(delete.err()).contains("'shared-proj'", "not managed by mlflow-operator");
    assertUnchanged(before);
    assertThat(sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(retained);
      assertThat(v.serviceId).isNull();
      assertThat(v.isPendingDeletion).isFalse();
    });
  }

  @Test
  void recordedIdsOfAnotherDeploymentsProjectAreRefusedByApplyAndDelete() throws Exception {
    ok("apply", "-f", spec("tracking", "ml-platform", "Delete").toString());
    ok("apply", "-f", spec("other", "other-proj", "Retain").toString());
    Path state = home.resolve("deployments/default/tracking.json");
    ObjectNode tracking = (ObjectNode) JSON.readTree(state.toFile());
    var other = JSON.readTree(home.resolve("deployments/default/other.json").toFile()).at("/status/ids");
    var ids = (ObjectNode) tracking.at("/status/ids");
    for (String key : new String[] {"project", "environment", "volume"}) {
      ids.put(key, other.path(key).asText());
    }
    Files.write(state, JSON.writeValueAsBytes(tracking));
    var before = sandbox.state();

    var apply = ctl("apply", "-f", spec("tracking", "ml-platform", "Delete").toString());
    var delete = ctl("delete", "tracking", "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
    assertThat(apply.err()).contains("Railway project 'other-proj' (" + other.path("project").asText()
        + ", recorded for this deployment) is not managed by mlflow-operator for this deployment", "Nothing was changed");
    assertThat(delete.exitCode()).as(delete.out() + delete.err()).isEqualTo(1);
    assertThat(delete.err()).contains("'other-proj'", "Nothing was changed");
    assertUnchanged(before);
    assertThat(sandbox.state().volumeInstances).noneSatisfy(v -> assertThat(v.isPendingDeletion).isTrue());
  }

  @Test
  void aDeploymentAppliedToOneSandboxIsRefusedOnAnotherAndOnTheHomesOwn() throws Exception {
    Path spec = spec("tracking", "ml-platform", "Delete");
    ok("apply", "-f", spec.toString());
    Path state = home.resolve("deployments/default/tracking.json");
    byte[] recorded = Files.readAllBytes(state);
    var before = sandbox.state();
    try (var second = RailwaySandbox.builder().deploymentDuration(Duration.ofSeconds(1)).build().start()) {
      var elsewhere = Map.of("RAILWAY_API_URL", second.url(), "RAILWAY_TOKEN", second.token());
      var apply = ctl(elsewhere, "apply", "-f", spec.toString());
      var plan = ctl(elsewhere, "plan", "-f", spec.toString());
      var onHomeSandbox = ctl(Map.of(), "plan", "-f", spec.toString());

      String where = "error: tracking was applied to the Railway API at " + sandbox.url();
      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
      assertThat(apply.err()).contains(where + ", but this run uses the Railway API at " + second.url()
          + "; set RAILWAY_API_URL=" + sandbox.url() + " and its RAILWAY_TOKEN (or RAILWAY_PROJECT_TOKEN) to use it");
      assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(1);
      assertThat(plan.err()).contains(where + ", but this run uses the Railway API at " + second.url());
      assertThat(onHomeSandbox.exitCode()).as(onHomeSandbox.out() + onHomeSandbox.err()).isEqualTo(1);
      assertThat(onHomeSandbox.err()).contains(where + ", but this run uses the local Railway sandbox");
      assertThat(second.stats().total()).as("requests to the second sandbox").isZero();
      assertThat(second.state().projects).isEmpty();
    }
    assertUnchanged(before);
    assertThat(Files.readAllBytes(state)).as("the record is left as it was").isEqualTo(recorded);
  }

  /** The sandbox holds the same projects, services, volumes (where and whether deleted) and domains as before. */
  private void assertUnchanged(SandboxState before) {
    var after = sandbox.state();
    assertThat(after.projects).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.projects);
    assertThat(after.services).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.services);
    assertThat(after.volumes).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.volumes);
    assertThat(after.volumeInstances).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.volumeInstances);
    assertThat(after.serviceDomains).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.serviceDomains);
    assertThat(after.variables).usingRecursiveFieldByFieldElementComparator().isEqualTo(before.variables);
  }

  private Path spec(String name, String project, String deletionPolicy) throws Exception {
    return Files.writeString(work.resolve(name + ".yaml"), """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: %s
        spec:
          target: railway
          railway:
            project: %s
          mlflow:
            version: "3.14.0"
          proxy:
            caddyVersion: "2.6"
          deletionPolicy: %s
        """.formatted(name, project, deletionPolicy));
  }

  private MlflowCtlProcess.Result ok(String... args) throws Exception {
    var result = ctl(args);
    assertThat(result.exitCode()).as("mlflowctl %s: %s%s", String.join(" ", args), result.out(), result.err())
        .isZero();
    return result;
  }

  private MlflowCtlProcess.Result ctl(String... args) throws Exception {
    return ctl(Map.of("RAILWAY_API_URL", sandbox.url(), "RAILWAY_TOKEN", sandbox.token()), args);
  }

  private MlflowCtlProcess.Result ctl(Map<String, String> railway, String... args) throws Exception {
    var env = new HashMap<>(railway);
    env.put("MLFLOWCTL_HOME", home.toString());
    return MlflowCtlProcess.run(env, args);
  }
}
