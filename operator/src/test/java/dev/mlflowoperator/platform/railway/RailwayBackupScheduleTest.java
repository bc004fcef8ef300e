package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.backup.schedule on Railway: set with the volume, repaired like every other setting, read in the one observe. */
class RailwayBackupScheduleTest {
  static final String SCHEDULE_UPDATE = "mutation($v: String!, $k: [VolumeInstanceBackupScheduleKind!]!) "
      + "{ volumeInstanceBackupScheduleUpdate(volumeInstanceId: $v, kinds: $k) }";
  static final String BACKUP_CREATE = "mutation($v: String!) "
      + "{ volumeInstanceBackupCreate(volumeInstanceId: $v) { workflowId } }";

  private RailwayStackHarness stack;

  @BeforeEach
  void start() {
    stack = RailwayStackHarness.inProcess();
  }

  @AfterEach
  void close() {
    stack.close();
  }

  @Test
  void aScheduleInTheSpecIsSetWithTheNewVolumeWithinTheFreshConvergeBudget() {
    schedule(BackupKind.DAILY, BackupKind.WEEKLY);

    stack.converge();

    assertThat(stack.requests()).as("fresh converge, %s", stack.sandbox.stats().snapshot()).isEqualTo(6);
    assertThat(kinds()).containsExactlyInAnyOrder("DAILY", "WEEKLY");
    assertThat(stack.id("volumeInstance")).isEqualTo(stack.sandbox.state().volumeInstances.get(0).id);
    assertThat(stack.status().backup.schedule).containsExactly("daily", "weekly");
    assertThat(stack.status().backup.lastId).as("no backup taken yet").isNull();
    assertThat(stack.status().backup.note).isNull();
  }

  @Test
  void theSteadyStateWithAScheduleIsOneRequestAndNoMutation() {
    schedule(BackupKind.DAILY);
    stack.converge();

    assertSteady();
    assertThat(stack.status().backup.schedule).containsExactly("daily");
  }

  @Test
  void theSteadyStateWithoutAScheduleIsOneRequestAndNoMutationAndReadsTheBackups() {
    stack.converge();

    assertSteady();
    assertThat(kinds()).isEmpty();
    assertThat(stack.status().backup.schedule).as("read: Railway holds none").isEmpty();
  }

  @Test
  void aScheduleChangedOutOfBandIsPutBackInTwoRequestsAndCountedAsDrift() {
    schedule(BackupKind.DAILY);
    stack.converge();
    stack.outOfBand(SCHEDULE_UPDATE, Map.of("v", stack.id("volumeInstance"), "k", List.of("MONTHLY")));
    long before = stack.requests();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).as("observe, then one ConfigureStack").isEqualTo(2);
    assertThat(report.drift()).contains("volume: backup schedule");
    assertThat(kinds()).containsExactly("DAILY");
    assertThat(stack.sandbox.state().deployments).as("a schedule needs no deploy").hasSize(2);
    assertSteady();
  }

  @Test
  void aScheduleRemovedFromTheSpecIsRemovedOnRailway() {
    schedule(BackupKind.DAILY);
    stack.converge();

    schedule();
    stack.reconcile();

    assertThat(kinds()).isEmpty();
    assertThat(stack.status().backup.schedule).isEmpty();
    assertSteady();
  }

  @Test
  void statusShowsTheNewestCompletedBackupWithItsKind() {
    schedule(BackupKind.DAILY);
    stack.converge();

    stack.clock.advance(Duration.ofDays(1));
    stack.reconcile();

    var daily = stack.sandbox.state().backups.get(0);
    assertThat(stack.status().backup.lastKind).isEqualTo("daily");
    assertThat(stack.status().backup.lastId).isEqualTo(daily.id);
    assertThat(stack.status().backup.lastTime).isEqualTo(daily.createdAt);

    stack.outOfBand(BACKUP_CREATE, Map.of("v", stack.id("volumeInstance")));
    stack.clock.advance(Duration.ofMinutes(5));
    stack.reconcile();

    assertThat(stack.status().backup.lastKind).isEqualTo("manual");
    assertThat(stack.status().backup.lastId).isNotEqualTo(daily.id);
  }

  @Test
  void aStaleVolumeInstanceIdIsForgottenAndOursRecordedAgainWithoutAWrite() {
    schedule(BackupKind.DAILY);
    stack.converge();
    String ours = stack.id("volumeInstance");
    stack.status().ids.put("volumeInstance", stack.id("volume"));
    long mutations = stack.mutations();

    stack.reconcile();

    assertThat(stack.id("volumeInstance")).isEqualTo(ours);
    assertThat(stack.mutations()).isEqualTo(mutations);
    assertThat(kinds()).containsExactly("DAILY");
    assertSteady();
  }

  private void assertSteady() {
    long before = stack.requests();
    long mutations = stack.mutations();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).as("steady state, %s", stack.sandbox.stats().snapshot()).isEqualTo(1);
    assertThat(stack.mutations()).isEqualTo(mutations);
    assertThat(report.drift()).isEmpty();
    assertThat(stack.plan().changes()).isEmpty();
  }

  private void schedule(BackupKind... kinds) {
    stack.resource.getSpec().backup.schedule = List.of(kinds);
  }

  private List<String> kinds() {
    SandboxState state = stack.sandbox.state();
    return state.backupSchedules.stream().map(s -> s.kind).toList();
  }
}
