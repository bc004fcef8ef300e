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
}
