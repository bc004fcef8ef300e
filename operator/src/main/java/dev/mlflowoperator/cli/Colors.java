package dev.mlflowoperator.cli;

import java.util.Map;

/** ANSI colours for a terminal, or plain text when output is not a terminal or {@code NO_COLOR} is set. */
final class Colors {
  static final String NO_COLOR_ENV = "NO_COLOR";
  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";

  private final boolean enabled;

  private Colors(boolean enabled) {
    this.enabled = enabled;
  }

  /** Colours on a terminal unless {@code NO_COLOR} is set (to anything, as no-color.org says). */
  static Colors of(Map<String, String> env, Terminal terminal) {
    return new Colors(terminal.isInteractive() && !env.containsKey(NO_COLOR_ENV));
  }

  /** A condition status: True green, False red, Unknown yellow; anything else as it is. */
  String status(String value) {
    String colour = switch (value) {
      case "True" -> GREEN;
      case "False" -> RED;
      case "Unknown" -> YELLOW;
      default -> null;
    };
    return enabled && colour != null ? colour + value + RESET : value;
  }
}
