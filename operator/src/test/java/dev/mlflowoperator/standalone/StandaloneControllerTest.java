package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.railway.Pace;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.state.HomeRailway;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl run's controller: converges a directory, repairs drift, notices file changes, prunes, serves HTTP. */
class StandaloneControllerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  RunHarness run;

  @BeforeEach
  void setUp() {
    run = new RunHarness(dir, false);
    run.writeSpec("alpha", "ml-platform", 2);
    run.writeSpec("beta", "experiments", 3);
    run.writeSpec("gamma", "research", 2);
  }

  @AfterEach
  void tearDown() {
    run.close();
  }

  @Test
  void convergesEveryDeploymentOfTheDirectoryAndServesHealthMetricsAndStatus() throws IOException {
    assertThat(run.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(run.get("/readyz").statusCode()).as("before the first pass").isEqualTo(503);

    run.converge();

    assertThat(run.isReady("alpha")).isTrue();
    assertThat(run.isReady("beta")).isTrue();
    assertThat(run.isReady("gamma")).isTrue();
    assertThat(run.sandbox.state().projects).hasSize(3);
    assertThat(run.get("/readyz").body()).isEqualTo("ready\n");

    var all = run.get("/api/v1/deployments");
    assertThat(all.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(all.body());
    assertThat(body.get("deployments")).extracting(d -> d.at("/metadata/name").asText())
        .containsExactly("alpha", "beta", "gamma");
    assertThat(body.get("problems")).isEmpty();
    assertThat(JSON.readTree(run.get("/api/v1/deployments/beta").body()).at("/spec/mlflow/workers").asInt())
        .isEqualTo(3);
    var missing = run.get("/api/v1/deployments/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no deployment named \\\"nope\\\" is recorded");

    String metrics = run.get("/metrics").body();
    assertThat(metrics).contains("mlflowctl_reconciles_total{result=\"synced\"} 6.0",
        "mlflow_operator_railway_budget_remaining{token=\"sandbox\"} 990.0", "mlflowctl_deployments 3.0",
        "mlflowctl_spec_problems 0.0",
        "mlflow_operator_deployment_ready{name=\"gamma\",namespace=\"default\",platform=\"railway\"} 1.0",
        "mlflow_operator_deployment_synced{name=\"alpha\",namespace=\"default\",platform=\"railway\"} 1.0",
        "mlflow_operator_reconcile_duration_seconds_count{name=\"beta\",namespace=\"default\",platform=\"railway\"} 2");
    assertThat(metrics).containsPattern("mlflow_operator_railway_requests_total\\{token=\"sandbox\"} [1-9][0-9]*\\.0");
    assertThat(metrics).doesNotContain(run.sandbox.token());
    assertThat(run.log.toString()).contains("default/alpha: ready at https://", "default/gamma: ready at https://");
  }

  @Test
  void repairsDriftWithinOneIntervalAndRecordsIt() {
    run.converge();
    run.outOfBand("mutation($id: String!) { serviceDelete(id: $id) }",
        Map.of("id", run.serviceId("alpha-mlflow").orElseThrow()));
    assertThat(run.serviceId("alpha-mlflow")).isEmpty();

    run.controller.runOnce();

    assertThat(run.serviceId("alpha-mlflow")).isPresent();
    var drift = run.recorded("alpha").getStatus().drift;
    assertThat(drift.count).isEqualTo(1);
    assertThat(drift.fields).isNotEmpty();
    assertThat(run.recorded("beta").getStatus().drift).isNull();
    assertThat(run.log.toString()).contains("default/alpha: repaired drift in ");
    assertThat(run.get("/metrics").body()).contains("mlflow_operator_drift_repairs_total{component=\"mlflow\","
        + "kind=\"missing\",name=\"alpha\",namespace=\"default\",platform=\"railway\"} 1.0");
  }

  @Test
  void noticesAddedChangedAndRemovedFilesAndLeavesARemovedDeploymentRunning() throws IOException {
    run.converge();
    run.writeSpec("delta", "forecasting", 2);
    run.writeSpec("beta", "experiments", 4);
    Files.delete(run.specs.resolve("gamma.yaml"));

    run.controller.runOnce();

    assertThat(run.log.toString()).contains("default/delta: spec added", "default/beta: spec changed",
        "default/gamma: spec removed");
    assertThat(run.recorded("delta").getStatus().ids).containsKey("project");
    assertThat(run.recorded("beta").getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(run.recorded("beta").getStatus().drift).as("a changed spec is no drift").isNull();
    assertThat(run.serviceId("gamma-mlflow")).as("no --prune").isPresent();
    assertThat(run.store.load("default", "gamma")).isPresent();
    assertThat(run.controller.problems()).containsExactly(
        "default/gamma: its spec is gone from " + run.specs + "; left running (run with --prune to delete it)");
  }

  @Test
  void pruneDeletesTheDeploymentOfARemovedSpec() throws IOException {
    convergedPruningRun();
    Files.delete(run.specs.resolve("gamma.yaml"));

    run.controller.runOnce();

    assertThat(run.serviceId("gamma-mlflow")).isEmpty();
    assertThat(run.serviceId("gamma-proxy")).isEmpty();
    assertThat(run.store.load("default", "gamma")).isEmpty();
    assertThat(run.serviceId("alpha-mlflow")).isPresent();
    assertThat(run.log.toString()).contains("default/gamma: deleted (its spec was removed; deletionPolicy Delete)");
  }

  @Test
  void pruneUnderRetainKeepsTheVolumeAndItsIdSoTheSameSpecReattachesIt() throws IOException {
    run.close();
    run = new RunHarness(dir.resolve("pruning"), true);
    String retained = RunHarness.spec("gamma", "research", 2).replace("deletionPolicy: Delete", "deletionPolicy: Retain");
    run.writeSpec("alpha", "ml-platform", 2);
    run.write("gamma.yaml", retained);
    run.converge();
    String volume = run.recorded("gamma").getStatus().ids.get("volume");
    Files.delete(run.specs.resolve("gamma.yaml"));

    run.controller.runOnce();

    assertThat(run.serviceId("gamma-mlflow")).isEmpty();
    assertThat(run.store.retained("default", "gamma")).map(r -> r.getStatus().ids.get("volume")).contains(volume);
    run.write("gamma.yaml", retained);
    run.converge();
    assertThat(run.recorded("gamma").getStatus().ids.get("volume")).as("the kept volume, re-attached").isEqualTo(volume);
  }

  @Test
  void prunesNothingWhileAFileCannotBeRead() throws IOException {
    run.close();
    run = new RunHarness(dir.resolve("pruning"), true);
    run.writeSpec("gamma", "research", 2);
    run.converge();
    run.write("gamma.yaml", "metadata: [unclosed\n");

    run.controller.runOnce();

    assertThat(run.serviceId("gamma-mlflow")).isPresent();
    assertThat(run.controller.problems()).anySatisfy(p -> assertThat(p).contains("gamma.yaml: malformed YAML"))
        .anySatisfy(p -> assertThat(p).contains("not pruned while a spec there is unreadable or invalid"));
  }

  @Test
  void pruneDeletesOnlyTheDeploymentsOfItsOwnDirectoryNotThoseAnotherRunOnTheSameHomeManages() throws IOException {
    run.close();
    run = new RunHarness(dir.resolve("pruning"), true);
    run.writeSpec("alpha", "ml-platform", 2);
    run.converge();
    run.close();
    Path otherSpecs = Files.createDirectories(dir.resolve("other-team"));
    Files.writeString(otherSpecs.resolve("beta.yaml"), RunHarness.spec("beta", "research", 2));
    var railway = new ReconcileLoop<>(new RailwayPlatform(run.sandbox.executor(), HealthProber.notRun("sandbox")), new CredentialsGenerator());
    var deployments = new LocalDeployments(run.store, railway, SecretResolver.none(), run.clock,
        HomeRailway.SANDBOX_ENDPOINT);
    var otherLog = new StringWriter();
    try (var otherRun = new StandaloneController(
        new StandaloneController.Settings(otherSpecs, Duration.ofSeconds(60), true, 2, Pace.REAL), run.store,
        deployments, new ControllerMetrics(run.clock), () -> 990,
        new ControllerLog(new PrintWriter(otherLog, true), run.clock, false), Optional.empty())) {
      otherRun.runOnce();
    }

    assertThat(run.serviceId("beta-mlflow")).isPresent();
    assertThat(run.serviceId("alpha-mlflow")).as("another directory's deployment").isPresent();
    assertThat(run.store.load("default", "alpha")).isPresent();
    assertThat(otherLog.toString()).doesNotContain("default/alpha");
  }

  @Test
  void prunesNothingWhileASpecIsALinkToAFileThatIsGone() throws IOException {
    convergedPruningRun();
    Files.delete(run.specs.resolve("gamma.yaml"));
    Files.createSymbolicLink(run.specs.resolve("gamma.yaml"), dir.resolve("unmounted").resolve("gamma.yaml"));

    run.controller.runOnce();

    assertThat(run.serviceId("gamma-mlflow")).isPresent();
    assertThat(run.store.load("default", "gamma")).isPresent();
    assertThat(run.controller.problems()).anySatisfy(p -> assertThat(p).contains("gamma.yaml: no such file"))
        .anySatisfy(p -> assertThat(p).contains("not pruned while a spec there is unreadable or invalid"));
  }

  @Test
  void prunesNothingWhileADocumentIsInvalidAndPrunesOnceItIsFixed() throws IOException {
    convergedPruningRun();
    var volumes = run.sandbox.state().volumes.stream().map(v -> v.id).toList();
    assertThat(volumes).hasSize(2);
    run.write("gamma.yaml", RunHarness.spec("gamma", "research", 2).replace("name: gamma", "name: Gamma"));

    run.controller.runOnce();

    assertThat(run.serviceId("gamma-mlflow")).isPresent();
    assertThat(run.serviceId("gamma-proxy")).isPresent();
    assertThat(run.sandbox.state().volumes).extracting(v -> v.id).containsExactlyElementsOf(volumes);
    assertThat(run.store.load("default", "gamma")).isPresent();
    assertThat(run.controller.problems()).anySatisfy(p -> assertThat(p).contains("gamma.yaml#1: metadata.name"))
        .contains("default/gamma: its spec is gone from " + run.specs + "; not pruned while a spec there is"
            + " unreadable or invalid (1 problem); fix it, or remove the file");
    assertThat(run.log.toString()).contains("problem: default/gamma: its spec is gone from");
    JsonNode body = JSON.readTree(run.get("/api/v1/deployments").body());
    assertThat(body.get("problems")).extracting(JsonNode::asText)
        .containsExactlyElementsOf(run.controller.problems());
    assertThat(run.get("/metrics").body()).contains("mlflowctl_prune_held 1.0");

    run.writeSpec("gamma", "research", 2);
    run.controller.runOnce();

    assertThat(run.controller.problems()).isEmpty();
    assertThat(run.serviceId("gamma-mlflow")).isPresent();
    assertThat(run.get("/metrics").body()).contains("mlflowctl_prune_held 0.0");
  }

  @Test
  void reportsAnInvalidSpecAndKeepsTheOthersRunning() throws IOException {
    run.write("broken.yaml", RunHarness.spec("broken", "ml-platform", 2).replace("workers: 2", "workers: many"));

    run.converge();

    assertThat(run.isReady("alpha")).isTrue();
    assertThat(run.store.load("default", "broken")).isEmpty();
    assertThat(run.controller.problems()).singleElement().asString().contains("broken.yaml#1 (broken): spec.mlflow.workers");
    assertThat(run.log.toString()).containsOnlyOnce("problem: " + run.controller.problems().get(0));
    JsonNode body = JSON.readTree(run.get("/api/v1/deployments").body());
    assertThat(body.get("problems").get(0).asText()).isEqualTo(run.controller.problems().get(0));
    assertThat(run.get("/metrics").body()).contains("mlflowctl_spec_problems 1.0");
  }

  @Test
  void theIntervalShortensWhileDeployingAndStretchesToTheBudget() {
    run.controller.runOnce();
    assertThat(run.controller.nextDelay()).as("deploying").isEqualTo(Duration.ofSeconds(15));
    run.clock.advance(Duration.ofSeconds(30));
    run.controller.runOnce();
    assertThat(run.controller.nextDelay()).as("990 requests left for 3 deployments").isEqualTo(Duration.ofSeconds(60));
  }

  /** Replaces the run by one with --prune that has converged alpha (ml-platform) and gamma (research, Delete). */
  private void convergedPruningRun() {
    run.close();
    run = new RunHarness(dir.resolve("pruning"), true);
    run.writeSpec("alpha", "ml-platform", 2);
    run.writeSpec("gamma", "research", 2);
    run.converge();
  }
}
