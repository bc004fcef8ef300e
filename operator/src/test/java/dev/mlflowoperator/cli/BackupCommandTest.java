package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateStore;
import org.junit.jupiter.api.Test;

/** mlflowctl backup list and backup create on a deployment applied to the local Railway sandbox. */
class BackupCommandTest extends AppliedOnSandbox {
  @Test
  void aFreshDeploymentHasNoBackupsYet() {
    var list = run();
    assertThat(list.run("backup", "list", "tracking")).as(list.err()).isZero();
    assertThat(list.out()).isEqualTo("no backups of tracking yet\n");
  }

  @Test
  void createWithWaitFollowsTheWorkflowUntilTheBackupIsListed() {
    var create = run();
    assertThat(create.run("backup", "create", "tracking", "--wait")).as(create.err()).isZero();
    assertThat(create.out()).matches("(?s)backup of tracking started \\(workflow [0-9a-f-]{36}\\)\n"
        + "backup of tracking completed\n");

    var list = run();
    assertThat(list.run("backup", "list", "tracking")).isZero();
    String id = sandbox.state().backups.get(0).id;
    assertThat(list.out().lines().toList()).hasSize(2);
    assertThat(list.out().lines().toList().get(0)).startsWith("ID").contains("KIND", "CREATED", "EXPIRES");
    assertThat(list.out().lines().toList().get(1)).startsWith(id).contains("manual");
  }

  @Test
  void createWithoutWaitStartsTheWorkflowAndReturns() {
    var create = run();
    assertThat(create.run("backup", "create", "tracking")).isZero();
    assertThat(create.out()).startsWith("backup of tracking started (workflow ");
    assertThat(create.out()).doesNotContain("completed");
    assertThat(sandbox.state().workflows).singleElement().satisfies(w -> assertThat(w.kind).isEqualTo("BACKUP_CREATE"));
  }

  @Test
  void aVolumeMoreThanHalfFullIsRefusedByRailwayInOneErrorLine() {
    sandbox.fill(sandbox.recorded("tracking").getStatus().ids.get("volumeInstance"), 4000);

    var create = run();
    assertThat(create.run("backup", "create", "tracking", "--wait")).isEqualTo(1);
    assertThat(create.err().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
        .contains("exceeds the limit of 50% of the volume size");
    assertThat(sandbox.state().workflows).isEmpty();
  }

  @Test
  void aRecordedVolumeInstanceThatIsNotOursIsRefusedAndNothingStarted() {
    var tampered = sandbox.recorded("tracking");
    tampered.getStatus().ids.put("volumeInstance", tampered.getStatus().ids.get("service/mlflow"));
    new StateStore(new MlflowctlHome(home, home.toString())).save(tampered);

    var create = run();
    assertThat(create.run("backup", "create", "tracking")).isEqualTo(1);
    assertThat(create.err()).contains("error: the recorded volume instance").contains("nothing was changed")
        .doesNotContain("--debug");
    assertThat(sandbox.state().workflows).isEmpty();
  }

  @Test
  void anUnknownNameSaysHowToListTheKnownOnes() {
    var list = run();
    assertThat(list.run("backup", "list", "nope")).isEqualTo(1);
    assertThat(list.err()).startsWith("error: no deployment named \"nope\" is recorded in " + home);
  }

  @Test
  void helpNamesTheOptionsAndExitCodes() {
    var help = run();
    assertThat(help.run("backup", "create", "--help")).isZero();
    assertThat(help.out()).contains("Take a manual backup", "--wait", "--timeout", "Exit codes:",
        "3   timed out waiting for the backup");
  }
}
