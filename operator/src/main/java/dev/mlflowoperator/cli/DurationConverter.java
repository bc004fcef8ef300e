package dev.mlflowoperator.cli;

import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads a duration as a person writes it: 500ms, 90s, 10m, 1h (a bare number is seconds). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    var match = FORMAT.matcher(value.trim());
    if (!match.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; write it like 90s, 10m or 1h");
    }
    long amount = Long.parseLong(match.group(1));
    String unit = match.group(2) == null ? "s" : match.group(2);
    return switch (unit) {
      case "h" -> Duration.ofHours(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "ms" -> Duration.ofMillis(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  /** A duration the way it was probably written: 10m, 90s, 1h, 500ms. */
  static String format(Duration duration) {
    if (duration.toMillisPart() != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
