package dev.mlflowoperator.railway;

import dev.failsafe.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A Failsafe scheduler that runs retries at once and remembers the delays Failsafe asked for. */
final class InstantScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay > 0) {
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
    }
    return executor.schedule(callable, 0, TimeUnit.NANOSECONDS);
  }

  /** The retry delays Failsafe computed, in order. */
  List<Duration> delays() {
    return delays;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
