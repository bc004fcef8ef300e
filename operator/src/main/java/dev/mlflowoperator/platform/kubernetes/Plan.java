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
}
