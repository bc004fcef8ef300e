package dev.mlflowoperator.platform;

import java.util.List;

/** The ordered changes a platform's apply would make; empty when the platform already holds the desired stack. */
public interface StackPlan {
  List<? extends PlannedChange> changes();

  /** True when the plan creates the stack's data volume. */
  boolean createsDataVolume();

  default boolean isEmpty() {
    return changes().isEmpty();
  }

  /** Every reason of every change, in apply order. */
  default List<String> reasons() {
    return changes().stream().flatMap(c -> c.reasons().stream()).toList();
  }

  /** The reasons of the changes that put back what differs (not the scheduled ones): the drift record. */
  default List<String> driftReasons() {
    return repairs().stream().flatMap(c -> c.reasons().stream()).toList();
  }

  /** The changes that put back what differs (not the scheduled ones), for the drift-repair metric. */
  default List<? extends PlannedChange> repairs() {
    return changes().stream().filter(c -> !c.scheduled()).toList();
  }

  /** One diff line per change, in apply order, for {@code mlflowctl plan} and {@code apply}'s progress. */
  default List<String> lines() {
    return changes().stream().map(PlannedChange::line).toList();
  }
}
