package dev.mlflowoperator.platform;

import java.util.List;

/** One typed change of a plan; its reasons and line name the object and the field, never a secret value. */
public interface PlannedChange {
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
}
