package dev.mlflowoperator.platform.railway;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When Railway next backs a volume up on its schedule: its fixed crons, in UTC, {@code 0 0 * * *} (DAILY),
 * {@code 0 0 * * 1} (WEEKLY, Mondays) and {@code 0 0 1 * *} (MONTHLY), as the sandbox runs them. Pure.
 */
final class RailwaySchedule {
  /** The time of the next run and the kinds (lower case, comma-separated) that run then. */
  record Next(Instant time, String kinds) {}

  private RailwaySchedule() {}

  /**
   * The first run strictly after {@code now} of any of the kinds (DAILY, WEEKLY, MONTHLY; a kind Railway may add
   * later is left out); empty for none.
   */
  static Optional<Next> next(List<String> kinds, Instant now) {
    var runs = new LinkedHashMap<String, Instant>();
    kinds.forEach(kind -> nextRun(kind, now).ifPresent(run -> runs.put(kind.toLowerCase(Locale.ROOT), run)));
    return runs.values().stream().min(Comparator.naturalOrder()).map(first -> new Next(first,
        runs.entrySet().stream().filter(run -> run.getValue().equals(first)).map(Map.Entry::getKey)
            .collect(Collectors.joining(", "))));
  }

  private static Optional<Instant> nextRun(String kind, Instant after) {
    ZonedDateTime midnight = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    return Optional.ofNullable(switch (kind) {
      case "DAILY" -> midnight.plusDays(1);
      case "WEEKLY" -> midnight.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
      case "MONTHLY" -> midnight.with(TemporalAdjusters.firstDayOfNextMonth());
      default -> null;
    }).map(ZonedDateTime::toInstant);
  }
}
