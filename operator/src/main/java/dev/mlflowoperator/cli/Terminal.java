package dev.mlflowoperator.cli;

import java.io.Console;

/** The person at the keyboard, when there is one: whether mlflowctl runs on a terminal, and a line they type. */
interface Terminal {
  /** Whether standard input and output are a terminal. */
  boolean isInteractive();

  /** Shows {@code prompt} and returns the line typed, or null at the end of input. */
  String readLine(String prompt);

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
