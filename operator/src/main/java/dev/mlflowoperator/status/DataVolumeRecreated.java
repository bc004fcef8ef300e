package dev.mlflowoperator.status;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import java.util.Objects;

/**
 * The one reason and wording both platforms use when the data volume they had created was deleted outside the
 * operator and replaced by a new, empty one: said in Synced for that reconcile and in the storage component for as
 * long as the replacement volume exists.
 */
public final class DataVolumeRecreated {
  public static final String LOST = "the data volume was deleted outside the operator; a new empty volume was created";

  private DataVolumeRecreated() {}

  /** Synced for the reconcile that replaced the volume: applied, but the earlier data is gone. */
  public static SyncResult sync() {
    return new SyncResult(true, Reasons.DATA_VOLUME_RECREATED, "The spec is applied, but " + LOST
        + ", so MLflow's earlier experiment data is gone; restore it from a backup if you have one.");
  }

  /** The storage component's state, its message saying the volume is a replacement. */
  public static ComponentStatus storage(ComponentStatus observed) {
    return new ComponentStatus(observed.state, LOST + " (" + observed.message + ")");
  }

  /**
   * True when the previous status's Synced said so for this generation and the volume {@code volumeId} it named
   * still exists: the platform may keep saying it until the spec changes.
   */
  public static boolean syncedFor(MlflowDeploymentStatus previous, long generation, String idKey, String volumeId) {
    return sameVolume(previous, idKey, volumeId) && Objects.equals(previous.observedGeneration, generation)
        && previous.conditions.stream()
            .anyMatch(c -> StatusRecorder.SYNCED.equals(c.getType()) && Reasons.DATA_VOLUME_RECREATED.equals(c.getReason()));
  }

  /** True when the previous status said so for the volume {@code volumeId}, which still exists. */
  public static boolean reportedFor(MlflowDeploymentStatus previous, String idKey, String volumeId) {
    return sameVolume(previous, idKey, volumeId) && previous.components != null
        && previous.components.values().stream().anyMatch(c -> c.message != null && c.message.contains(LOST));
  }

  private static boolean sameVolume(MlflowDeploymentStatus previous, String idKey, String volumeId) {
    return previous != null && volumeId != null && previous.ids != null
        && Objects.equals(previous.ids.get(idKey), volumeId);
  }
}
