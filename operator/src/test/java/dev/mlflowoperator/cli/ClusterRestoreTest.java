package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** mlflowctl restore --cluster against Fabric8's mock API server: it sets the annotation; the test plays the operator. */
class ClusterRestoreTest {
  private static final String SNAPSHOT = "tracking-data-daily-20261101-100000";

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void restoreAnnotatesTheResourceWithTheSnapshotAndSaysThePvcInUseIsKept() throws IOException {
    cluster.applied();

    var restore = cluster.cli();
    assertThat(restore.run("restore", "tracking", "--backup", SNAPSHOT, "--cluster", "--yes")).as(restore.err())
        .isZero();

    assertThat(cluster.tracking().getMetadata().getAnnotations()).containsEntry(VolumeRestore.ANNOTATION, SNAPSHOT);
    assertThat(restore.out()).isEqualTo("tracking: asked the operator to restore VolumeSnapshot " + SNAPSHOT
        + " onto a new PVC; the PVC in use is kept (labelled " + VolumeRestore.REPLACED_LABEL + ")\n");
  }

  @Test
  void withoutATerminalItNeedsYesAndChangesNothing() throws IOException {
    cluster.applied();

    var restore = cluster.cli();
    restore.terminal.interactive = false;
    assertThat(restore.run("restore", "tracking", "--backup", SNAPSHOT, "--cluster")).isEqualTo(1);

    assertThat(restore.err()).isEqualTo("error: restore would move tracking in namespace ml onto a new volume cut from"
        + " VolumeSnapshot " + SNAPSHOT + " (MLflow restarts; runs logged since the snapshot are not on it); there is"
        + " no terminal to ask on, so run it again with --yes to confirm\n");
    assertThat(cluster.tracking().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void waitEndsWithTheNewPvcOnceTheOperatorRecordedTheRestore() throws IOException {
    cluster.applied();
    cluster.played(status -> {
      status.ids.put(VolumeRestore.RESTORED_ID, SNAPSHOT);
      status.ids.put(VolumeRestore.VOLUME_ID, "tracking-data-1a2b3c4d");
    });

    var restore = cluster.cli();
    assertThat(restore.run("restore", "tracking", "--backup", SNAPSHOT, "--cluster", "--yes", "--wait"))
        .as(restore.err()).isZero();

    assertThat(restore.out()).endsWith("tracking: restored; MLflow runs on PVC tracking-data-1a2b3c4d\n");
  }

  @Test
  void waitEndsWithTheOperatorsRefusalAndExitOne() throws IOException {
    cluster.applied();
    String refusal = VolumeRestore.ANNOTATION + ": VolumeSnapshot " + SNAPSHOT + " is not one of this stack's snapshots";
    cluster.played(status -> status.conditions = List.of(new ConditionBuilder().withType("Synced").withStatus("False")
        .withReason("RestoreSnapshotRefused").withMessage(refusal).build()));

    var restore = cluster.cli();
    assertThat(restore.run("restore", "tracking", "--backup", SNAPSHOT, "--cluster", "--yes", "--wait")).isEqualTo(1);

    assertThat(restore.err()).isEqualTo("error: the operator refused the restore (RestoreSnapshotRefused): " + refusal
        + "\n");
  }

  @Test
  void waitTimesOutWithExitThreeWhileTheOperatorHasNotRestored() throws IOException {
    cluster.applied();

    var restore = cluster.cli();
    assertThat(restore.run("restore", "tracking", "--backup", SNAPSHOT, "--cluster", "--yes", "--wait", "--timeout",
        "10s")).isEqualTo(3);

    assertThat(restore.err()).isEqualTo("error: the operator has not restored " + SNAPSHOT + " into tracking after 10s;"
        + " is it running? Check with kubectl describe mlflowdeployment tracking -n ml\n");
  }
}
