package dev.mlflowoperator.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** How long ago an RFC 3339 time was, the way kubectl shows an age: 45s, 12m, 5h, 3d; "-" when unknown. */
final class Ages {
  private Ages() {}

  static String since(String rfc3339, Clock clock) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return "-";
    }
    try {
      long seconds = Math.max(0, Duration.between(Instant.parse(rfc3339), clock.instant()).toSeconds());
      if (seconds < 120) {
        return seconds + "s";
      }
      if (seconds < 120 * 60) {
        return seconds / 60 + "m";
      }
      if (seconds < 48 * 3600) {
        return seconds / 3600 + "h";
      }
      return seconds / 86400 + "d";
    } catch (DateTimeParseException e) {
      return "-";
    }
  }
}
