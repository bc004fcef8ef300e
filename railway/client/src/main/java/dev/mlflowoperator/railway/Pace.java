package dev.mlflowoperator.railway;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;

/**
 * How fast the waits of a Railway client and of mlflowctl run pass: real time, or (for tests against a local
 * sandbox) {@code factor} times faster, so that a day of one-minute resyncs takes a minute.
 */
public record Pace(long factor) {
  /** Read by {@link #fromEnvironment}: a whole number, 1 (the default) to {@value #MAX_FACTOR}. */
  public static final String ENV = "MLFLOWCTL_TIME_SCALE";
  public static final Pace REAL = new Pace(1);
  static final long MAX_FACTOR = 100_000;

  public Pace {
    if (factor < 1 || factor > MAX_FACTOR) {
      throw new IllegalArgumentException("time scale " + factor + " is out of range 1 to " + MAX_FACTOR);
    }
  }

  /**
   * {@value #ENV} from {@code env}: real time when unset.
   *
   * @throws IllegalArgumentException naming the variable when it is not a whole number from 1 to 100000
   */
  public static Pace fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV);
    if (value == null || value.isBlank()) {
      return REAL;
    }
    try {
      return new Pace(Long.parseLong(value.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + " is \"" + value + "\"; set it to a whole number from 1 to "
          + MAX_FACTOR + " (how many times faster waits pass), or unset it for real time", e);
    }
  }

  public boolean isReal() {
    return factor == 1;
  }

  /** The real time that {@code wait} of paced time takes. */
  public Duration shorten(Duration wait) {
    return wait.dividedBy(factor);
  }

  /** Paced time in nanoseconds since the epoch: starts at the wall clock and runs {@code factor} times faster. */
  TimeMeter meter() {
    if (isReal()) {
      return TimeMeter.SYSTEM_MILLISECONDS;
    }
    long startWall = System.currentTimeMillis() * 1_000_000L;
    long startMonotonic = System.nanoTime();
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return startWall + (System.nanoTime() - startMonotonic) * factor;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  /** Parks for paced nanoseconds, i.e. {@code factor} times fewer real ones. */
  BlockingStrategy blocking() {
    if (isReal()) {
      return BlockingStrategy.PARKING;
    }
    return nanosToPark -> BlockingStrategy.PARKING.park(nanosToPark / factor);
  }
}
