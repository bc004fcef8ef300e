package dev.mlflowoperator.bench;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayOptions;
import dev.mlflowoperator.railway.RailwayTier;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.secrets.SecretResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one steady-state resync of a Railway deployment costs the controller: wall time and requests per reconcile
 * against the sandbox served over HTTP on loopback, for 1 and 10 deployments; and the bcrypt check it no longer
 * repeats. Run: {@code mvn -B -pl operator -am -Pbench -DskipTests verify}.
 */
public final class ResyncBenchmark {
  private static final int WARMUP_PASSES = 30;
  private static final int PASSES = 100;
  private static final int BCRYPT_CHECKS = 20;

  private ResyncBenchmark() {}

  public static void main(String[] args) {
    System.out.printf("%-12s %12s %12s %12s %16s%n", "deployments", "mean ms", "p50 ms", "p95 ms", "requests/resync");
    for (int deployments : new int[] {1, 10}) {
      resyncs(deployments);
    }
    bcrypt();
  }

  private static void resyncs(int count) {
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start()) {
      var endpoint = RailwayEndpoint.fromEnvironment(Map.of(
          RailwayEndpoint.ENV_API_URL, sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token())).orElseThrow();
      var client = RailwayClient.builder(endpoint).options(new RailwayOptions(RailwayTier.PRO, Duration.ofSeconds(30)))
          .build();
      var reconcile = new ReconcileLoop<>(new RailwayPlatform(client, HealthProber.notRun("benchmark")), new CredentialsGenerator());
      var recorder = new StatusRecorder(Clock.systemUTC());
      var resources = new ArrayList<MlflowDeployment>();
      for (int i = 0; i < count; i++) {
        resources.add(BenchDeployments.railway("bench-" + i));
      }
      for (int pass = 0; pass < WARMUP_PASSES; pass++) {
        resources.forEach(r -> r.setStatus(recorder.record(r.getStatus(), reconcile.run(r, SecretResolver.none(), ReconcileLoop.Listener.none()))
            .status()));
      }
      long requestsBefore = sandbox.stats().total();
      var millis = new ArrayList<Double>();
      for (int pass = 0; pass < PASSES; pass++) {
        for (MlflowDeployment resource : resources) {
          long start = System.nanoTime();
          var report = reconcile.run(resource, SecretResolver.none(), ReconcileLoop.Listener.none());
          millis.add((System.nanoTime() - start) / 1e6);
          resource.setStatus(recorder.record(resource.getStatus(), report).status());
        }
      }
      double requests = (double) (sandbox.stats().total() - requestsBefore) / millis.size();
      double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("%-12d %12.2f %12.2f %12.2f %16.2f%n", count, Arrays.stream(sorted).average().orElse(0),
          percentile(sorted, 0.50), percentile(sorted, 0.95), requests);
    }
  }

  /** bcrypt at the proxy's cost: a check with a fresh generator each time vs. a pair already verified in its slot. */
  private static void bcrypt() {
    var generator = new CredentialsGenerator();
    String password = generator.generatePassword();
    String hash = generator.hash(password);
    List<Double> fresh = new ArrayList<>();
    for (int i = 0; i < BCRYPT_CHECKS; i++) {
      long start = System.nanoTime();
      new CredentialsGenerator().matches(password, hash);
      fresh.add((System.nanoTime() - start) / 1e6);
    }
    String slot = CredentialsGenerator.slot("default", "bench", 0);
    generator.matches(slot, password, hash);
    long start = System.nanoTime();
    for (int i = 0; i < BCRYPT_CHECKS; i++) {
      generator.matches(slot, password, hash);
    }
    double remembered = (System.nanoTime() - start) / 1e6 / BCRYPT_CHECKS;
    System.out.printf("bcrypt cost %d check: %.1f ms; a pair already verified: %.3f ms%n",
        CredentialsGenerator.BCRYPT_COST, fresh.stream().mapToDouble(Double::doubleValue).average().orElse(0),
        remembered);
  }

  private static double percentile(double[] sorted, double share) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)];
  }
}
