package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backup;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backups;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** status.backup from what one ObserveStack read of our volume instance. */
class RailwayBackupReportTest {
  private static final RailwayStackPlan NOTHING_TO_DO = new RailwayStackPlan(List.of(), null);

  @Test
  void withAPostgresBackendStoreTheStatusSaysTheBackupsDoNotCoverIt() {
    var status = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-1", BackendStoreSpec.Type.POSTGRES);

    assertThat(status.note).isEqualTo("the Postgres backend store is outside the volume, so these backups do not cover it");
    assertThat(RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-1", BackendStoreSpec.Type.SQLITE).note)
        .isNull();
  }

  @Test
  void theNewestBackupIsReportedWithItsScheduleKindOrItsNameWhenTheScheduleIsGone() {
    var status = RailwayBackupReport.of(NOTHING_TO_DO, read(List.of(
        new Backup("b-2", "Weekly", "2026-11-09T00:00:00Z", "gone"),
        new Backup("b-1", "Daily", "2026-11-08T00:00:00Z", "s-daily"))), "vi-1", BackendStoreSpec.Type.SQLITE);

    assertThat(status.lastId).isEqualTo("b-2");
    assertThat(status.lastKind).isEqualTo("weekly");
    assertThat(status.lastTime).isEqualTo("2026-11-09T00:00:00Z");
    assertThat(status.schedule).containsExactly("daily");
  }

  @Test
  void backupsReadOfAnotherVolumeInstanceAreNotReported() {
    assertThat(RailwayBackupReport.of(NOTHING_TO_DO, read(List.of()), "vi-other", BackendStoreSpec.Type.SQLITE))
        .isNull();
  }

  private static ObservedRailwayStack read(List<Backup> backups) {
    return new ObservedRailwayStack("p-1", "e-1", Map.of(), List.of(),
        new Backups("vi-1", List.of("DAILY"), Map.of("s-daily", "DAILY"), backups));
  }
}
