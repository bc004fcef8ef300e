package dev.mlflowoperator.railway;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock for Bucket4j that only moves when something parks on it, so waits cost no real time. */
final class FakeTime implements TimeMeter, BlockingStrategy {
  static final long START_EPOCH_SECONDS = 1_800_000_000L;
  private final AtomicLong nanos = new AtomicLong(Duration.ofSeconds(START_EPOCH_SECONDS).toNanos());
  private final AtomicLong parked = new AtomicLong();

  @Override
  public long currentTimeNanos() {
    return nanos.get();
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }

  @Override
  public void park(long nanosToPark) {
    parked.addAndGet(nanosToPark);
    nanos.addAndGet(nanosToPark);
  }

  /** Total time spent parked. */
  Duration parked() {
    return Duration.ofNanos(parked.get());
  }

  long epochSeconds() {
    return Duration.ofNanos(nanos.get()).toSeconds();
  }
}
