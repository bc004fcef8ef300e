package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.PlannedChange;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;

/**
 * One typed change of a plan: create a missing object, update one whose managed fields differ, or delete one of ours
 * that the spec no longer asks for; or, on the backup schedule, take a VolumeSnapshot that is due or delete one past
 * its retention; or, for a restore the annotation asks for, create the PVC cut from a snapshot and label the PVC
 * it replaces.
 */
public sealed interface Change extends PlannedChange {
  HasMetadata desired();

  /** The component label of the object changed. */
  @Override
  default String concerns() {
    var labels = desired().getMetadata().getLabels();
    return labels == null ? STACK : labels.getOrDefault(StackNames.COMPONENT_LABEL, STACK);
  }

  /** What differs, each naming the object and the field, for example Deployment/x-proxy: spec.replicas. */
  List<String> reasons();

  /** The object is missing. */
  record Create(HasMetadata desired) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": missing");
    }

    @Override
    public String line() {
      return "+ " + ObjectKeys.of(desired);
    }
  }

  /** The object exists; merged is the observed object carrying our fields, ready to PUT. */
  record Update(HasMetadata desired, HasMetadata merged, List<String> fields) implements Change {
    public Update {
      fields = List.copyOf(fields);
    }

    @Override
    public List<String> reasons() {
      return fields.stream().map(f -> ObjectKeys.of(desired) + ": " + f).toList();
    }

    @Override
    public String line() {
      return "~ " + ObjectKeys.of(desired) + ": " + String.join(", ", fields);
    }
  }

  /** The object, recorded by us and still ours, belongs to a component the spec no longer has. */
  record Delete(HasMetadata desired) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": no longer in the spec");
    }

    @Override
    public String line() {
      return "- " + ObjectKeys.of(desired);
    }
  }

  /** A scheduled backup of this kind is due: a new VolumeSnapshot of the volume. Never drift. */
  record TakeSnapshot(GenericKubernetesResource desired, String kind) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": " + kind + " backup due");
    }

    @Override
    public String line() {
      return "+ " + ObjectKeys.of(desired) + " (" + kind + " backup)";
    }

    @Override
    public boolean scheduled() {
      return true;
    }
  }

  /** One of our scheduled backups is older than its kind keeps them: deleted. Never drift. */
  record PruneSnapshot(GenericKubernetesResource desired, String kind, long retentionDays) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": " + kind + " backup older than " + retentionDays + " days");
    }

    @Override
    public String line() {
      return "- " + ObjectKeys.of(desired) + ": " + kind + " backup older than " + retentionDays + " days";
    }

    @Override
    public boolean scheduled() {
      return true;
    }
  }

  /** A restore: the new data PVC, cut from the snapshot. Asked for, so never drift. */
  record RestoreVolume(PersistentVolumeClaim desired, String snapshot) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": restore from " + VolumeSnapshots.KIND + "/" + snapshot);
    }

    @Override
    public String line() {
      return "+ " + ObjectKeys.of(desired) + " (restore from " + VolumeSnapshots.KIND + "/" + snapshot + ")";
    }

    @Override
    public boolean scheduled() {
      return true;
    }
  }

  /** A restore: the data PVC it replaces gets the replaced label and is kept. Asked for, so never drift. */
  record KeepReplaced(PersistentVolumeClaim desired) implements Change {
    @Override
    public List<String> reasons() {
      return List.of(ObjectKeys.of(desired) + ": replaced by a restore, kept");
    }

    @Override
    public String line() {
      return "~ " + ObjectKeys.of(desired) + ": metadata.labels." + VolumeRestore.REPLACED_LABEL + " (kept)";
    }

    @Override
    public boolean scheduled() {
      return true;
    }
  }
}
