package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backup;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backups;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** status.backup from what one ObserveStack read of our volume instance. */
class RailwayBackupReportTest {
  /** A Sunday. */
  private static final Instant NOW = Instant.parse("2026-11-08T10:00:00Z");
  private static final RailwayStackPlan NOTHING_TO_DO = new RailwayStackPlan(List.of(), null);

  @Test
  void withAPostgresBackendStoreTheStatusSaysTheBackupsDoNotCoverIt() {
    var status = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-1", BackendStoreSpec.Type.POSTGRES, NOW);

    assertThat(status.note).isEqualTo("the Postgres backend store is outside the volume, so these backups do not cover it");
    assertThat(RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-1", BackendStoreSpec.Type.SQLITE, NOW).note)
        .isNull();
  }

  @Test
  void theNewestBackupIsReportedWithItsScheduleKindOrItsNameWhenTheScheduleIsGone() {
    var status = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of(
        new Backup("b-2", "Weekly", "2026-11-09T00:00:00Z", "gone"),
        new Backup("b-1", "Daily", "2026-11-08T00:00:00Z", "s-daily"))), "vi-1", BackendStoreSpec.Type.SQLITE, NOW);

    assertThat(status.lastId).isEqualTo("b-2");
    assertThat(status.lastKind).isEqualTo("weekly");
    assertThat(status.lastTime).isEqualTo("2026-11-09T00:00:00Z");
    assertThat(status.schedule).containsExactly("daily");
  }

  @Test
  void theNextScheduledBackupIsRailwaysNextCronRunOfTheScheduleWithEveryKindDueThen() {
    var daily = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of(), "DAILY", "WEEKLY"), "vi-1",
        BackendStoreSpec.Type.SQLITE, NOW);
    assertThat(daily.nextScheduled).isEqualTo("2026-11-09T00:00:00Z");
    assertThat(daily.nextKind).as("Monday midnight: the daily and the weekly cron").isEqualTo("daily, weekly");

    var monthly = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of(), "MONTHLY"), "vi-1",
        BackendStoreSpec.Type.SQLITE, NOW);
    assertThat(monthly.nextScheduled).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(monthly.nextKind).isEqualTo("monthly");

    var none = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of(), new String[0]), "vi-1",
        BackendStoreSpec.Type.SQLITE, NOW);
    assertThat(none.nextScheduled).isNull();
    assertThat(none.nextKind).isNull();
  }

  @Test
  void backupsReadOfAnotherVolumeInstanceAreNotReported() {
    assertThat(RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-other", BackendStoreSpec.Type.SQLITE, NOW))
        .isNull();
  }

  private static ObservedRailwayStack read(List<Backup> backups) {
    return read(backups, "DAILY");
  }

  private static ObservedRailwayStack read(List<Backup> backups, String... schedule) {
    return new ObservedRailwayStack("p-1", "e-1", Map.of(), List.of(),
        new Backups("vi-1", List.of(schedule), Map.of("s-daily", "DAILY"), backups));
  }
}
