package dev.mlflowoperator.platform.kubernetes;

import java.util.List;

/** The ordered changes that bring the cluster in line with the desired stack; empty when nothing differs. */
public record Plan(List<Change> changes) {
  public Plan {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** True when the plan creates the object named Kind/name, for example PersistentVolumeClaim/x-data. */
  public boolean creates(String key) {
    return changes.stream().anyMatch(c -> c instanceof Change.Create && ObjectKeys.of(c.desired()).equals(key));
  }

  /** Every reason of every change, in apply order. */
  public List<String> reasons() {
    return changes.stream().flatMap(c -> c.reasons().stream()).toList();
  }
}
