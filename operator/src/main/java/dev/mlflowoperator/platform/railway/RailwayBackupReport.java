package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backup;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Backups;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateBackupSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** status.backup on Railway: the newest completed backup of our volume, the schedule Railway holds, its next run. */
final class RailwayBackupReport {
  static final String POSTGRES_NOTE =
      "the Postgres backend store is outside the volume, so these backups do not cover it";
  private static final Set<String> KINDS = Set.of("daily", "weekly", "monthly");

  private RailwayBackupReport() {}

  /**
   * The report once {@code plan} is applied: the schedule it set, else the one read, and its next run after
   * {@code now}; null when neither the backups
   * were read nor a schedule set (the volume instance is not known yet).
   */
  static BackupStatus of(RailwayStackPlan plan, ObservedRailwayStack observed, String volumeInstanceId,
      BackendStoreSpec.Type backendStore, Instant now) {
    Optional<Backups> read = Optional.ofNullable(volumeInstanceId).flatMap(observed::backupsOf);
    Optional<List<String>> schedule = plan.find(UpdateBackupSchedule.class).map(UpdateBackupSchedule::kinds)
        .or(() -> plan.createsDataVolume() ? Optional.of(plan.desired().backupSchedule()) : Optional.empty())
        .or(() -> read.map(Backups::schedule));
    if (schedule.isEmpty()) {
      return null;
    }
    var status = new BackupStatus();
    status.schedule = schedule.get().stream().map(RailwayBackupReport::lower).toList();
    RailwaySchedule.next(schedule.get(), now).ifPresent(next -> {
      status.nextScheduled = next.time().toString();
      status.nextKind = next.kinds();
    });
    read.ifPresent(backups -> backups.backups().stream().findFirst().ifPresent(last -> {
      status.lastId = last.id();
      status.lastTime = last.createdAt();
      status.lastKind = kindOf(last, backups);
    }));
    if (backendStore == BackendStoreSpec.Type.POSTGRES) {
      status.note = POSTGRES_NOTE;
    }
    return status;
  }

  /** The kind of its schedule; manual without one; by its name when the schedule is gone. */
  private static String kindOf(Backup backup, Backups backups) {
    if (backup.scheduleId() == null) {
      return beforeUpgrade(backup.name()) ? RailwayPlatform.BEFORE_UPGRADE : "manual";
    }
    String kind = backups.kindBySchedule().get(backup.scheduleId());
    if (kind != null) {
      return lower(kind);
    }
    String named = backup.name() == null ? "" : lower(backup.name());
    return KINDS.contains(named) ? named : "scheduled";
  }

  /** Whether a manual backup's name says it was taken before an upgrade. */
  static boolean beforeUpgrade(String name) {
    return name != null && name.startsWith(RailwayPlatform.BEFORE_UPGRADE + " ");
  }

  private static String lower(String kind) {
    return kind.toLowerCase(Locale.ROOT);
  }
}
