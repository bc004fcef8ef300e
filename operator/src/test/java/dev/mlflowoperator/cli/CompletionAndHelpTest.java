package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl completion, version and the help texts every command has. */
class CompletionAndHelpTest {
  @TempDir Path home;

  @Test
  void completionBashPrintsACompletionScriptForMlflowctl() {
    var cli = new CliRun(home);
    assertThat(cli.run("completion", "bash")).isZero();
    assertThat(cli.out()).startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_mlflowctl", "status", "sandbox", "--output");
  }

  @Test
  void completionForAnUnknownShellIsWrongUsage() {
    var cli = new CliRun(home);
    assertThat(cli.run("completion", "fish")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for positional parameter at index 0 (SHELL): "
        + "expected one of [bash] (case-sensitive) but was 'fish'");
  }

  @Test
  void versionPrintsTheVersion() {
    var cli = new CliRun(home);
    assertThat(cli.run("version")).isZero();
    assertThat(cli.out()).matches("mlflowctl \\S+\n");
  }

  @Test
  void rootHelpListsTheCommandsTheDebugOptionAndTheExitCodes() {
    var cli = new CliRun(home);
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("status", "sandbox", "completion", "--debug", "Exit codes:",
        "1   invalid input, or the operation failed");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command : new String[][] {{"status"}, {"sandbox"}, {"sandbox", "serve"}, {"sandbox", "reset"},
        {"completion"}}) {
      var cli = new CliRun(home);
      String[] args = Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(cli.run(args)).as(String.join(" ", command)).isZero();
      assertThat(cli.out()).as(String.join(" ", command)).startsWith("Usage: mlflowctl " + String.join(" ", command));
    }
  }

  @Test
  void servePortOutOfRangeIsWrongUsage() {
    var cli = new CliRun(home);
    assertThat(cli.run("sandbox", "serve", "--port", "-5")).isEqualTo(2);
    assertThat(cli.err()).startsWith("--port -5 is not a port: use 1 to 65535, or 0 for any free one\n");
  }

  @Test
  void servePortInUseSaysWhatToDo() throws Exception {
    var cli = new CliRun(home);
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(cli.run("sandbox", "serve", "--port", Integer.toString(taken.getLocalPort()))).isEqualTo(1);
      assertThat(cli.err()).isEqualTo("error: cannot serve on 127.0.0.1:" + taken.getLocalPort()
          + " (Address already in use); choose another port with --port, or --port 0 for any free one\n");
    }
  }

  @Test
  void unexpectedErrorsSuggestDebugAndShowNoTrace() {
    var cli = MlflowCtl.newCommandLine(Map.of(), new CliRun.FakeTerminal(), Clock.systemUTC());
    var err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(new UserErrorHandler().handleExecutionException(new IllegalStateException("boom"), cli, null))
        .isEqualTo(1);
    assertThat(err).hasToString("error: boom\nrun the command again with --debug to see where it failed\n");
  }

  @Test
  void debugEnvironmentVariableShowsTheTraceToo() {
    var cli = MlflowCtl.newCommandLine(Map.of("MLFLOWCTL_DEBUG", "1"), new CliRun.FakeTerminal(), Clock.systemUTC());
    var err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    new UserErrorHandler().handleExecutionException(new IllegalStateException("boom"), cli, null);
    assertThat(err.toString()).startsWith("error: boom\njava.lang.IllegalStateException: boom\n\tat ");
  }
}
