package dev.mlflowoperator.cli;

import java.io.Console;
import java.util.List;
import java.util.Locale;

/** The person at the keyboard, when there is one: whether mlflowctl runs on a terminal, and a line they type. */
interface Terminal {
  /** Whether standard input and output are a terminal. */
  boolean isInteractive();

  /** Shows {@code prompt} and returns the line typed, or null at the end of input. */
  String readLine(String prompt);

  /**
   * Whether the person answers y or yes to {@code question} (shown followed by {@code [y/N]}). Without a terminal,
   * refused saying {@code wouldDo} and that --yes confirms it.
   */
  default boolean confirms(String question, String wouldDo) {
    if (!isInteractive()) {
      throw new UserException(wouldDo + "; there is no terminal to ask on, so run it again with --yes to confirm");
    }
    String answer = readLine(question + " [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  /** The terminal of this process ({@link System#console()}), or none when input or output is redirected. */
  static Terminal system() {
    Console console = System.console();
    return new Terminal() {
      @Override
      public boolean isInteractive() {
        return console != null;
      }

      @Override
      public String readLine(String prompt) {
        return console == null ? null : console.readLine("%s", prompt);
      }
    };
  }
}
