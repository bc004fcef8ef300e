package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What status says of a volume's VolumeSnapshots: the newest ready one, the schedule and the next one due
 * ({@code status.backup}), and a failed snapshot newer than it in the volume component's message, which it leaves in
 * its state.
 */
final class BackupReport {
  /** Said when the backups cannot cover the MLflow data. */
  static final String POSTGRES_NOTE = "the Postgres backend store is outside the volume, so these backups do not"
      + " cover it";

  private BackupReport() {}

  /** The volume's backups; null when nothing is scheduled and there are none. */
  static BackupStatus status(VolumeComponent volume, List<GenericKubernetesResource> snapshots,
      MlflowDeploymentSpec spec) {
    var ofVolume = ofVolume(volume, snapshots);
    if (volume.backups().isEmpty() && ofVolume.isEmpty()) {
      return null;
    }
    var status = new BackupStatus();
    newest(ofVolume.stream().filter(VolumeSnapshots::readyToUse).toList()).ifPresent(last -> {
      status.lastId = last.getMetadata().getName();
      status.lastKind = VolumeSnapshots.kindOf(last);
      status.lastTime = VolumeSnapshots.takenAt(last).map(Instant::toString).orElse(null);
    });
    status.schedule = volume.backups().stream().map(SnapshotSchedule::label).toList();
    SnapshotSchedule.next(volume, snapshots).ifPresent(next -> {
      status.nextScheduled = next.time().toString();
      status.nextKind = next.kinds();
    });
    boolean postgres = spec.mlflow != null && spec.mlflow.backendStore != null
        && spec.mlflow.backendStore.type == BackendStoreSpec.Type.POSTGRES;
    status.note = postgres ? POSTGRES_NOTE : null;
    return status;
  }

  /** The volume's state, its message also naming the newest snapshot if it failed. */
  static ComponentStatus withFailure(ComponentStatus storage, VolumeComponent volume,
      List<GenericKubernetesResource> snapshots) {
    return newest(ofVolume(volume, snapshots))
        .flatMap(last -> VolumeSnapshots.error(last).map(error -> new ComponentStatus(storage.state,
            storage.message + "; backup " + VolumeSnapshots.KIND + "/" + last.getMetadata().getName()
                + " failed: " + error + " (the next one is taken when due; check the snapshot class and driver)")))
        .orElse(storage);
  }

  private static List<GenericKubernetesResource> ofVolume(VolumeComponent volume,
      List<GenericKubernetesResource> snapshots) {
    return snapshots.stream().filter(s -> VolumeSnapshots.isOf(s, volume.name())).toList();
  }

  private static Optional<GenericKubernetesResource> newest(List<GenericKubernetesResource> snapshots) {
    return snapshots.stream().filter(s -> VolumeSnapshots.takenAt(s).isPresent())
        .max(Comparator.comparing(s -> VolumeSnapshots.takenAt(s).orElseThrow()));
  }
}
