package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade 3.14.0 -> 3.17.0 whose backup fails, with the shaded jar on the home's sandbox: the upgrade stops with
 * UpgradeBackupFailed and changes nothing on the sandbox; once backups work again and the back-off has passed, the
 * same apply --wait takes one backup and reaches Ready at 3.17.0.
 */
class UpgradeBackupFailedProcessTest {
  private static final String FAILED_AT = "upgrade/3.17.0/backupFailedAt";

  @TempDir Path home;

  /** What a service runs as the sandbox holds it: image, start command, variables. */
  record Settings(String service, String image, String startCommand, Map<String, String> variables) {}

  @Test
  void aFailedBackupStopsTheUpgradeChangingNothingAndTheUpgradeCompletesOnceBackupsWorkAgain() throws Exception {
    Path spec = home.resolve("tracking.yaml");
    String base = RailwaySpecs.basic(2, "Retain", "2.6");
    Files.writeString(spec, base);
    var first = mlflowctl("apply", "-f", spec.toString(), "--wait");
    assertThat(first.exitCode()).as(first.err()).isZero();
    backupsFail(true);
    SandboxState before = sandbox();
    Files.writeString(spec, base.replace("\"3.14.0\"", "\"3.17.0\""));

    var upgrade = mlflowctl("apply", "-f", spec.toString(), "--wait", "--timeout", "3s");

    assertThat(upgrade.exitCode()).as("waits through the back-off, then times out: %s", upgrade.out()).isEqualTo(3);
    SandboxState after = sandbox();
    String failedWorkflow = after.workflows.stream().filter(w -> "Error".equals(w.status))
        .map(w -> w.id).findFirst().orElseThrow();
    assertThat(upgrade.out()).contains("(backup " + failedWorkflow + ": Railway's backup workflow ended Error: The"
        + " backup create workflow failed); nothing of 3.17.0 was deployed");
    assertThat(upgrade.err()).contains("tracking is not Ready after 3s", "backup " + failedWorkflow,
        "the next attempt at ");
    JsonNode status = new ObjectMapper().readTree(mlflowctl("status", "tracking", "-o", "json").out());
    assertThat(status.at("/status/mlflowVersion").asText()).isEqualTo("3.14.0");
    JsonNode synced = StreamSupport.stream(status.at("/status/conditions").spliterator(), false)
        .filter(c -> c.path("type").asText().equals("Synced")).findFirst().orElseThrow();
    assertThat(synced.path("status").asText()).isEqualTo("False");
    assertThat(synced.path("reason").asText()).isEqualTo("UpgradeBackupFailed");
    assertThat(synced.path("message").asText()).contains("backup " + failedWorkflow, "the next attempt at ");
    assertThat(after.deployments).as("no deployment of the 3.17.0 image")
        .noneMatch(d -> d.image != null && d.image.endsWith("v3.17.0"));
    assertThat(after.deployments).extracting(d -> d.id)
        .containsExactlyElementsOf(before.deployments.stream().map(d -> d.id).toList());
    assertThat(settings(after)).isEqualTo(settings(before));
    assertThat(after.volumes).extracting(v -> v.id).containsExactly(before.volumes.get(0).id);
    assertThat(after.backups).isEmpty();

    backupsFail(false);
    backupFailedMinutesAgo(2);
    var retried = mlflowctl("apply", "-f", spec.toString(), "--wait");

    assertThat(retried.exitCode()).as(retried.out() + retried.err()).isZero();
    assertThat(retried.out()).contains("tracking: Ready at ");
    var recorded = new StateStore(new MlflowctlHome(home, home.toString())).load("tracking").orElseThrow();
    assertThat(recorded.getStatus().mlflowVersion).isEqualTo("3.17.0");
    SandboxState done = sandbox();
    assertThat(done.backups).extracting(b -> b.name).containsExactly("beforeUpgrade 3.17.0");
    assertThat(done.deployments).filteredOn(d -> d.image != null && d.image.endsWith("v3.17.0")).isNotEmpty();
    assertThat(done.volumes).extracting(v -> v.id).containsExactly(before.volumes.get(0).id);
  }

  /** From now on backups of the stack's volume fail (or succeed again), as the home's sandbox reads its file. */
  private void backupsFail(boolean fail) {
    var store = new SandboxStore(home.resolve("sandbox.json"));
    SandboxState state = store.load().orElseThrow();
    assertThat(state.volumeInstances).hasSize(1);
    state.volumeInstances.forEach(v -> v.backupsFail = fail);
    store.save(state);
  }

  /** Moves the recorded time of the failure back, as if that many minutes of back-off had passed. */
  private void backupFailedMinutesAgo(int minutes) {
    var store = new StateStore(new MlflowctlHome(home, home.toString()));
    var recorded = store.load("tracking").orElseThrow();
    assertThat(recorded.getStatus().ids).containsKey(FAILED_AT);
    recorded.getStatus().ids.put(FAILED_AT,
        Instant.now().minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS).toString());
    store.save(recorded);
  }

  private SandboxState sandbox() {
    return new SandboxStore(home.resolve("sandbox.json")).load().orElseThrow();
  }

  private static List<Settings> settings(SandboxState state) {
    return state.services.stream().map(service -> {
      var instance = state.serviceInstances.stream().filter(i -> i.serviceId.equals(service.id)).findFirst()
          .orElseThrow();
      Map<String, String> variables = state.variables.stream().filter(v -> service.id.equals(v.serviceId))
          .findFirst().map(v -> v.values).orElse(Map.of());
      return new Settings(service.name, instance.sourceImage, instance.startCommand, variables);
    }).toList();
  }

  private MlflowCtlProcess.Result mlflowctl(String... args) throws Exception {
    return MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(), "MLFLOWCTL_SANDBOX_DEPLOY_SECONDS", "1",
        "MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS", "2"), args);
  }
}
