package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.RecordedIds;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.railway.RailwayPlatformContractTest.RailwayFixture;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A restore's requests on the Railway sandbox: reads only until the backup is known to be ours, then four writes. */
class RailwayVolumeRestoreTest {
  private final RailwayFixture railway = new RailwayFixture();
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(railway.platform(), new CredentialsGenerator());
  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  private final MlflowDeployment stack = railway.deployment("tracking");
  private RailwayIds ids;
  private RailwayVolumeRestore restore;

  @BeforeEach
  void deployed() {
    run();
    railway.finishRollouts();
    run();
    ids = new RailwayIds(new RecordedIds(stack.getStatus().ids));
    restore = new RailwayVolumeRestore(railway.api(), ids, "mlflow");
  }

  @AfterEach
  void close() {
    railway.close();
  }

  @Test
  void anUnknownBackupIsRefusedNamingItAfterTheTwoReadsAndNothingIsWritten() {
    long writes = railway.writes();
    int from = railway.log.size();

    assertThatThrownBy(() -> restore.requireOwnBackup("no-such-backup")).isInstanceOf(TerminalException.class)
        .hasMessageStartingWith("backup no-such-backup is not a backup of the recorded volume instance "
            + ids.get(RailwayIds.VOLUME_INSTANCE));

    assertThat(names(from)).containsExactly("VolumeInstances", "VolumeInstanceBackupList");
    assertThat(railway.writes()).isEqualTo(writes);
  }

  @Test
  void aRestoreIsTheWorkflowThenOneCommitAndOneDeployOfMlflow() {
    new RailwayVolumeBackups(railway.api(), ids).create("manual");
    railway.finishBackups();
    String backup = restore.list().get(0).id();
    int from = railway.log.size();

    restore.requireOwnBackup(backup);
    String workflow = restore.start(backup);
    assertThat(restore.workflow(workflow).status()).isEqualTo("Running");
    railway.finishBackups();
    assertThat(restore.workflow(workflow).status()).isEqualTo("Complete");
    restore.commitAndDeploy(backup);

    assertThat(names(from)).containsExactly("VolumeInstances", "VolumeInstanceBackupList",
        "VolumeInstanceBackupRestore", "WorkflowStatus", "WorkflowStatus", "EnvironmentPatchCommitStaged",
        "ServiceInstanceDeployV2");
    assertThat(railway.log.get(railway.log.size() - 1)).contains(ids.service("mlflow"));
  }

  private List<String> names(int from) {
    return railway.log.subList(from, railway.log.size()).stream().map(r -> r.substring(0, r.indexOf(' '))).toList();
  }

  private void run() {
    var report = loop.run(stack, SecretResolver.none(), ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
  }
}
