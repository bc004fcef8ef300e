package dev.mlflowoperator.cli;

import dev.mlflowoperator.platform.StackPlan;
import java.util.List;

/** A plan as diff lines: {@code +} creates, {@code ~} changes, {@code -} removes; never a secret value. */
final class PlanText {
  private PlanText() {}

  /** One line per change, indented, in apply order. */
  static List<String> lines(StackPlan plan) {
    return plan.lines().stream().map(line -> "  " + line).toList();
  }

  /** How many changes, e.g. {@code 1 change} or {@code 9 changes}. */
  static String count(int changes) {
    return changes + (changes == 1 ? " change" : " changes");
  }
}
