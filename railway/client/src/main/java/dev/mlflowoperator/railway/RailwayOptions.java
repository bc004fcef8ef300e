package dev.mlflowoperator.railway;

import java.time.Duration;
import java.util.Map;

/**
 * What a user may tune of the Railway client through the environment: the tier's request budget, the timeout, and how
 * many deployments one observe request reads.
 */
public record RailwayOptions(RailwayTier tier, Duration timeout, int observeBatchSize) {
  /** The Railway plan (our {@link RailwayTier}): hobby (the default), pro or free; sets the request budget (NOTES.md §2). */
  public static final String ENV_PLAN = "RAILWAY_PLAN";
  /** Seconds to wait for Railway's answer to one request before giving up on it (default 30). */
  public static final String ENV_TIMEOUT_SECONDS = "RAILWAY_TIMEOUT_SECONDS";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How many deployments one shared observe request (ObserveStacks) reads (default {@value #DEFAULT_OBSERVE_BATCH_SIZE},
   * at most {@value #LARGEST_OBSERVE_BATCH_SIZE}); Railway documents no query size or complexity limit (NOTES.md §2).
   */
  public static final String ENV_OBSERVE_BATCH_SIZE = "RAILWAY_OBSERVE_BATCH_SIZE";
  public static final int DEFAULT_OBSERVE_BATCH_SIZE = 20;
  private static final int LARGEST_OBSERVE_BATCH_SIZE = 100;
  private static final int LONGEST_TIMEOUT_SECONDS = 600;

  /** With the default observe batch size. */
  public RailwayOptions(RailwayTier tier, Duration timeout) {
    this(tier, timeout, DEFAULT_OBSERVE_BATCH_SIZE);
  }

  public static RailwayOptions defaults() {
    return new RailwayOptions(RailwayTier.HOBBY, DEFAULT_TIMEOUT);
  }

  /**
   * Reads {@value #ENV_PLAN}, {@value #ENV_TIMEOUT_SECONDS} and {@value #ENV_OBSERVE_BATCH_SIZE}; unset ones keep their
   * defaults.
   *
   * @throws IllegalArgumentException naming the variable and what would be valid
   */
  public static RailwayOptions fromEnvironment(Map<String, String> env) {
    String tier = env.get(ENV_PLAN);
    String timeout = env.get(ENV_TIMEOUT_SECONDS);
    String batch = env.get(ENV_OBSERVE_BATCH_SIZE);
    return new RailwayOptions(
        isBlank(tier) ? RailwayTier.HOBBY : parseTier(tier),
        isBlank(timeout) ? DEFAULT_TIMEOUT : parseTimeout(timeout),
        isBlank(batch) ? DEFAULT_OBSERVE_BATCH_SIZE : parseBatchSize(batch));
  }

  private static int parseBatchSize(String value) {
    try {
      int size = Integer.parseInt(value.trim());
      if (size >= 1 && size <= LARGEST_OBSERVE_BATCH_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(ENV_OBSERVE_BATCH_SIZE + " is \"" + value + "\"; set it to a whole number of"
        + " deployments from 1 to " + LARGEST_OBSERVE_BATCH_SIZE + ", or unset it for " + DEFAULT_OBSERVE_BATCH_SIZE);
  }

  private static RailwayTier parseTier(String value) {
    try {
      return RailwayTier.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_PLAN + " is \"" + value + "\"; set it to free, hobby or pro", e);
    }
  }

  private static Duration parseTimeout(String value) {
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds >= 1 && seconds <= LONGEST_TIMEOUT_SECONDS) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(ENV_TIMEOUT_SECONDS + " is \"" + value + "\"; set it to a whole number of"
        + " seconds from 1 to " + LONGEST_TIMEOUT_SECONDS + ", or unset it for " + DEFAULT_TIMEOUT.toSeconds());
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
