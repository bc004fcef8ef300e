package dev.mlflowoperator.platform.railway;

import java.time.Duration;

/** How often to observe a Railway stack so that every deployment on one token stays within the token's hourly budget. */
public final class RailwayResync {
  public static final Duration DEFAULT = Duration.ofSeconds(60);
  /** While something is deploying, look again sooner (still within the budget). */
  public static final Duration WHILE_NOT_READY = Duration.ofSeconds(15);
  private static final Duration HOUR = Duration.ofHours(1);

  private RailwayResync() {}

  /**
   * The base interval, stretched when the requests left this hour, shared by the deployments on the token, would
   * not last the hour at one observe per interval.
   */
  public static Duration interval(Duration base, long requestsLeftThisHour, int deploymentsOnToken) {
    long perDeployment = Math.max(1, requestsLeftThisHour / Math.max(1, deploymentsOnToken));
    Duration stretched = HOUR.dividedBy(perDeployment);
    return stretched.compareTo(base) > 0 ? stretched : base;
  }
}
