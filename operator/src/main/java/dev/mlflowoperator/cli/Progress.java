package dev.mlflowoperator.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Shows what a wait is at: one line rewritten in place on a terminal (cut to {@code COLUMNS}, default 80, so it
 * never wraps), else a new line whenever it changes.
 */
final class Progress {
  private static final int DEFAULT_WIDTH = 80;

  private final PrintWriter out;
  private final boolean live;
  private final int width;
  private String last = "";
  private int shownWidth;

  Progress(PrintWriter out, boolean live, Map<String, String> env) {
    this.out = out;
    this.live = live;
    this.width = width(env.get("COLUMNS"));
  }

  /** Shows {@code state}; on a terminal with {@code elapsed} after it. */
  void show(String state, String elapsed) {
    if (live) {
      String suffix = " (" + elapsed + ")";
      int room = width - 1 - suffix.length();
      String line = (state.length() > room ? state.substring(0, Math.max(0, room - 3)) + "..." : state) + suffix;
      out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
      shownWidth = line.length();
    } else if (!state.equals(last)) {
      out.println(state);
    }
    last = state;
    out.flush();
  }

  private static int width(String columns) {
    try {
      return columns == null ? DEFAULT_WIDTH : Math.max(20, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /** Ends the live line, so what follows starts on a line of its own. */
  void end() {
    if (live && shownWidth > 0) {
      out.println();
      out.flush();
      shownWidth = 0;
    }
  }
}
