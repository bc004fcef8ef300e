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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mlflowctl run` (the standalone controller) against an HTTP sandbox injecting 20% failures, spread evenly over
 * every FaultKind but TIMEOUT, during a fresh converge and then {@value #RESYNCS} resync passes (1 s apart, the
 * shortest interval run accepts; a day's 1440 would need a clock the CLI does not expose): it converges,
 * stays Ready, never duplicates a project, service, volume or domain, and keeps the same volume.
 * TIMEOUT is left out: the Railway client's 30 s read timeout cannot be shortened from the CLI.
 */
class FaultsProcessTest {
  static final long SEED = 5L;
  static final int RESYNCS = 20;
  static final double FAILURE_RATE = 0.20;

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void convergesAndResyncsUnderTwentyPercentFailuresWithoutDuplicates() throws Exception {
    var kinds = Arrays.stream(FaultKind.values()).filter(k -> k != FaultKind.TIMEOUT).toList();
    var faults = FaultInjector.builder(SEED).retryAfter(Duration.ofSeconds(1));
    kinds.forEach(kind -> faults.fault(kind, FAILURE_RATE / kinds.size()));
    Path specs = Files.createDirectories(work.resolve("specs"));
    Files.writeString(specs.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
    int port = CaddyProcess.freePort();

    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start()) {
      sandbox.faults(faults.build());
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
      try (var run = RunProcess.start(work.resolve("logs"), "run", env, specs, port)) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());

        await("converged and Ready despite the faults").atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(java.net.ConnectException.class)
            .failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> {
              assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True");
            });
        assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
        String volume = sandbox.state().volumes.get(0).id;

        long observed = sandbox.stats().count("ObserveStack");
        await(RESYNCS + " resync passes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> {
              assertThat(run.isAlive()).as(run.output()).isTrue();
              assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
              assertThat(sandbox.stats().count("ObserveStack") - observed).isGreaterThanOrEqualTo(RESYNCS);
            });
        assertThat(sandbox.state().volumes).extracting(v -> v.id).containsExactly(volume);
        await("Ready after the resyncs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True"));
        transcript.add("status api", RunProcess.get(port, "/api/v1/deployments"));
        transcript.add("metrics", RunProcess.get(port, "/metrics"));
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
}
