package dev.mlflowoperator.cli;

import java.io.PrintWriter;

/** Shows what a wait is at: one line rewritten in place on a terminal, else a new line whenever it changes. */
final class Progress {
  private final PrintWriter out;
  private final boolean live;
  private String last = "";
  private int shownWidth;

  Progress(PrintWriter out, boolean live) {
    this.out = out;
    this.live = live;
  }

  /** Shows {@code state}; on a terminal with {@code elapsed} after it. */
  void show(String state, String elapsed) {
    if (live) {
      String line = state + " (" + elapsed + ")";
      out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
      shownWidth = line.length();
    } else if (!state.equals(last)) {
      out.println(state);
    }
    last = state;
    out.flush();
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
