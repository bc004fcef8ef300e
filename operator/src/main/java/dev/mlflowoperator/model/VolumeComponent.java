package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import java.util.List;

/**
 * A persistent volume. It is never deleted or recreated by a plan; on deletion of the deployment it is kept unless
 * {@code retain} is false ({@code deletionPolicy: Delete}). {@code backups} are the kinds of scheduled backup the
 * platform keeps of it (none: no schedule).
 */
public record VolumeComponent(String key, String name, String size, boolean retain, List<BackupKind> backups)
    implements Component {
  public VolumeComponent {
    backups = List.copyOf(backups);
  }
}
