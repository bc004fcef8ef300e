package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of `mlflowctl apply --wait` at each step of a gated MLflow 3.14.0 -> 3.17.0 upgrade on an HTTP sandbox served
 * by the test: while the backup's create is in flight (it takes effect after the client is gone), while the backup
 * runs, once it has completed, while the new image rolls out, and once it has rolled out. Each point has its own
 * sandbox and home, converged at 3.14.0 first, and the points run side by side (they mostly wait for apply's 2 s
 * polls). A restarted `apply --wait` completes the upgrade with one volume and one beforeUpgrade backup (workflows
 * started included), and `plan` is clean.
 */
class UpgradeCrashProcessTest {
  static final String DEPLOYMENT = "tracking";
  static final Duration DEPLOY = Duration.ofMillis(300);
  static final Duration WORKFLOW = Duration.ofMillis(1000);

  @TempDir Path work;
  private final Transcript transcript = new Transcript();
  private final List<String> secrets = Collections.synchronizedList(new ArrayList<>());

  /** Where the upgrade is killed: a name, the latency that keeps its requests in flight, and when. */
  private record Point(String name, Duration latency, Predicate<RailwaySandbox> reached) {}

  @Test
  void applyKilledAtEachStepOfAGatedUpgradeAndRestartedCompletesItWithOneVolumeAndOneBackup() throws Exception {
    var points = List.of(
        new Point("backup create in flight", Duration.ofSeconds(1),
            sandbox -> sandbox.stats().count("VolumeInstanceBackupCreate") >= 1),
        new Point("backup running", Duration.ZERO, sandbox -> sandbox.stats().count("WorkflowStatus") >= 1),
        new Point("backup completed", Duration.ZERO, UpgradeCrashProcessTest::backupCompleted),
        new Point("new image rolling out", Duration.ZERO, sandbox -> newImage(sandbox).findAny().isPresent()),
        new Point("new image rolled out", Duration.ZERO, sandbox -> newImage(sandbox)
            .anyMatch(d -> Instant.parse(d.createdAt).plus(DEPLOY).isBefore(Instant.now()))));
    var pool = Executors.newFixedThreadPool(points.size());
    try {
      var runs = new ArrayList<Future<?>>();
      for (var point : points) {
        runs.add(pool.submit(() -> {
          killAndRestart(point);
          return null;
        }));
      }
      for (var run : runs) {
        run.get(150, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    transcript.assertNoSecrets(secrets);
  }

  private void killAndRestart(Point point) throws Exception {
    Path dir = Files.createDirectories(work.resolve(point.name().replace(' ', '-')));
    Path home = dir.resolve("home");
    Path spec = Files.writeString(dir.resolve(DEPLOYMENT + ".yaml"), RailwaySpecs.basic(2, "Retain", "2.6"));
    long started = System.nanoTime();
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(DEPLOY).workflowDuration(WORKFLOW).build().start()) {
      secrets.add(sandbox.token());
      var applied = mlflowctl(sandbox, home, "apply", "-f", spec.toString(), "--wait");
      assertThat(applied.exitCode()).as("%s: at 3.14.0: %s%s", point.name(), applied.out(), applied.err()).isZero();
      Files.writeString(spec, RailwaySpecs.basic(2, "Retain", "2.6").replace("\"3.14.0\"", "\"3.17.0\""));
      long upgradeStarted = System.nanoTime();

      sandbox.latency(point.latency());
      var upgrade = LongRunningProcess.start(dir.resolve("logs"), "upgrade", env(sandbox, home), "apply", "-f",
          spec.toString(), "--wait");
      transcript.addLive("killed at " + point.name() + " [stdout]", upgrade.outFile());
      transcript.addLive("killed at " + point.name() + " [stderr]", upgrade.errFile());
      await(point.name()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).ignoreExceptions()
          .failFast("the upgrade ended before the point", () -> !upgrade.isAlive())
          .until(() -> point.reached().test(sandbox));
      upgrade.kill();
      long killedAfter = System.nanoTime() - upgradeStarted;
      sandbox.latency(Duration.ZERO);

      var restarted = mlflowctl(sandbox, home, "apply", "-f", spec.toString(), "--wait");
      assertThat(restarted.exitCode()).as("%s: %s%s", point.name(), restarted.out(), restarted.err()).isZero();
      assertThat(restarted.out()).as(point.name()).contains(DEPLOYMENT + ": Ready at ");
      var plan = mlflowctl(sandbox, home, "plan", "-f", spec.toString(), "--detailed-exitcode");
      assertThat(plan.exitCode()).as("%s: nothing left to do: %s%s", point.name(), plan.out(), plan.err()).isZero();
      assertThat(mlflowImages(sandbox).get(mlflowImages(sandbox).size() - 1)).as("%s: the last MLflow deployed",
          point.name()).contains("3.17.0");
      assertThat(sandbox.state().volumes).as("%s: one volume", point.name()).hasSize(1);
      assertThat(beforeUpgrade(sandbox)).as("%s: one beforeUpgrade backup started", point.name()).hasSize(1);
      assertThat(sandbox.state().backups).as("%s: one beforeUpgrade backup", point.name())
          .filteredOn(b -> b.name.startsWith("beforeUpgrade ")).hasSize(1);
      secrets.add(SandboxView.variables(sandbox, "tracking-proxy").get("BASIC_AUTH_PASSWORD"));
      System.out.printf("killed at %s %d ms into the upgrade; all done after %d ms%n", point.name(),
          killedAfter / 1_000_000, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** The backup's workflow has ended by the clock and a request since has made it Complete. */
  private static boolean backupCompleted(RailwaySandbox sandbox) {
    return sandbox.state().workflows.stream().anyMatch(w -> "Complete".equals(w.status));
  }

  private static Stream<SandboxState.Deployment> newImage(RailwaySandbox sandbox) {
    return sandbox.state().deployments.stream().filter(d -> d.image != null && d.image.contains("3.17.0"));
  }

  /** The images of MLflow's deployments, oldest first. */
  private static List<String> mlflowImages(RailwaySandbox sandbox) {
    return sandbox.state().deployments.stream().filter(d -> d.image != null && d.image.contains("mlflow"))
        .sorted(Comparator.comparing(d -> Instant.parse(d.createdAt))).map(d -> d.image).toList();
  }

  private static List<SandboxState.Workflow> beforeUpgrade(RailwaySandbox sandbox) {
    return sandbox.state().workflows.stream()
        .filter(w -> "BACKUP_CREATE".equals(w.kind) && w.name.startsWith("beforeUpgrade ")).toList();
  }

  private MlflowCtlProcess.Result mlflowctl(RailwaySandbox sandbox, Path home, String... args) throws Exception {
    var result = MlflowCtlProcess.run(env(sandbox, home), args);
    transcript.record(String.join(" ", args) + " " + home, result);
    return result;
  }

  private static Map<String, String> env(RailwaySandbox sandbox, Path home) {
    return Map.of("MLFLOWCTL_HOME", home.toString(), "RAILWAY_API_URL", sandbox.url(),
        "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
  }
}
