package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl apply of a higher MLflow version on the local Railway sandbox: a backup first, then the new version. */
class UpgradeApplyCommandTest {
  @TempDir Path home;
  final ManualClock clock = new ManualClock(CliRun.NOW);
  SandboxDeployments sandbox;
  Path upgraded;

  @BeforeEach
  void appliedAt3140() throws Exception {
    sandbox = new SandboxDeployments(home);
    Path base = home.resolve("base.yaml");
    Files.writeString(base, atVersion("3.14.0"));
    var apply = run();
    assertThat(apply.run("apply", "-f", base.toString(), "--wait")).as(apply.err()).isZero();
    assertThat(sandbox.recorded("tracking").getStatus().mlflowVersion).isEqualTo("3.14.0");
    upgraded = home.resolve("upgraded.yaml");
    Files.writeString(upgraded, atVersion("3.17.0"));
  }

  /** The example spec with MLflow pinned at {@code version}. */
  private static String atVersion(String version) throws java.io.IOException {
    return Files.readString(Path.of(EXAMPLE)).replaceFirst("version: \"[0-9.]+\"", "version: \"" + version + "\"");
  }

  @Test
  void applyWaitWaitsForOneBeforeUpgradeBackupThenRollsTheNewVersionOut() {
    var apply = run();

    assertThat(apply.run("apply", "-f", upgraded.toString(), "--wait")).as(apply.err()).isZero();

    var lines = apply.out().lines().toList();
    int backingUp = indexOf(lines, "waiting for Ready: backing up the data volume before MLflow 3.14.0 -> 3.17.0");
    int ready = indexOf(lines, "tracking: Ready at ");
    assertThat(backingUp).as(apply.out()).isNotNegative().isLessThan(ready);
    assertThat(sandbox.recorded("tracking").getStatus().mlflowVersion).isEqualTo("3.17.0");
    var list = run();
    assertThat(list.run("backup", "list", "tracking")).as(list.err()).isZero();
    assertThat(list.out().lines().skip(1).toList()).singleElement().asString().contains("beforeUpgrade");
  }

  @Test
  void applyWithoutWaitStartsTheBackupSaysSoAndDeploysNothingNew() {
    var apply = run();

    assertThat(apply.run("apply", "-f", upgraded.toString())).as(apply.err()).isZero();

    assertThat(apply.out()).contains("tracking: applied; Ready=False (Upgrading): backing up the data volume before"
        + " MLflow 3.14.0 -> 3.17.0", "run apply again once the backup has completed");
    assertThat(sandbox.state().workflows).singleElement().satisfies(w -> assertThat(w.kind).isEqualTo("BACKUP_CREATE"));
    assertThat(sandbox.state().serviceInstances).extracting(i -> i.sourceImage).doesNotContain(
        "ghcr.io/mlflow/mlflow:v3.17.0");
  }

  @Test
  void planOfAHigherVersionShowsTheUpgradeWaitingForABackupAndNoNewImage() {
    var plan = run();

    assertThat(plan.run("plan", "-f", upgraded.toString(), "--detailed-exitcode")).as(plan.err()).isEqualTo(2);

    assertThat(plan.out().lines().skip(1).toList()).as(plan.out())
        .containsExactly("  ~ upgrade to MLflow 3.17.0: waits for a backup of the data volume");
    assertThat(sandbox.state().workflows).as("plan starts no backup").isEmpty();
  }

  @Test
  void planWhileTheBackupRunsNamesItAndStillShowsNoNewImage() {
    assertThat(run().run("apply", "-f", upgraded.toString())).isZero();
    // Read from the record: opening the sandbox here would move its workflows on by the system clock.
    String backup = sandbox.recorded("tracking").getStatus().ids.get(ReconcileLoop.upgradeBackupKey("3.17.0"));
    var plan = run();

    assertThat(plan.run("plan", "-f", upgraded.toString())).as(plan.err()).isZero();

    assertThat(plan.out().lines().skip(1).toList()).as(plan.out()).containsExactly(
        "  ~ upgrade to MLflow 3.17.0: waits for a backup of the data volume (backup " + backup + ", running)");
  }

  private static int indexOf(java.util.List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private CliRun run() {
    var cli = new CliRun(home);
    cli.clock = clock;
    return cli;
  }
}
