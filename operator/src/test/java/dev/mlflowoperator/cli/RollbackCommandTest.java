package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.UpgradeRollback;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import dev.mlflowoperator.railway.sandbox.SandboxState.Deployment;
import dev.mlflowoperator.validation.SpecChangeGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlflowctl rollback on the local Railway sandbox: an upgrade 3.14.0 -> 3.17.0 (failed or not) is undone by restoring
 * its pre-upgrade backup with MLflow 3.14.0 deployed on it, never 3.17.0.
 */
class RollbackCommandTest {
  static final String OLD_IMAGE = "ghcr.io/mlflow/mlflow:v3.14.0";
  static final String NEW_IMAGE = "ghcr.io/mlflow/mlflow:v3.17.0";

  @TempDir Path home;
  final ManualClock clock = new ManualClock(CliRun.NOW);
  SandboxDeployments sandbox;
  Path base;
  Path upgraded;

  @BeforeEach
  void appliedAt3140() throws IOException {
    sandbox = new SandboxDeployments(home);
    base = home.resolve("base.yaml");
    Files.writeString(base, atVersion("3.14.0"));
    upgraded = home.resolve("upgraded.yaml");
    Files.writeString(upgraded, atVersion("3.17.0"));
    var apply = run();
    assertThat(apply.run("apply", "-f", base.toString(), "--wait")).as(apply.err()).isZero();
  }

  @Test
  void afterUpgradeFailedRollbackDeploysTheOldVersionOnThePreUpgradeBackupAndNeverTheNewOne() {
    String backup = failedUpgrade();
    assertThat(sandbox.recorded("tracking").getStatus().ids)
        .as("the gate records where the upgrade started from").containsEntry(UpgradeRollback.fromKey("3.17.0"), "3.14.0");
    sandbox.crashing("tracking-mlflow", false);

    var rollback = run();
    assertThat(rollback.run("rollback", "tracking", "--yes", "--wait")).as(rollback.err()).isZero();

    assertThat(rollback.out()).contains("rollback of tracking from MLflow 3.17.0 to 3.14.0 started: restoring backup "
            + backup, "rolled back tracking from MLflow 3.17.0 to 3.14.0", "set spec.mlflow.version: \"3.14.0\" in your"
            + " spec file too", "tracking: Ready; MLflow 3.14.0");
    assertOnBackupAtOldVersionOnly(backup);
    var recorded = sandbox.recorded("tracking");
    assertThat(recorded.getSpec().mlflow.version).isEqualTo("3.14.0");
    assertThat(recorded.getStatus().mlflowVersion).isEqualTo("3.14.0");
    assertThat(ApplyCommand.condition(recorded, "Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(recorded.getStatus().ids).containsEntry(RestoreCommand.LAST, backup)
        .doesNotContainKeys(ReconcileLoop.upgradeBackupKey("3.17.0"), UpgradeRollback.fromKey("3.17.0"),
            RestoreCommand.PENDING_BACKUP, RestoreCommand.PENDING_WORKFLOW, RollbackCommand.PENDING);
    var plan = run();
    assertThat(plan.run("plan", "-f", base.toString(), "--detailed-exitcode")).as(plan.out()).isZero();
  }

  @Test
  void afterASuccessfulUpgradeRollbackIsTheOneDowngradeAllowedAndTheRecordedSpecStaysAtTheOldVersion() {
    var upgrade = run();
    assertThat(upgrade.run("apply", "-f", upgraded.toString(), "--wait")).as(upgrade.err()).isZero();
    assertThat(sandbox.recorded("tracking").getStatus().mlflowVersion).isEqualTo("3.17.0");
    String backup = preUpgradeBackup();
    var downgrade = run();
    assertThat(downgrade.run("apply", "-f", base.toString())).as("a downgrade without the rollback").isEqualTo(1);
    assertThat(downgrade.err()).contains("cannot downgrade MLflow from 3.17.0 to 3.14.0");

    var rollback = run();
    assertThat(rollback.run("rollback", "tracking", "--yes", "--wait")).as(rollback.err()).isZero();

    assertOnBackupAtOldVersionOnly(backup);
    assertThat(sandbox.recorded("tracking").getStatus().mlflowVersion).isEqualTo("3.14.0");
    var plan = run();
    assertThat(plan.run("plan", "-f", base.toString(), "--detailed-exitcode")).as(plan.out()).isZero();
    var apply = run();
    assertThat(apply.run("apply", "-f", base.toString(), "--wait")).as(apply.err()).isZero();
    assertThat(apply.out()).contains("no changes", "tracking: Ready at ");
  }

  @Test
  void applyingTheRolledBackVersionAgainKeepsTheOldOneAndSaysUpgradeRolledBack() {
    failedUpgrade();
    sandbox.crashing("tracking-mlflow", false);
    assertThat(run().run("rollback", "tracking", "--yes", "--wait")).isZero();
    int deployments = sandbox.state().deployments.size();
    int workflows = sandbox.state().workflows.size();

    var apply = run();
    assertThat(apply.run("apply", "-f", upgraded.toString())).isEqualTo(1);

    assertThat(apply.err()).contains("MLflow 3.17.0 was rolled back", "Set spec.mlflow.version: 3.14.0");
    var recorded = sandbox.recorded("tracking");
    assertThat(ApplyCommand.condition(recorded, "Synced").orElseThrow().getReason()).isEqualTo("UpgradeRolledBack");
    assertThat(recorded.getStatus().mlflowVersion).isEqualTo("3.14.0");
    assertThat(sandbox.state().deployments).as("nothing deployed").hasSize(deployments);
    assertThat(sandbox.state().workflows).as("no new upgrade backup").hasSize(workflows);
    var plan = run();
    assertThat(plan.run("plan", "-f", upgraded.toString(), "--detailed-exitcode")).as(plan.out()).isZero();

    assertThat(run().run("apply", "-f", base.toString())).as("the old version asked again").isZero();
    assertThat(sandbox.recorded("tracking").getStatus().ids)
        .doesNotContainKeys(SpecChangeGuard.ROLLED_BACK_FROM, SpecChangeGuard.ROLLED_BACK_TO);
    var retry = run();
    assertThat(retry.run("apply", "-f", upgraded.toString())).as(retry.err()).isZero();
    assertThat(retry.out()).as("a new gated upgrade").contains("backing up the data volume before MLflow 3.14.0 -> 3.17.0");
  }

  @Test
  void aDowngradeBelowTheRolledBackVersionIsStillRefused() throws IOException {
    failedUpgrade();
    sandbox.crashing("tracking-mlflow", false);
    assertThat(run().run("rollback", "tracking", "--yes", "--wait")).isZero();
    Path older = home.resolve("older.yaml");
    Files.writeString(older, atVersion("3.13.0"));

    var apply = run();
    assertThat(apply.run("apply", "-f", older.toString())).isEqualTo(1);

    assertThat(apply.err()).contains("cannot downgrade MLflow from 3.14.0 to 3.13.0");
  }

  @Test
  void withoutAGatedUpgradeThereIsNothingToRollBackAndNothingIsSent() {
    int workflows = sandbox.state().workflows.size();

    var rollback = run();
    assertThat(rollback.run("rollback", "tracking", "--yes", "--wait")).isEqualTo(1);

    assertThat(errors(rollback)).singleElement().asString()
        .startsWith("error: nothing to roll back: no backup taken before an MLflow upgrade of tracking is recorded");
    assertThat(sandbox.state().workflows).hasSize(workflows);
  }

  @Test
  void onATerminalItAsksSayingWhatIsLostAndWithoutOneItNeedsYes() {
    String backup = failedUpgrade();

    var asked = run();
    asked.terminal.answering("n");
    assertThat(asked.run("rollback", "tracking", "--wait")).isEqualTo(1);
    assertThat(asked.terminal.prompts.toString()).startsWith("Roll back tracking from MLflow 3.17.0 to 3.14.0 on the"
        + " data of backup " + backup).contains("What was written since that backup is lost", "[y/N]");
    assertThat(asked.out()).isEqualTo("Nothing was rolled back.\n");
    var noTerminal = run();
    assertThat(noTerminal.run("rollback", "tracking", "--wait")).isEqualTo(1);
    assertThat(errors(noTerminal)).singleElement().asString().contains("no terminal to ask on", "--yes");
    assertThat(restoreWorkflows()).isEmpty();
  }

  @Test
  void aRollbackStartedWithoutWaitIsFollowedByTheNextRunAndAPlainRestoreMeanwhileIsRefused() {
    String backup = failedUpgrade();
    sandbox.crashing("tracking-mlflow", false);

    var start = run();
    assertThat(start.run("rollback", "tracking", "--yes")).as(start.err()).isZero();
    assertThat(start.out()).contains("run mlflowctl rollback tracking --wait to deploy the earlier version");
    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", backup, "--yes", "--wait")).isEqualTo(1);
    assertThat(restore.err()).contains("a rollback of tracking is under way");

    var follow = run();
    assertThat(follow.run("rollback", "tracking", "--wait")).as(follow.err()).isZero();

    assertThat(follow.out()).startsWith("following the rollback of tracking from MLflow 3.17.0 to 3.14.0");
    assertThat(restoreWorkflows()).hasSize(1);
    assertOnBackupAtOldVersionOnly(backup);
  }

  /** Upgrades to 3.17.0 whose MLflow never comes up; returns the pre-upgrade backup once it ended UpgradeFailed. */
  private String failedUpgrade() {
    sandbox.crashing("tracking-mlflow", true);
    assertThat(run().run("apply", "-f", upgraded.toString())).as("the backup starts").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(run().run("apply", "-f", upgraded.toString())).as("3.17.0 rolls out").isZero();
    clock.advance(Duration.ofMinutes(16));
    var apply = run();
    assertThat(apply.run("apply", "-f", upgraded.toString())).isEqualTo(1);
    assertThat(apply.err()).contains("MLflow 3.17.0 did not become available within 15 minutes",
        "run mlflowctl rollback tracking.");
    assertThat(sandbox.recorded("tracking").getStatus().mlflowVersion).isEqualTo("3.14.0");
    return preUpgradeBackup();
  }

  /** The one backup the upgrade gate took, found by its name. */
  private String preUpgradeBackup() {
    return sandbox.state().backups.stream().filter(b -> "beforeUpgrade 3.17.0".equals(b.name)).findFirst()
        .orElseThrow().id;
  }

  /** MLflow now runs 3.14.0 on the backup's data, and no deployment ever had 3.17.0 on it. */
  private void assertOnBackupAtOldVersionOnly(String backup) {
    SandboxState state = sandbox.state();
    List<Deployment> mlflow = mlflowDeployments(state);
    assertThat(mlflow.get(mlflow.size() - 1)).satisfies(d -> {
      assertThat(d.image).isEqualTo(OLD_IMAGE);
      assertThat(d.volumeDataFrom).isEqualTo(backup);
    });
    assertThat(mlflow).as("deployments of the new image on the restored data")
        .noneMatch(d -> NEW_IMAGE.equals(d.image) && backup.equals(d.volumeDataFrom));
    assertThat(state.stagedRestores).isEmpty();
  }

  private List<Deployment> mlflowDeployments(SandboxState state) {
    String mlflow = sandbox.recorded("tracking").getStatus().ids.get("service/mlflow");
    return state.deployments.stream().filter(d -> d.serviceId.equals(mlflow)).toList();
  }

  private List<SandboxState.Workflow> restoreWorkflows() {
    return sandbox.state().workflows.stream().filter(w -> w.kind.equals("BACKUP_RESTORE")).toList();
  }

  private static List<String> errors(CliRun run) {
    return run.err().lines().filter(l -> l.startsWith("error: ")).toList();
  }

  private static String atVersion(String version) throws IOException {
    return Files.readString(Path.of(EXAMPLE)).replaceFirst("version: \"[0-9.]+\"", "version: \"" + version + "\"");
  }

  private CliRun run() {
    var cli = new CliRun(home);
    cli.clock = clock;
    return cli;
  }
}
