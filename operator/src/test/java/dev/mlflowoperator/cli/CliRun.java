package dev.mlflowoperator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs mlflowctl in-process with a given environment, terminal and clock, and keeps what it printed. */
final class CliRun {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  final Map<String, String> env = new HashMap<>();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final FakeTerminal terminal = new FakeTerminal();
  /** The clock the commands see; a ManualClock makes waits move it on instead of sleeping. */
  Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A run with {@code MLFLOWCTL_HOME} set to {@code home} and no Railway token. */
  CliRun(Path home) {
    env.put("MLFLOWCTL_HOME", home.toString());
  }

  int run(String... args) {
    var cli = MlflowCtl.newCommandLine(env, terminal, clock);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** A terminal that is there or not, answering prompts from a list and recording them. */
  static final class FakeTerminal implements Terminal {
    boolean interactive;
    final Deque<String> answers = new ArrayDeque<>();
    final StringBuilder prompts = new StringBuilder();

    FakeTerminal answering(String... lines) {
      interactive = true;
      answers.addAll(List.of(lines));
      return this;
    }

    @Override
    public boolean isInteractive() {
      return interactive;
    }

    @Override
    public String readLine(String prompt) {
      prompts.append(prompt);
      return answers.poll();
    }
  }
}
