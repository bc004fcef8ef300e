package dev.mlflowoperator.platform.railway;

import java.time.Duration;

/** How often to observe the Railway stacks of one token so that their shared observe requests stay within its hourly budget. */
public final class RailwayResync {
  public static final Duration DEFAULT = Duration.ofSeconds(60);
  /** While something is deploying, look again sooner (still within the budget). */
  public static final Duration WHILE_NOT_READY = Duration.ofSeconds(15);
  private static final Duration HOUR = Duration.ofHours(1);

  private RailwayResync() {}

  /**
   * The base interval, stretched when the requests left this hour would not last the hour at
   * {@code requestsPerPass} observe requests per interval (one per batch of deployments on the token:
   * {@link RailwayObserver#requestsPerPass}).
   */
  public static Duration interval(Duration base, long requestsLeftThisHour, int requestsPerPass) {
    long passes = Math.max(1, requestsLeftThisHour / Math.max(1, requestsPerPass));
    Duration stretched = HOUR.dividedBy(passes);
    return stretched.compareTo(base) > 0 ? stretched : base;
  }

  /** What a stretched interval means and what to do about it, for the log, the status API and Events. */
  public static String stretchedMessage(Duration base, Duration stretched, int requestsPerPass, int deployments,
      int batchSize) {
    return "the interval is stretched from " + base.toSeconds() + " s to " + stretched.toSeconds() + " s: "
        + requestsPerPass + " observe requests per pass (" + deployments + " deployments, " + batchSize
        + " per request) would use up this token's hourly request budget sooner; drift is found later meanwhile;"
        + " use a token with a larger plan (RAILWAY_PLAN) or fewer deployments per token";
  }
}
