package dev.mlflowoperator.railway;

import java.time.Duration;
import java.util.Map;

/** What a user may tune of the Railway client through the environment: the tier's request budget and the timeout. */
public record RailwayOptions(RailwayTier tier, Duration timeout) {
  /** The Railway plan (our {@link RailwayTier}): hobby (the default), pro or free; sets the request budget (NOTES.md §2). */
  public static final String ENV_PLAN = "RAILWAY_PLAN";
  /** Seconds to wait for Railway's answer to one request before giving up on it (default 30). */
  public static final String ENV_TIMEOUT_SECONDS = "RAILWAY_TIMEOUT_SECONDS";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final int LONGEST_TIMEOUT_SECONDS = 600;

  public static RailwayOptions defaults() {
    return new RailwayOptions(RailwayTier.HOBBY, DEFAULT_TIMEOUT);
  }

  /**
   * Reads {@value #ENV_PLAN} and {@value #ENV_TIMEOUT_SECONDS}; unset ones keep their defaults.
   *
   * @throws IllegalArgumentException naming the variable and what would be valid
   */
  public static RailwayOptions fromEnvironment(Map<String, String> env) {
    String tier = env.get(ENV_PLAN);
    String timeout = env.get(ENV_TIMEOUT_SECONDS);
    return new RailwayOptions(
        isBlank(tier) ? RailwayTier.HOBBY : parseTier(tier),
        isBlank(timeout) ? DEFAULT_TIMEOUT : parseTimeout(timeout));
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
