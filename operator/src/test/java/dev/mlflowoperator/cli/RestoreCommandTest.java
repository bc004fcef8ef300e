package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.SandboxState;
import dev.mlflowoperator.railway.sandbox.SandboxState.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mlflowctl restore on a deployment applied to the local Railway sandbox. */
class RestoreCommandTest extends AppliedOnSandbox {
  @Test
  void restoreCommitsTheSwapAndDeploysMlflowWhichThenSeesTheBackupsData() {
    String restored = backup("tracking");
    sandbox.fill(volumeInstance(), 100);
    String newer = backup("tracking");
    assertThat(latestMlflowDeployment().volumeDataFrom).as("MLflow serves its own data before").isNull();

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", restored, "--yes", "--wait")).as(restore.err()).isZero();

    assertThat(restore.out()).contains("restore of tracking from backup " + restored + " started (workflow ")
        .contains("restored tracking from backup " + restored, "any other change staged there was deployed with it",
            "Railway removed the backups newer than " + restored);
    SandboxState state = sandbox.state();
    assertThat(state.stagedRestores).isEmpty();
    assertThat(latestMlflowDeployment().volumeDataFrom).isEqualTo(restored);
    assertThat(state.backups).extracting(b -> b.id).contains(restored).doesNotContain(newer);
    var status = sandbox.recorded("tracking").getStatus();
    assertThat(status.ids).containsEntry(RestoreCommand.LAST, restored)
        .doesNotContainKeys(PendingRestore.BACKUP, PendingRestore.WORKFLOW);
    assertThat(status.backup.lastId).isEqualTo(restored);
    assertThat(status.backup.lastKind).isEqualTo("manual");

    var plan = run();
    assertThat(plan.run("plan", "-f", EXAMPLE, "--detailed-exitcode")).as("the restore leaves no drift: %s",
        plan.out()).isZero();
    var apply = run();
    assertThat(apply.run("apply", "-f", EXAMPLE, "--wait")).as(apply.err()).isZero();
    assertThat(sandbox.recorded("tracking").getStatus().ids).containsEntry(RestoreCommand.LAST, restored);
    assertThat(sandbox.recorded("tracking").getStatus().backup.lastId).isEqualTo(restored);
  }

  @Test
  void aRestoreStartedWithoutWaitIsFollowedNotStartedAgainByTheSameCommand() {
    String restored = backup("tracking");

    var start = run();
    assertThat(start.run("restore", "tracking", "--backup", restored, "--yes")).as(start.err()).isZero();
    assertThat(start.out()).contains("started (workflow ", "run mlflowctl restore tracking --backup " + restored
        + " --wait to commit it");
    assertThat(sandbox.recorded("tracking").getStatus().ids).containsEntry(PendingRestore.BACKUP, restored)
        .containsKey(PendingRestore.WORKFLOW);
    assertThat(latestMlflowDeployment().volumeDataFrom).isNull();

    var follow = run();
    assertThat(follow.run("restore", "tracking", "--backup", restored, "--wait")).as(follow.err()).isZero();
    assertThat(follow.out()).startsWith("following the restore of tracking from backup " + restored);
    assertThat(restoreWorkflows()).hasSize(1);
    assertThat(latestMlflowDeployment().volumeDataFrom).isEqualTo(restored);
  }

  @Test
  void aFailedRestoreWorkflowExitsOneWithTheReasonAndCommitsNothing() {
    String restored = backup("tracking");
    var start = run();
    assertThat(start.run("restore", "tracking", "--backup", restored, "--yes")).as(start.err()).isZero();
    sandbox.failRunningWorkflows("BACKUP_RESTORE"); // before anything reads the sandbox on the real clock
    int deployments = sandbox.state().deployments.size();

    var follow = run();
    assertThat(follow.run("restore", "tracking", "--backup", restored, "--yes", "--wait")).isEqualTo(1);

    assertThat(errors(follow)).singleElement().asString()
        .startsWith("error: the restore of tracking from backup " + restored + " did not complete")
        .contains("is Error: The backup restore workflow failed", "nothing was committed");
    SandboxState state = sandbox.state();
    assertThat(state.stagedRestores).isEmpty();
    assertThat(state.deployments).hasSize(deployments);
    assertThat(latestMlflowDeployment().volumeDataFrom).isNull();
    assertThat(sandbox.recorded("tracking").getStatus().ids)
        .doesNotContainKeys(PendingRestore.BACKUP, PendingRestore.WORKFLOW, RestoreCommand.LAST);
  }

  @Test
  void anUnknownBackupIdIsRefusedNamingItAndNothingIsStarted() {
    String own = backup("tracking");
    int deployments = sandbox.state().deployments.size();

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", "no-such-backup", "--yes", "--wait")).isEqualTo(1);

    assertThat(errors(restore)).singleElement().asString()
        .startsWith("error: backup no-such-backup is not a backup of the recorded volume instance")
        .contains("nothing was changed", own);
    assertNothingRestored(deployments);
  }

  @Test
  void anotherDeploymentsBackupIsRefusedNamingItAndNothingIsStarted() throws IOException {
    Path other = home.resolve("other.yaml");
    Files.writeString(other, Files.readString(Path.of(EXAMPLE)).replace("name: tracking", "name: other")
        .replace("project: ml-platform", "project: other-platform"));
    var apply = run();
    assertThat(apply.run("apply", "-f", other.toString(), "--wait")).as(apply.err()).isZero();
    String foreign = backup("other");
    int deployments = sandbox.state().deployments.size();

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", foreign, "--yes", "--wait")).isEqualTo(1);

    assertThat(errors(restore)).singleElement().asString().startsWith("error: backup " + foreign + " is not a backup of the recorded volume"
        + " instance " + volumeInstance());
    assertNothingRestored(deployments);
  }

  @Test
  void aRecordedMlflowServiceThatDoesNotMountTheVolumeIsRefusedAndNothingIsWritten() {
    String own = backup("tracking");
    var ids = sandbox.recorded("tracking").getStatus().ids;
    String proxy = ids.get("service/proxy");
    // A stale or edited record: MLflow's service ID names the proxy, which the deploy would then redeploy.
    sandbox.recordIds("tracking", Map.of("service/mlflow", proxy));
    int deployments = sandbox.state().deployments.size();

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", own, "--yes", "--wait")).isEqualTo(1);

    assertThat(errors(restore)).singleElement().asString()
        .startsWith("error: the recorded volume instance " + volumeInstance() + " is mounted by service "
            + ids.get("service/mlflow") + ", not by the recorded service " + proxy)
        .contains("nothing was changed");
    assertNothingRestored(deployments);
  }

  @Test
  void withoutATerminalAndWithoutYesItIsRefusedSayingToAddYes() {
    String restored = backup("tracking");

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", restored, "--wait")).isEqualTo(1);

    assertThat(restore.err()).contains("no terminal to ask on, so run it again with --yes to confirm");
    assertThat(restoreWorkflows()).isEmpty();
  }

  @Test
  void onATerminalItAsksFirstNamingTheBackupsItRemovesAndNoMeansNothingIsRestored() {
    String restored = backup("tracking");

    var restore = run();
    restore.terminal.answering("n");
    assertThat(restore.run("restore", "tracking", "--backup", restored, "--wait")).isEqualTo(1);

    assertThat(restore.terminal.prompts.toString()).startsWith("Restore the data volume of tracking from backup "
        + restored).contains("Railway removes the backups newer than this one", "[y/N]");
    assertThat(restore.out()).isEqualTo("Nothing was restored.\n");
    assertThat(restoreWorkflows()).isEmpty();
  }

  @Test
  void aRestoreStillRunningAtTheTimeoutExitsThreeAndIsFollowedByTheNextRun() {
    String restored = backup("tracking");

    var restore = run();
    assertThat(restore.run("restore", "tracking", "--backup", restored, "--yes", "--wait", "--timeout", "10s"))
        .isEqualTo(3);
    assertThat(restore.err()).contains("error: the restore of tracking has not completed after 10s; it goes on on"
        + " Railway: run mlflowctl restore tracking --backup " + restored + " --wait later");

    var follow = run();
    assertThat(follow.run("restore", "tracking", "--backup", restored, "--wait")).as(follow.err()).isZero();
    assertThat(restoreWorkflows()).hasSize(1);
    assertThat(latestMlflowDeployment().volumeDataFrom).isEqualTo(restored);
  }

  @Test
  void aRestoreSentByACommandThatEndedBeforeRecordingItsWorkflowHoldsBackANewOneForHalfAnHour() {
    String restored = backup("tracking");
    String sent = clock.instant().toString();
    sandbox.recordIds("tracking", Map.of(PendingRestore.BACKUP, restored, PendingRestore.REQUESTED, sent));
    clock.advance(PendingRestore.UNRECORDED_HOLD.minusSeconds(1));

    var held = run();
    assertThat(held.run("restore", "tracking", "--backup", restored, "--yes", "--wait")).isEqualTo(1);
    assertThat(errors(held)).singleElement().asString()
        .startsWith("error: a restore of tracking from backup " + restored + " was sent at " + sent)
        .contains("nothing was sent", "From " + Instant.parse(sent).plus(PendingRestore.UNRECORDED_HOLD)
            + " on, mlflowctl restore tracking --backup " + restored + " starts it again");
    assertThat(restoreWorkflows()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    var again = run();
    assertThat(again.run("restore", "tracking", "--backup", restored, "--yes", "--wait")).as(again.err()).isZero();
    assertThat(restoreWorkflows()).hasSize(1);
    assertThat(latestMlflowDeployment().volumeDataFrom).isEqualTo(restored);
    assertThat(sandbox.recorded("tracking").getStatus().ids).doesNotContainKeys(PendingRestore.BACKUP,
        PendingRestore.WORKFLOW, PendingRestore.REQUESTED);
  }

  @Test
  void helpNamesTheOptionsAndExitCodes() {
    var help = run();
    assertThat(help.run("restore", "--help")).isZero();
    assertThat(help.out()).contains("Restore a deployment's data volume", "--backup", "--yes", "--wait", "--timeout",
        "Exit codes:", "3   timed out waiting for the restore");
  }

  private void assertNothingRestored(int deployments) {
    SandboxState state = sandbox.state();
    assertThat(restoreWorkflows()).isEmpty();
    assertThat(state.stagedRestores).isEmpty();
    assertThat(state.deployments).hasSize(deployments);
    assertThat(sandbox.recorded("tracking").getStatus().ids).doesNotContainKeys(PendingRestore.WORKFLOW);
  }

  /** Takes a manual backup of the deployment and returns its ID. */
  private String backup(String name) {
    var create = run();
    assertThat(create.run("backup", "create", name, "--wait")).as(create.err()).isZero();
    String instance = sandbox.recorded(name).getStatus().ids.get("volumeInstance");
    return sandbox.state().backups.stream().filter(b -> b.volumeInstanceId.equals(instance))
        .max(Comparator.comparing(b -> b.createdAt)).orElseThrow().id;
  }

  private static List<String> errors(CliRun run) {
    return run.err().lines().filter(l -> l.startsWith("error: ")).toList();
  }

  private String volumeInstance() {
    return sandbox.recorded("tracking").getStatus().ids.get("volumeInstance");
  }

  private List<SandboxState.Workflow> restoreWorkflows() {
    return sandbox.state().workflows.stream().filter(w -> w.kind.equals("BACKUP_RESTORE")).toList();
  }

  private Deployment latestMlflowDeployment() {
    String mlflow = sandbox.recorded("tracking").getStatus().ids.get("service/mlflow");
    return sandbox.state().deployments.stream().filter(d -> d.serviceId.equals(mlflow)).reduce((a, b) -> b)
        .orElseThrow();
  }
}
