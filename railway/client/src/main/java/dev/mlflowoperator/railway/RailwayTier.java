package dev.mlflowoperator.railway;

import java.util.Locale;

/**
 * A Railway pricing tier (what Railway calls the account's plan, set by RAILWAY_PLAN) and its API request limits
 * (NOTES.md §2); Free has no published per-second limit, so Hobby's.
 */
public enum RailwayTier {
  FREE(100, 10),
  HOBBY(1_000, 10),
  PRO(10_000, 50);

  private final int requestsPerHour;
  private final int requestsPerSecond;

  RailwayTier(int requestsPerHour, int requestsPerSecond) {
    this.requestsPerHour = requestsPerHour;
    this.requestsPerSecond = requestsPerSecond;
  }

  public int requestsPerHour() {
    return requestsPerHour;
  }

  public int requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Reads "free", "hobby" or "pro" (any case); an unknown name is an error that lists the valid ones. */
  public static RailwayTier parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown Railway plan '" + name + "': use free, hobby or pro", e);
    }
  }
}
