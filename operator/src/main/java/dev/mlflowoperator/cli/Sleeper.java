package dev.mlflowoperator.cli;

import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.time.Clock;
import java.time.Duration;

/** Pauses between polls: really, or, on a {@link ManualClock} (which only moves when told), by moving it on. */
@FunctionalInterface
interface Sleeper {
  void sleep(Duration pause) throws InterruptedException;

  /** The sleeper that lets {@code clock} pass {@code pause}. */
  static Sleeper of(Clock clock) {
    if (clock instanceof ManualClock manual) {
      return manual::advance;
    }
    return pause -> Thread.sleep(pause.toMillis());
  }

  /**
   * Lets {@code clock} pass {@code poll}, or {@code left} when that is shorter, between two polls of a wait; an
   * interrupt ends the command saying it was interrupted while {@code doing}.
   */
  static void pause(Clock clock, Duration poll, Duration left, String doing) {
    try {
      of(clock).sleep(poll.compareTo(left) < 0 ? poll : left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while " + doing, e);
    }
  }
}
