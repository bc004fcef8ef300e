package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.FaultInjector;
import dev.mlflowoperator.railway.sandbox.FaultKind;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mlflowctl run` (the standalone controller, default 60 s interval) against an HTTP sandbox that fails 20% of
 * requests, spread evenly over every FaultKind (a TIMEOUT holds the answer past the client's 1 s
 * RAILWAY_TIMEOUT_SECONDS): a fresh converge, then a day of resync passes (1440) compressed by
 * MLFLOWCTL_TIME_SCALE=1440 into about a minute, with an out-of-band change at noon. It converges, repairs the
 * change, stays Ready, never duplicates a project, service, volume or domain, and keeps the same volume. (The
 * repair is checked on the sandbox, not in the drift count: a repair whose answer was lost to a fault is applied
 * but, seen clean by the next pass, not counted as drift.)
 */
class FaultsProcessTest {
  static final long SEED = 5L;
  static final double FAILURE_RATE = 0.20;
  static final int PASSES_A_DAY = 1440;
  static final String TIME_SCALE = "1440";

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void convergesAndRunsADayOfResyncsUnderTwentyPercentFailuresOfEveryKindWithoutDuplicates() throws Exception {
    var kinds = List.of(FaultKind.values());
    var faults = FaultInjector.builder(SEED).retryAfter(Duration.ofSeconds(1)).hold(Duration.ofSeconds(3));
    kinds.forEach(kind -> faults.fault(kind, FAILURE_RATE / kinds.size()));
    Path specs = Files.createDirectories(work.resolve("specs"));
    Files.writeString(specs.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
    int port = CaddyProcess.freePort();

    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start()) {
      sandbox.faults(faults.build());
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_TIMEOUT_SECONDS", "1", "MLFLOWCTL_TIME_SCALE", TIME_SCALE);
      try (var run = LongRunningProcess.start(work.resolve("logs"), "run", env, "run", "--specs", specs.toString(),
          "--listen", "127.0.0.1:" + port)) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());

        await("converged and Ready despite the faults").atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(java.net.ConnectException.class)
            .failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True"));
        assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
        String volume = sandbox.state().volumes.get(0).id;
        String startCommand = SandboxView.instance(sandbox, "tracking-mlflow").startCommand;
        long dawn = reconciles(port);

        awaitPasses(run, sandbox, port, dawn + PASSES_A_DAY / 2, "the morning's passes");
        SandboxView.setStartCommand(sandbox, "tracking-mlflow", "sleep infinity");
        await("the noon change repaired").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(SandboxView.instance(sandbox, "tracking-mlflow").startCommand)
                .isEqualTo(startCommand));
        awaitPasses(run, sandbox, port, dawn + PASSES_A_DAY, "a day's passes");

        assertThat(sandbox.state().volumes).extracting(v -> v.id).containsExactly(volume);
        await("Ready at the end of the day").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True"));
        transcript.add("status api", RunProcess.get(port, "/api/v1/deployments"));
        transcript.add("metrics", RunProcess.get(port, "/metrics"));
        transcript.add("sandbox requests", sandbox.stats().snapshot().toString());
      }

      // Faults off and the controller stopped: nothing is left to do.
      sandbox.faults(FaultInjector.none());
      var plan = MlflowCtlProcess.run(env, "plan", "-f", specs.resolve("tracking.yaml").toString(),
          "--detailed-exitcode");
      transcript.record("plan", plan);
      assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
      assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
      transcript.assertNoSecrets(List.of(sandbox.token(),
          SandboxView.variables(sandbox, "tracking-proxy").get("BASIC_AUTH_PASSWORD")));
    }
  }

  /** Waits until run has reconciled {@code total} times, checking all along that nothing was duplicated. */
  private static void awaitPasses(LongRunningProcess run, RailwaySandbox sandbox, int port, long total, String what) {
    await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          assertThat(run.isAlive()).as(run.output()).isTrue();
          assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
          assertThat(reconciles(port)).isGreaterThanOrEqualTo(total);
        });
  }

  /** Reconciles so far, whatever their result: one a pass, as the spec directory holds one deployment. */
  private static long reconciles(int port) throws Exception {
    return RunProcess.metric(port, "mlflowctl_reconciles_total");
  }
}
