package dev.mlflowoperator.railway;

import java.util.Locale;
import java.util.Map;

/** Railway's API request limits per plan (NOTES.md §2); Free has no published per-second limit, so Hobby's. */
public enum RailwayPlan {
  FREE(100, 10),
  HOBBY(1_000, 10),
  PRO(10_000, 50);

  /** The variable naming the token's plan, for its request budget. */
  public static final String ENV_PLAN = "RAILWAY_PLAN";

  private final int requestsPerHour;
  private final int requestsPerSecond;

  RailwayPlan(int requestsPerHour, int requestsPerSecond) {
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
  public static RailwayPlan parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown Railway plan '" + name + "': use free, hobby or pro", e);
    }
  }

  /** The plan {@value #ENV_PLAN} names, Hobby when it is unset or blank. */
  public static RailwayPlan fromEnvironment(Map<String, String> env) {
    String name = env.get(ENV_PLAN);
    return name == null || name.isBlank() ? HOBBY : parse(name);
  }
}
