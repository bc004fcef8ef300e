package dev.mlflowoperator.cli;

import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a workflow (a Railway backup or restore, a VolumeSnapshot seen as one) until it ends or a wait is up. */
final class WorkflowWait {
  private WorkflowWait() {}

  /**
   * The workflow's state once it is no longer running; empty while it runs, at once without {@code wait}, else after
   * polling every {@code poll} for {@code wait}. An interrupt ends the command saying it was interrupted while
   * {@code doing}.
   */
  static Optional<WorkflowState> ended(Supplier<WorkflowState> workflow, Optional<Duration> wait, Duration poll,
      Clock clock, String doing) {
    WorkflowState state = workflow.get();
    Instant start = clock.instant();
    while (state.running()) {
      Duration elapsed = Duration.between(start, clock.instant());
      if (wait.isEmpty() || elapsed.compareTo(wait.get()) >= 0) {
        return Optional.empty();
      }
      Sleeper.pause(clock, poll, wait.get().minus(elapsed), doing);
      state = workflow.get();
    }
    return Optional.of(state);
  }
}
