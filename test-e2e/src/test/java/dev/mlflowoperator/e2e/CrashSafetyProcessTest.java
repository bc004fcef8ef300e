package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of `mlflowctl apply`, and of the controller `mlflowctl run`, at 20 seeded points of a fresh converge on an
 * HTTP sandbox served by the test: after the N-th request reached the sandbox (and, with latency, while it is in
 * flight, so it takes effect after the client is gone); a restarted apply or run converges (plan then shows no
 * changes) to one project, two services, one volume, one domain. The points lie within the requests an
 * uninterrupted converge of the same command takes; for run, which keeps polling, that is the count at the moment
 * it first answers Ready=True, so its points also cover the passes that wait for the deployment to finish.
 */
class CrashSafetyProcessTest {
  static final long SEED = 20261126L;
  static final int POINTS = 20;
  static final String DEPLOYMENT = "tracking";

  @TempDir Path work;
  private final Transcript transcript = new Transcript();
  private final List<String> secrets = new ArrayList<>();
  private Path spec;

  @BeforeEach
  void writeSpec() throws IOException {
    spec = Files.writeString(Files.createDirectories(work.resolve("specs")).resolve(DEPLOYMENT + ".yaml"),
        RailwaySpecs.basic(2, "Retain", "2.6"));
  }

  @Test
  void applyKilledAtTwentyPointsOfAFreshConvergeAndRestartedConvergesWithoutDuplicates() throws Exception {
    crashAtTwentyPoints(new Apply());
  }

  @Test
  void runKilledAtTwentyPointsOfAFreshConvergeAndRestartedConvergesWithoutDuplicates() throws Exception {
    crashAtTwentyPoints(new Run());
  }

  /** The command under test: started to be killed, and run to the end of a converge. */
  private abstract static class Command {
    final String name;

    Command(String name) {
      this.name = name;
    }

    abstract LongRunningProcess start(RailwaySandbox sandbox, Path home, String logName);

    /** Converges with a fresh process; the requests the sandbox had seen when it was converged. */
    abstract long converge(RailwaySandbox sandbox, Path home) throws Exception;
  }

  private void crashAtTwentyPoints(Command command) throws Exception {
    var random = new Random(SEED);

    // A whole converge, uninterrupted, to learn how many requests it takes.
    long total;
    try (var sandbox = sandbox()) {
      total = command.converge(sandbox, work.resolve("home-reference"));
      secrets.add(sandbox.token());
    }
    assertThat(total).as("requests of a fresh converge").isGreaterThanOrEqualTo(5);

    var points = new LinkedHashSet<String>();
    for (int round = 0; round < POINTS; round++) {
      int afterRequests = 1 + random.nextInt((int) total);
      int latencyMillis = 10 * random.nextInt(8);
      String point = afterRequests + "/" + latencyMillis + "ms";
      if (!points.add(point)) {
        round--;
        continue;
      }
      try (var sandbox = sandbox()) {
        sandbox.latency(Duration.ofMillis(latencyMillis));
        Path home = work.resolve("home-" + round);
        var process = command.start(sandbox, home, command.name + "-" + round);
        transcript.addLive("killed " + command.name + " " + point + " [stdout]", process.outFile());
        transcript.addLive("killed " + command.name + " " + point + " [stderr]", process.errFile());
        await("request " + afterRequests + " reached the sandbox").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> sandbox.stats().total() >= afterRequests || !process.isAlive());
        process.kill();

        sandbox.latency(Duration.ZERO);
        command.converge(sandbox, home);
        var plan = MlflowCtlProcess.run(env(sandbox, home), "plan", "-f", spec.toString(), "--detailed-exitcode");
        transcript.record("plan " + home.getFileName(), plan);
        assertThat(plan.exitCode()).as("point %s: converged, nothing left to do: %s%s", point, plan.out(), plan.err())
            .isZero();
        assertThat(SandboxView.counts(sandbox)).as("point %s", point)
            .isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
        assertThat(sandbox.state().volumeInstances).as("point %s", point).hasSize(1);
        secrets.add(sandbox.token());
        secrets.add(SandboxView.variables(sandbox, "tracking-proxy").get("BASIC_AUTH_PASSWORD"));
      }
    }
    assertThat(points).hasSize(POINTS);
    System.out.printf("%s killed with seed %d after %d requests of a converge at %s%n", command.name, SEED, total,
        points);
    transcript.assertNoSecrets(secrets);
  }

  /** `mlflowctl apply -f spec`, which ends when everything is created. */
  private final class Apply extends Command {
    Apply() {
      super("apply");
    }

    @Override
    LongRunningProcess start(RailwaySandbox sandbox, Path home, String logName) {
      return LongRunningProcess.start(work.resolve("logs"), logName, env(sandbox, home), "apply", "-f",
          spec.toString());
    }

    @Override
    long converge(RailwaySandbox sandbox, Path home) throws Exception {
      var result = MlflowCtlProcess.run(env(sandbox, home), "apply", "-f", spec.toString());
      transcript.record("apply " + home.getFileName(), result);
      assertThat(result.exitCode()).as("%s%s", result.out(), result.err()).isZero();
      return sandbox.stats().total();
    }
  }

  /** `mlflowctl run --specs DIR`, converged once its first pass is done and it answers Ready=True; then SIGTERM. */
  private final class Run extends Command {
    Run() {
      super("run");
    }

    @Override
    LongRunningProcess start(RailwaySandbox sandbox, Path home, String logName) {
      return RunProcess.start(work.resolve("logs"), logName, env(sandbox, home), spec.getParent(),
          CaddyProcess.freePort());
    }

    @Override
    long converge(RailwaySandbox sandbox, Path home) throws Exception {
      int port = CaddyProcess.freePort();
      try (var run = RunProcess.start(work.resolve("logs"), "run-" + home.getFileName(), env(sandbox, home),
          spec.getParent(), port)) {
        transcript.addLive("run " + home.getFileName() + " [stdout]", run.outFile());
        transcript.addLive("run " + home.getFileName() + " [stderr]", run.errFile());
        // Ready only once this process's first pass is done: a status the killed one recorded does not count.
        await("run converged: first pass done and Ready=True").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(ConnectException.class)
            .failFast("run exited", () -> !run.isAlive())
            .until(() -> RunProcess.firstPassDone(port) && "True".equals(RunProcess.ready(port, DEPLOYMENT)));
        return sandbox.stats().total();
      }
    }
  }

  private static RailwaySandbox sandbox() {
    return RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start();
  }

  /** A Pro token, so run's passes are 1 s apart (Hobby's budget would stretch them to 3.6 s). */
  private static Map<String, String> env(RailwaySandbox sandbox, Path home) {
    return Map.of("MLFLOWCTL_HOME", home.toString(), "RAILWAY_API_URL", sandbox.url(),
        "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
  }
}
