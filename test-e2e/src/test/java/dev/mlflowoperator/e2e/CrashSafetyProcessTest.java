package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of `mlflowctl apply` at 20 seeded points of a fresh converge on an HTTP sandbox served by the
 * test: after the N-th request reached the sandbox (and, with latency, while it is in flight, so it takes effect
 * after the client is gone); a restarted apply converges (plan then shows no changes) to one project, two services, one volume, one domain.
 */
class CrashSafetyProcessTest {
  static final long SEED = 20261126L;
  static final int POINTS = 20;

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void killedAtTwentyPointsOfAFreshConvergeAndRestartedItConvergesWithoutDuplicates() throws Exception {
    Path spec = Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
    var random = new Random(SEED);
    var secrets = new ArrayList<String>();

    // A whole converge, uninterrupted, to learn how many requests it takes.
    long total;
    try (var sandbox = sandbox()) {
      var result = apply(sandbox, work.resolve("home-reference"), spec);
      assertThat(result.exitCode()).as(result.err()).isZero();
      total = sandbox.stats().total();
      secrets.add(sandbox.token());
    }
    assertThat(total).as("requests of a fresh converge").isGreaterThanOrEqualTo(5);

    var points = new HashSet<String>();
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
        var process = LongRunningProcess.start(work.resolve("logs"), "apply-" + round, env(sandbox, home),
            "apply", "-f", spec.toString());
        transcript.addLive("killed apply " + point + " [stdout]", process.outFile());
        transcript.addLive("killed apply " + point + " [stderr]", process.errFile());
        await("request " + afterRequests + " reached the sandbox").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> sandbox.stats().total() >= afterRequests || !process.isAlive());
        process.kill();

        sandbox.latency(Duration.ZERO);
        var restarted = apply(sandbox, home, spec);
        assertThat(restarted.exitCode()).as("point %s: %s%s", point, restarted.out(), restarted.err()).isZero();
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
    transcript.assertNoSecrets(secrets);
  }

  private static RailwaySandbox sandbox() {
    return RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start();
  }

  private MlflowCtlProcess.Result apply(RailwaySandbox sandbox, Path home, Path spec) throws Exception {
    var result = MlflowCtlProcess.run(env(sandbox, home), "apply", "-f", spec.toString());
    transcript.record("apply " + home.getFileName(), result);
    return result;
  }

  private static Map<String, String> env(RailwaySandbox sandbox, Path home) {
    return Map.of("MLFLOWCTL_HOME", home.toString(), "RAILWAY_API_URL", sandbox.url(),
        "RAILWAY_TOKEN", sandbox.token());
  }
}
