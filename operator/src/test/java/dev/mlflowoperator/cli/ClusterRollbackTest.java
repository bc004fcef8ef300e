package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.UpgradeRollback;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mlflowctl rollback --cluster against Fabric8's mock API server: it sets both annotations in one update; the test
 * plays the operator's status.
 */
class ClusterRollbackTest {
  private static final String SNAPSHOT = "tracking-data-beforeupgrade-20261101-100000";

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void rollbackAsksForTheRestoreOfThePreUpgradeSnapshotAndTheRollbackTogether() throws IOException {
    applied();
    played(this::upgradeFailed);

    var rollback = cluster.cli();
    assertThat(rollback.run("rollback", "tracking", "--cluster", "--yes")).as(rollback.err()).isZero();

    assertThat(cluster.tracking().getMetadata().getAnnotations()).containsEntry(VolumeRestore.ANNOTATION, SNAPSHOT)
        .containsEntry(UpgradeRollback.ANNOTATION, "3.17.0");
    assertThat(rollback.out()).startsWith("tracking: asked the operator to roll back to MLflow 3.14.0 on"
        + " VolumeSnapshot " + SNAPSHOT).contains("Set spec.mlflow.version: \"3.14.0\"");
  }

  @Test
  void onATerminalItAsksSayingWhatIsLostAndWithoutOneItNeedsYes() throws IOException {
    applied();
    played(this::upgradeFailed);

    var asked = cluster.cli();
    asked.terminal.answering("n");
    assertThat(asked.run("rollback", "tracking", "--cluster")).isEqualTo(1);
    assertThat(asked.terminal.prompts.toString()).startsWith("Roll back tracking in namespace ml from MLflow 3.17.0 to"
        + " 3.14.0").contains("what was written since that snapshot is lost", "[y/N]");
    var noTerminal = cluster.cli();
    noTerminal.terminal.interactive = false;
    assertThat(noTerminal.run("rollback", "tracking", "--cluster")).isEqualTo(1);
    assertThat(noTerminal.err()).contains("no terminal to ask on, so run it again with --yes");
    assertThat(cluster.tracking().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void withoutARecordedPreUpgradeSnapshotThereIsNothingToRollBack() throws IOException {
    applied();

    var rollback = cluster.cli();
    assertThat(rollback.run("rollback", "tracking", "--cluster", "--yes")).isEqualTo(1);

    assertThat(rollback.err()).startsWith("error: nothing to roll back: no backup taken before an MLflow upgrade of"
        + " tracking is recorded").hasLineCount(1);
    assertThat(cluster.tracking().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void waitTimesOutWithExitThreeWhileTheOperatorHasNotRestoredTheSnapshot() throws IOException {
    applied();
    played(this::upgradeFailed);

    var rollback = cluster.cli();
    assertThat(rollback.run("rollback", "tracking", "--cluster", "--yes", "--wait", "--timeout", "4s")).isEqualTo(3);

    assertThat(rollback.err()).startsWith("error: the operator has not restored " + SNAPSHOT + " into tracking after"
        + " 4s");
  }

  @Test
  void aPreUpgradeSnapshotAlreadyRestoredByAPlainRestoreIsRefusedNamingIt() throws IOException {
    applied();
    played(status -> {
      upgradeFailed(status);
      status.ids.put(VolumeRestore.RESTORED_ID, SNAPSHOT);
    });

    var rollback = cluster.cli();
    assertThat(rollback.run("rollback", "tracking", "--cluster", "--yes")).isEqualTo(1);

    assertThat(rollback.err()).startsWith("error: VolumeSnapshot " + SNAPSHOT + ", taken before MLflow 3.17.0, was"
        + " already restored").hasLineCount(1);
    assertThat(cluster.tracking().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  /** The status of an upgrade 3.14.0 -> 3.17.0 that ended UpgradeFailed: the version never moved. */
  private void upgradeFailed(MlflowDeploymentStatus status) {
    status.mlflowVersion = "3.14.0";
    status.ids.put(ReconcileLoop.upgradeBackupKey("3.17.0"), SNAPSHOT);
    status.ids.put(UpgradeRollback.fromKey("3.17.0"), "3.14.0");
  }

  private void applied() throws IOException {
    Path spec = Files.writeString(cluster.home().resolve("spec.yaml"),
        Files.readString(Path.of(KubernetesApplyTest.EXAMPLE)));
    var apply = cluster.cli();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
  }

  /** Plays the operator: a status with what {@code change} puts in it. */
  private void played(Consumer<MlflowDeploymentStatus> change) {
    var status = new MlflowDeploymentStatus();
    status.ids = new HashMap<>();
    change.accept(status);
    var current = cluster.tracking();
    current.setStatus(status);
    cluster.client.resource(current).updateStatus();
  }
}
