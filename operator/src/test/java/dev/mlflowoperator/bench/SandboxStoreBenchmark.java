package dev.mlflowoperator.bench;

import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.SandboxStore;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the sandbox writes to disk per change of its state with 200 and 1,000 deployments in it: the journal's bytes
 * per change while new deployments converge on a file-backed sandbox, against the whole file that every change
 * rewrote before the journal, and the time per change with the file and the same converges without one. Run: {@code mvn -B -pl operator -am -Pbench -DskipTests verify}.
 */
public final class SandboxStoreBenchmark {
  /** Deployments converged on the file-backed sandbox, whose changes are measured. */
  private static final int MEASURED = 10;

  private SandboxStoreBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.out.printf("%-12s %14s %10s %16s %14s %20s%n", "deployments", "whole file B", "changes",
        "journal B/change", "ms/change", "ms/change in memory");
    for (int deployments : new int[] {200, 1000}) {
      Path dir = Files.createTempDirectory("sandbox-store-bench");
      try {
        measure(deployments, dir.resolve("sandbox.json"));
      } finally {
        delete(dir);
      }
    }
  }

  private static void measure(int deployments, Path file) throws IOException {
    double memoryMillis;
    try (var memory = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build()) {
      converge(memory, "bench-", deployments);
      long start = System.nanoTime();
      converge(memory, "in-memory-", MEASURED);
      memoryMillis = (System.nanoTime() - start) / 1e6;
      new SandboxStore(file).save(memory.state());
    }
    long whole = Files.size(file);
    Path journal = file.resolveSibling(file.getFileName() + ".journal");
    try (var sandbox = RailwaySandbox.builder().stateFile(file).deploymentDuration(Duration.ZERO).build()) {
      long start = System.nanoTime();
      converge(sandbox, "measured-", MEASURED);
      double millis = (System.nanoTime() - start) / 1e6;
      if (Files.size(file) != whole) {
        throw new IllegalStateException("the snapshot was rewritten while measuring; measure fewer changes");
      }
      var lines = Files.readAllLines(journal);
      long changes = lines.size() - 1;
      long bytes = Files.size(journal) - lines.get(0).length() - 1;
      System.out.printf("%-12d %14d %10d %16.0f %14.1f %20.1f%n", deployments + 2 * MEASURED, whole, changes,
          (double) bytes / changes, millis / changes, memoryMillis / changes);
    }
  }

  /** Runs the reconcile of {@code count} new deployments once each, which creates all of their objects. */
  private static void converge(RailwaySandbox sandbox, String prefix, int count) {
    var loop = new ReconcileLoop<>(new RailwayPlatform(sandbox.executor(), HealthProber.notRun("benchmark")),
        new CredentialsGenerator());
    for (int i = 0; i < count; i++) {
      loop.run(BenchDeployments.railway(prefix + i), SecretResolver.none(), ReconcileLoop.Listener.none());
    }
  }


  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
