package dev.mlflowoperator.bench;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.railway.Pace;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayOptions;
import dev.mlflowoperator.railway.RailwayTier;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Railway requests and time of one steady pass of {@code mlflowctl run} over N deployments on one token, for 1, 10, 100
 * and 1,000 deployments on the sandbox served over HTTP on loopback (each in its own project, deploys taking no time):
 * the pass reads every deployment ahead in shared ObserveStacks requests, then reconciles each from its part; for
 * comparison the same pass with each deployment observing on its own (before the shared observer). The client's budget
 * waits are sped up ({@link Pace}) so converging 1,000 deployments is not held to 50 requests a second. Run:
 * {@code mvn -B -pl operator -am -Pbench -DskipTests verify}.
 */
public final class SharedObserveBenchmark {
  private static final int CONVERGE_PASSES = 3;
  private static final int STEADY_PASSES = 3;
  private static final Set<String> OBSERVES = Set.of("ObserveStacks", "ObserveStack");

  private SharedObserveBenchmark() {}

  public static void main(String[] args) {
    System.out.printf("%-12s %10s %10s %12s %14s %12s %14s %12s%n", "deployments", "converge s", "requests",
        "goal N/20+1", "pass ms", "mutations", "own requests", "own pass ms");
    for (int deployments : new int[] {1, 10, 100, 1000}) {
      passes(deployments);
    }
  }

  private static void passes(int count) {
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start()) {
      var endpoint = RailwayEndpoint.fromEnvironment(Map.of(
          RailwayEndpoint.ENV_API_URL, sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token())).orElseThrow();
      var client = RailwayClient.builder(endpoint).options(new RailwayOptions(RailwayTier.PRO, Duration.ofSeconds(60)))
          .pace(new Pace(3600)).build();
      var observer = new RailwayObserver(client, RailwayObserver.DEFAULT_BATCH_SIZE, Clock.systemUTC(),
          java.util.Optional.empty());
      var platform = new RailwayPlatform(client, HealthProber.notRun("benchmark"), Clock.systemUTC(), () -> observer);
      var reconcile = new ReconcileLoop<>(platform, new CredentialsGenerator());
      var recorder = new StatusRecorder(Clock.systemUTC());
      var resources = new ArrayList<MlflowDeployment>();
      for (int i = 0; i < count; i++) {
        resources.add(BenchDeployments.railway("bench-" + i));
      }
      long convergeStart = System.nanoTime();
      for (int pass = 0; pass < CONVERGE_PASSES; pass++) {
        pass(platform, reconcile, recorder, resources, true);
      }
      double convergeSeconds = (System.nanoTime() - convergeStart) / 1e9;
      var shared = steady(sandbox, platform, reconcile, recorder, resources, true);
      var own = steady(sandbox, platform, reconcile, recorder, resources, false);
      System.out.printf("%-12d %10.1f %10.2f %12d %14.1f %12.2f %14.2f %12.1f%n", count, convergeSeconds,
          shared.observes(), count / 20 + 1, shared.millis(), shared.mutations(), own.observes(), own.millis());
    }
  }

  /** Requests and time per steady pass, averaged over {@value #STEADY_PASSES} passes. */
  private record Steady(double observes, double mutations, double millis) {}

  private static Steady steady(RailwaySandbox sandbox, RailwayPlatform platform, ReconcileLoop<?, ?> reconcile,
      StatusRecorder recorder, List<MlflowDeployment> resources, boolean readAhead) {
    var before = sandbox.stats().snapshot();
    long start = System.nanoTime();
    for (int pass = 0; pass < STEADY_PASSES; pass++) {
      pass(platform, reconcile, recorder, resources, readAhead);
    }
    double millis = (System.nanoTime() - start) / 1e6 / STEADY_PASSES;
    long observes = 0;
    long others = 0;
    for (var entry : sandbox.stats().snapshot().entrySet()) {
      long sent = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      if (OBSERVES.contains(entry.getKey())) {
        observes += sent;
      } else {
        others += sent;
      }
    }
    return new Steady((double) observes / STEADY_PASSES, (double) others / STEADY_PASSES, millis);
  }

  /** One pass as {@code mlflowctl run} makes it, on one thread: read ahead (or not), then reconcile each. */
  private static void pass(RailwayPlatform platform, ReconcileLoop<?, ?> reconcile, StatusRecorder recorder,
      List<MlflowDeployment> resources, boolean readAhead) {
    if (readAhead) {
      platform.readAhead(resources);
    }
    for (MlflowDeployment resource : resources) {
      var report = reconcile.run(resource, SecretResolver.none(), ReconcileLoop.Listener.none());
      resource.setStatus(recorder.record(resource.getStatus(), report).status());
    }
  }
}
