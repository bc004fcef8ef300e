package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.SandboxState;
import dev.mlflowoperator.railway.sandbox.SandboxStore;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade 3.14.0 -> 3.17.0 whose MLflow never becomes healthy, undone with the shaded jar on the home's sandbox:
 * it ends UpgradeFailed, then rollback --yes --wait brings 3.14.0 back on the pre-upgrade backup's data.
 */
class RollbackProcessTest {
  private static final String ROLLOUT_STARTED = "upgrade/3.17.0/rolloutStarted";

  @TempDir Path home;

  @Test
  void afterUpgradeFailedRollbackWaitRunsTheOldVersionOnTheRestoredBackupAndPlanIsClean() throws Exception {
    Path spec = home.resolve("tracking.yaml");
    String base = RailwaySpecs.basic(2, "Retain", "2.6");
    Files.writeString(spec, base);
    var first = mlflowctl("apply", "-f", spec.toString(), "--wait");
    assertThat(first.exitCode()).as(first.err()).isZero();
    crashing(true);
    Files.writeString(spec, base.replace("\"3.14.0\"", "\"3.17.0\""));
    var upgrade = mlflowctl("apply", "-f", spec.toString(), "--wait", "--timeout", "3s");
    assertThat(upgrade.exitCode()).as("3.17.0 rolled out, never Ready: %s", upgrade.out()).isEqualTo(3);
    rolloutStartedMinutesAgo(16);
    var failed = mlflowctl("apply", "-f", spec.toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).contains("MLflow 3.17.0 did not become available", "run mlflowctl rollback tracking.");
    crashing(false);

    var rollback = mlflowctl("rollback", "tracking", "--yes", "--wait");

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("rolled back tracking from MLflow 3.17.0 to 3.14.0", "tracking: Ready;"
        + " MLflow 3.14.0");
    var recorded = new StateStore(new MlflowctlHome(home, home.toString())).load("tracking").orElseThrow();
    assertThat(recorded.getStatus().mlflowVersion).isEqualTo("3.14.0");
    assertThat(recorded.getStatus().conditions).filteredOn(c -> c.getType().equals("Ready"))
        .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    SandboxState sandbox = new SandboxStore(home.resolve("sandbox.json")).load().orElseThrow();
    String backup = sandbox.backups.stream().filter(b -> "beforeUpgrade 3.17.0".equals(b.name)).findFirst()
        .orElseThrow().id;
    assertThat(sandbox.volumeInstances).singleElement().satisfies(v -> assertThat(v.dataFrom).isEqualTo(backup));
    String mlflow = sandbox.services.stream().filter(s -> s.name.equals("tracking-mlflow")).findFirst().orElseThrow().id;
    List<SandboxState.Deployment> deployments = sandbox.deployments.stream().filter(d -> d.serviceId.equals(mlflow))
        .toList();
    assertThat(deployments.get(deployments.size() - 1).image).isEqualTo("ghcr.io/mlflow/mlflow:v3.14.0");
    assertThat(deployments).as("no deployment of 3.17.0 on the restored data")
        .noneMatch(d -> d.image.endsWith("v3.17.0") && backup.equals(d.volumeDataFrom));
    Files.writeString(spec, base);
    var plan = mlflowctl("plan", "-f", spec.toString(), "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.out()).isZero();
  }

  /** From now on the sandbox's MLflow deployments end CRASHED (or succeed again), as an image that never comes up. */
  private void crashing(boolean crashing) {
    var store = new SandboxStore(home.resolve("sandbox.json"));
    SandboxState state = store.load().orElseThrow();
    state.services.stream().filter(s -> s.name.equals("tracking-mlflow")).forEach(s -> s.crashing = crashing);
    store.save(state);
  }

  /** Moves the recorded start of 3.17.0's rollout back, as if that many minutes had passed since. */
  private void rolloutStartedMinutesAgo(int minutes) {
    var store = new StateStore(new MlflowctlHome(home, home.toString()));
    var recorded = store.load("tracking").orElseThrow();
    assertThat(recorded.getStatus().ids).containsKey(ROLLOUT_STARTED);
    recorded.getStatus().ids.put(ROLLOUT_STARTED,
        Instant.now().minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS).toString());
    store.save(recorded);
  }

  private MlflowCtlProcess.Result mlflowctl(String... args) throws Exception {
    return MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(), "MLFLOWCTL_SANDBOX_DEPLOY_SECONDS", "1",
        "MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS", "1"), args);
  }
}
