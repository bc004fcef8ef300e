package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlflowoperator.standalone.ControllerHttpServer;
import dev.mlflowoperator.standalone.ControllerMetrics;
import dev.mlflowoperator.standalone.RunHarness;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateLock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl run's command line, and mlflowctl status --server reading a running controller. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void statusServerShowsWhatTheControllerServesInTheShapeOfStatusJson() {
    try (var run = new RunHarness(dir, false, Optional.empty(), UnaryOperator.identity(), StatusView::of)) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.writeSpec("beta", "experiments", 2);
      run.writeSpec("gamma", "research", 2);
      run.converge();
      var local = new CliRun(dir.resolve("home"));
      assertThat(local.run("status", "-o", "json")).isZero();

      var remote = new CliRun(dir.resolve("elsewhere"));
      assertThat(remote.run("status", "--server", run.url(), "-o", "json")).isZero();
      assertThat(remote.out()).isEqualTo(local.out()).contains("\"name\" : \"gamma\"");

      var table = new CliRun(dir.resolve("elsewhere"));
      assertThat(table.run("status", "--server", run.url() + "/")).isZero();
      assertThat(table.out().lines()).hasSize(4).anySatisfy(line ->
          assertThat(line).startsWith("alpha").contains("railway (sandbox)  True   True    Unknown  https://"));

      var one = new CliRun(dir.resolve("elsewhere"));
      assertThat(one.run("status", "--server", run.url(), "nope")).isEqualTo(1);
      assertThat(one.err()).isEqualTo("error: no deployment named \"nope\" is recorded in " + run.url()
          + "; run mlflowctl status to list the recorded ones\n");
    }
  }

  @Test
  void statusServerSendsTheApiTokenOfTheEnvironment() {
    try (var run = new RunHarness(dir, false, Optional.empty(), UnaryOperator.identity(), StatusView::of);
        var server = new ControllerHttpServer(new InetSocketAddress("127.0.0.1", 0), Optional.of("t0k3n-for-the-api"),
            run.controller, run.store, new ControllerMetrics(run.clock), StatusView::of).start()) {
      run.writeSpec("alpha", "ml-platform", 2);
      run.converge();
      String url = "http://127.0.0.1:" + server.address().getPort();

      var without = new CliRun(dir.resolve("elsewhere"));
      assertThat(without.run("status", "--server", url)).isEqualTo(1);
      assertThat(without.err()).startsWith("error: " + url + "/api/v1/deployments answered 401: this API needs the"
          + " token of MLFLOWCTL_API_TOKEN").hasLineCount(1);

      var with = new CliRun(dir.resolve("elsewhere"));
      with.env.put("MLFLOWCTL_API_TOKEN", "t0k3n-for-the-api");
      assertThat(with.run("status", "--server", url, "alpha", "-o", "json")).isZero();
      assertThat(with.out()).contains("\"name\" : \"alpha\"").doesNotContain("t0k3n");
    }
  }

  @Test
  void statusServerSaysWhenNothingServesThere() {
    var cli = new CliRun(dir);
    assertThat(cli.run("status", "--server", "http://127.0.0.1:1")).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: cannot read http://127.0.0.1:1/api/v1/deployments: ")
        .endsWith("; check that mlflowctl run serves there (its --listen)\n");
  }

  @Test
  void listeningBeyondLoopbackWithoutAnApiTokenIsRefused() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    var cli = new CliRun(dir.resolve("home"));

    int code = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> cli.run("run", "--specs", specs.toString(), "--listen", "0.0.0.0:0"), "run must not start");

    assertThat(code).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: --listen 0.0.0.0:0 serves beyond this machine, so the API needs a token:"
        + " set MLFLOWCTL_API_TOKEN to a long random secret (clients send it as a bearer token; mlflowctl status"
        + " --server reads the same variable), or listen on 127.0.0.1\n");
  }

  @Test
  void aGitTokenIsNeverSentOverPlainHttpToAnotherMachine() throws Exception {
    Path specs = dir.resolve("specs");
    var fromEnvironment = new CliRun(dir.resolve("home"));
    fromEnvironment.env.put("MLFLOWCTL_GIT_TOKEN", "t0k3n-of-the-repo");

    int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> fromEnvironment.run("run", "--specs",
        specs.toString(), "--git", "http://git.example.com/team/specs.git", "--listen", "127.0.0.1:0"),
        "run must not start");

    assertThat(code).isEqualTo(2);
    assertThat(fromEnvironment.err()).startsWith("--git http://git.example.com/team/specs.git: plain http to another"
        + " machine would send the Git credentials unencrypted; use https://, or http:// only to this machine\n");
    var inTheUrl = new CliRun(dir.resolve("home"));
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> inTheUrl.run("run", "--specs",
        specs.toString(), "--git", "http://bot:t0k3n-of-the-repo@git.example.com/team/specs.git", "--listen",
        "127.0.0.1:0"), "run must not start")).isEqualTo(2);
    assertThat(inTheUrl.err()).startsWith("--git http://git.example.com/team/specs.git: plain http")
        .doesNotContain("t0k3n");
    assertThat(specs).doesNotExist();
  }

  @Test
  void aSecondWriterOnTheSameHomeIsRefused() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    var cli = new CliRun(dir.resolve("home"));
    try (var first = StateLock.ofStore(new MlflowctlHome(dir.resolve("home"), "home"))) {
      assertThat(cli.run("run", "--specs", specs.toString(), "--listen", "127.0.0.1:0")).isEqualTo(1);
    }
    assertThat(cli.err()).startsWith("error: another mlflowctl (pid ")
        .contains(") is already writing to " + dir.resolve("home") + "; stop it, or point MLFLOWCTL_HOME at another")
        .hasLineCount(1);
  }

  @Test
  void aMissingSpecsDirectoryAndBadOptionsAreOneLine() {
    var cli = new CliRun(dir);
    assertThat(cli.run("run", "--specs", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: --specs " + dir.resolve("nope") + ": no such directory; create it and put"
        + " spec files in it\n");

    var interval = new CliRun(dir);
    assertThat(interval.run("run", "--specs", dir.toString(), "--interval", "soon")).isEqualTo(2);
    assertThat(interval.err()).startsWith("Invalid value for option '--interval': 'soon' is not a duration; write it"
        + " like 90s, 10m or 1h\n");

    var tooShort = new CliRun(dir);
    assertThat(tooShort.run("run", "--specs", dir.toString(), "--interval", "500ms")).isEqualTo(2);
    assertThat(tooShort.err()).startsWith("--interval 500ms is too short: use 1s or more\n");

    var listen = new CliRun(dir);
    assertThat(listen.run("run", "--specs", dir.toString(), "--listen", "8080")).isEqualTo(2);
    assertThat(listen.err()).startsWith("--listen 8080 is not HOST:PORT: write e.g. 127.0.0.1:8080 or 0.0.0.0:9090\n");
  }
}
