package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of `mlflowctl restore --wait` while its restore request is in flight on an HTTP sandbox (it takes effect
 * after the client is gone): the same command run again starts no second restore, and says why and until when.
 */
class RestoreCrashProcessTest {
  @TempDir Path work;

  @Test
  void restoreKilledWhileItsRequestIsInFlightIsNotStartedAgainByTheSameCommand() throws Exception {
    Path home = work.resolve("home");
    Path spec = Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300))
        .workflowDuration(Duration.ZERO).build().start()) {
      var env = Map.of("MLFLOWCTL_HOME", home.toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
      assertThat(MlflowCtlProcess.run(env, "apply", "-f", spec.toString(), "--wait").exitCode()).isZero();
      assertThat(MlflowCtlProcess.run(env, "backup", "create", "tracking", "--wait").exitCode()).isZero();
      String backup = sandbox.state().backups.get(0).id;

      sandbox.latency(Duration.ofSeconds(1));
      var restore = LongRunningProcess.start(work.resolve("logs"), "restore", env, "restore", "tracking",
          "--backup", backup, "--yes", "--wait");
      await("the restore request reached the sandbox").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(2)).failFast("restore ended first", () -> !restore.isAlive())
          .until(() -> sandbox.stats().count("VolumeInstanceBackupRestore") >= 1);
      restore.kill();
      sandbox.latency(Duration.ZERO);
      await("the restore took effect").atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> sandbox.state().workflows.stream().anyMatch(w -> "BACKUP_RESTORE".equals(w.kind)));

      var again = MlflowCtlProcess.run(env, "restore", "tracking", "--backup", backup, "--yes", "--wait");

      assertThat(again.exitCode()).as(again.out()).isEqualTo(1);
      assertThat(again.err()).contains("error: a restore of tracking from backup " + backup + " was sent at ",
          "ended before recording Railway's workflow", "nothing was sent", "mlflowctl restore tracking --backup "
              + backup + " starts it again");
      assertThat(sandbox.state().workflows).filteredOn(w -> "BACKUP_RESTORE".equals(w.kind)).hasSize(1);
    }
  }
}
