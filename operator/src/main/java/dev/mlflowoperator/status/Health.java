package dev.mlflowoperator.status;

/** The outcome of live probes for the Healthy condition: True, False or Unknown, with a CamelCase reason and a message. */
public record Health(String status, String reason, String message) {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public static Health healthy(String message) {
    return new Health(TRUE, Reasons.PROBES_PASSED, message);
  }

  public static Health unhealthy(String reason, String message) {
    return new Health(FALSE, reason, message);
  }

  public static Health unknown(String reason, String message) {
    return new Health(UNKNOWN, reason, message);
  }
}
