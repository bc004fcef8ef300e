package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.platform.StackPlan;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;

/** The ordered changes that bring the cluster in line with the desired stack; empty when nothing differs. */
public record Plan(List<Change> changes) implements StackPlan {
  public Plan {
    changes = List.copyOf(changes);
  }

  @Override
  public boolean createsDataVolume() {
    return changes.stream().anyMatch(c -> c instanceof Change.Create && c.desired() instanceof PersistentVolumeClaim);
  }

  /** None while a restore moves the stack onto a new PVC: the mounts it changes were asked for, not drift. */
  @Override
  public List<String> driftReasons() {
    boolean restoring = changes.stream().anyMatch(c -> c instanceof Change.RestoreVolume);
    return restoring ? List.of() : StackPlan.super.driftReasons();
  }
}
