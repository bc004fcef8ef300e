package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.platform.StackPlan;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;

/** The ordered changes that bring the cluster in line with the desired stack; empty when nothing differs. */
public record Plan(List<Change> changes) implements StackPlan {
  public Plan {
    changes = List.copyOf(changes);
  }

  /** True when the plan creates the object named Kind/name, for example PersistentVolumeClaim/x-data. */
  public boolean creates(String key) {
    return changes.stream().anyMatch(c -> c instanceof Change.Create && ObjectKeys.of(c.desired()).equals(key));
  }

  @Override
  public boolean createsDataVolume() {
    return changes.stream().anyMatch(c -> c instanceof Change.Create && c.desired() instanceof PersistentVolumeClaim);
  }
}
