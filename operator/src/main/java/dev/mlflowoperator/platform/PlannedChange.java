package dev.mlflowoperator.platform;

import java.util.List;

/** One typed change of a plan; its reasons and line name the object and the field, never a secret value. */
public interface PlannedChange {
  /** What {@link #concerns} names for a change of no one component (a Railway project). */
  String STACK = "stack";

  /** What differs, each naming the object and the field, e.g. {@code Deployment/x-proxy: spec.replicas}. */
  List<String> reasons();

  /** The change as one diff line: {@code +} creates, {@code ~} changes, {@code -} removes. */
  String line();

  /**
   * True for a change the spec schedules (a backup that is due, an old one pruned) rather than one that puts back
   * what differs: it is never counted as drift.
   */
  default boolean scheduled() {
    return false;
  }

  /**
   * The key of the component this change concerns (mlflow, proxy, storage, ...), or {@link #STACK} for what the whole
   * stack shares; labels the drift-repair metric.
   */
  default String concerns() {
    return STACK;
  }

  /** What the change does to what it concerns, from its line: missing (it creates), extra (it deletes) or changed. */
  default String kind() {
    String line = line();
    return line.startsWith("+") ? "missing" : line.startsWith("-") ? "extra" : "changed";
  }
}
