package dev.mlflowoperator.railway.sandbox;

import dev.mlflowoperator.railway.sandbox.SandboxState.Backup;
import dev.mlflowoperator.railway.sandbox.SandboxState.BackupSchedule;
import dev.mlflowoperator.railway.sandbox.SandboxState.StagedRestore;
import dev.mlflowoperator.railway.sandbox.SandboxState.VolumeInstance;
import dev.mlflowoperator.railway.sandbox.SandboxState.Workflow;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Railway's volume backups over a {@link SandboxState}: schedules of fixed kinds that back up on the clock and expire
 * (daily 6 days, weekly 30, monthly 90), manual backups and restores as workflows that take time and can fail (made
 * to by {@code workflowFails}, or for a volume instance's backups by its persisted {@code backupsFail}), and
 * the rule that everything takes a volume <em>instance</em> ID (any other ID is "Not Authorized").
 */
final class SandboxBackups {
  /** A manual backup of a volume that holds more than this share of its size is refused. */
  static final double MANUAL_BACKUP_LIMIT = 0.5;

  /** The schedule kinds: cron, name and retention as Railway describes them. */
  enum Kind {
    DAILY("0 0 * * *", "Daily", Duration.ofDays(6)),
    WEEKLY("0 0 * * 1", "Weekly", Duration.ofDays(30)),
    MONTHLY("0 0 1 * *", "Monthly", Duration.ofDays(90));

    final String cron;
    final String title;
    final Duration retention;

    Kind(String cron, String title, Duration retention) {
      this.cron = cron;
      this.title = title;
      this.retention = retention;
    }

    /** The first run of the cron strictly after {@code after} (UTC midnight; Mondays; the 1st of a month). */
    Instant nextRun(Instant after) {
      ZonedDateTime midnight = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
      ZonedDateTime next = switch (this) {
        case DAILY -> midnight.plusDays(1);
        case WEEKLY -> midnight.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        case MONTHLY -> midnight.with(TemporalAdjusters.firstDayOfNextMonth());
      };
      return next.toInstant();
    }
  }

  private final SandboxState state;
  private final SandboxIds ids;
  private final Clock clock;
  private final Duration workflowDuration;
  private final Predicate<String> workflowFails;
  private boolean changed;

  /** {@code workflowFails} says, per mutation field, whether the workflow it starts is to end in Error. */
  SandboxBackups(SandboxState state, SandboxIds ids, Clock clock, Duration workflowDuration,
      Predicate<String> workflowFails) {
    this.state = state;
    this.ids = ids;
    this.clock = clock;
    this.workflowDuration = workflowDuration;
    this.workflowFails = workflowFails;
  }

  /** True once, after anything changed since the last call. */
  boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  /** Brings everything up to the clock: due scheduled backups, finished workflows, expired backups. */
  void catchUp() {
    Instant now = clock.instant();
    for (BackupSchedule schedule : state.backupSchedules) {
      Kind kind = Kind.valueOf(schedule.kind);
      VolumeInstance volume = instanceOrNull(schedule.volumeInstanceId);
      for (Instant run = kind.nextRun(Instant.parse(schedule.lastRunAt)); !run.isAfter(now);
          run = kind.nextRun(run)) {
        if (volume != null) {
          Backup backup = backup(volume, kind.title, run);
          backup.scheduleId = schedule.id;
          backup.expiresAt = run.plus(kind.retention).toString();
        }
        schedule.lastRunAt = run.toString();
        changed = true;
      }
    }
    for (Workflow workflow : state.workflows) {
      if ("Running".equals(workflow.status) && !Instant.parse(workflow.endsAt).isAfter(now)) {
        finish(workflow);
        changed = true;
      }
    }
    changed |= state.backups.removeIf(b -> b.expiresAt != null && !Instant.parse(b.expiresAt).isAfter(now));
  }

  // ---- queries

  /** The instance's backups, newest first. */
  List<Map<String, Object>> list(String volumeInstanceId) {
    instance(volumeInstanceId);
    return state.backups.stream().filter(b -> b.volumeInstanceId.equals(volumeInstanceId))
        .sorted(Comparator.comparing((Backup b) -> Instant.parse(b.createdAt)).reversed())
        .map(SandboxBackups::shape).toList();
  }

  List<Map<String, Object>> schedules(String volumeInstanceId) {
    instance(volumeInstanceId);
    return state.backupSchedules.stream().filter(s -> s.volumeInstanceId.equals(volumeInstanceId))
        .map(SandboxBackups::shape).toList();
  }

  /** A workflow's status; an unknown ID is NotFound, not an error. */
  Map<String, Object> workflowStatus(String workflowId) {
    Optional<Workflow> workflow = state.workflows.stream().filter(w -> w.id.equals(workflowId)).findFirst();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", workflow.map(w -> w.status).orElse("NotFound"));
    result.put("error", workflow.map(w -> w.error).orElse(null));
    return result;
  }

  // ---- mutations

  /** Sets the instance's schedule to exactly these kinds; a kind kept keeps its schedule, backups stay until expiry. */
  boolean updateSchedule(String volumeInstanceId, List<String> kinds) {
    instance(volumeInstanceId);
    state.backupSchedules.removeIf(s -> s.volumeInstanceId.equals(volumeInstanceId) && !kinds.contains(s.kind));
    for (String kind : kinds.stream().distinct().toList()) {
      boolean present = state.backupSchedules.stream()
          .anyMatch(s -> s.volumeInstanceId.equals(volumeInstanceId) && s.kind.equals(kind));
      if (!present) {
        BackupSchedule schedule = new BackupSchedule();
        schedule.id = ids.uuid();
        schedule.volumeInstanceId = volumeInstanceId;
        schedule.kind = kind;
        schedule.createdAt = clock.instant().toString();
        schedule.lastRunAt = schedule.createdAt;
        state.backupSchedules.add(schedule);
      }
    }
    changed = true;
    return true;
  }

  /** Starts a manual backup; refused when the volume holds more than half its size. */
  Map<String, Object> create(String name, String volumeInstanceId) {
    VolumeInstance volume = instance(volumeInstanceId);
    if (volume.usedMB > volume.sizeMB * MANUAL_BACKUP_LIMIT) {
      throw new SandboxException("Backup size (" + volume.usedMB + " MB) exceeds the limit of 50% of the volume"
          + " size (" + volume.sizeMB + " MB)");
    }
    Workflow workflow = start("BACKUP_CREATE", "volumeInstanceBackupCreate", volumeInstanceId);
    workflow.name = name == null ? "Manual" : name;
    return workflowId(workflow);
  }

  /** Starts a restore: once complete, the swap is staged in the environment and newer backups are gone. */
  Map<String, Object> restore(String backupId, String volumeInstanceId) {
    backupOf(backupId, volumeInstanceId);
    Workflow workflow = start("BACKUP_RESTORE", "volumeInstanceBackupRestore", volumeInstanceId);
    workflow.backupId = backupId;
    return workflowId(workflow);
  }

  Map<String, Object> delete(String backupId, String volumeInstanceId) {
    backupOf(backupId, volumeInstanceId);
    Workflow workflow = start("BACKUP_DELETE", "volumeInstanceBackupDelete", volumeInstanceId);
    workflow.backupId = backupId;
    return workflowId(workflow);
  }

  /** Commits the environment's staged restores: each volume now holds its backup's data (seen after a deploy). */
  void commitStaged(String environmentId) {
    List<StagedRestore> committed = state.stagedRestores.stream()
        .filter(r -> r.environmentId.equals(environmentId)).toList();
    for (StagedRestore restore : committed) {
      Optional.ofNullable(instanceOrNull(restore.volumeInstanceId)).ifPresent(v -> v.dataFrom = restore.backupId);
    }
    changed |= state.stagedRestores.removeAll(committed);
  }

  // ---- helpers

  private Workflow start(String kind, String field, String volumeInstanceId) {
    Workflow workflow = new Workflow();
    workflow.id = ids.uuid();
    workflow.kind = kind;
    workflow.volumeInstanceId = volumeInstanceId;
    workflow.endsAt = clock.instant().plus(workflowDuration).toString();
    workflow.fails = workflowFails.test(field);
    state.workflows.add(workflow);
    changed = true;
    return workflow;
  }

  private void finish(Workflow workflow) {
    VolumeInstance volume = instanceOrNull(workflow.volumeInstanceId);
    if (workflow.fails || volume == null || (volume.backupsFail && "BACKUP_CREATE".equals(workflow.kind))) {
      workflow.status = "Error";
      workflow.error = "The " + workflow.kind.toLowerCase(Locale.ROOT).replace('_', ' ') + " workflow failed";
      return;
    }
    Instant ended = Instant.parse(workflow.endsAt);
    switch (workflow.kind) {
      case "BACKUP_CREATE" -> backup(volume, workflow.name, ended);
      case "BACKUP_RESTORE" -> {
        Instant restored = state.backups.stream().filter(b -> b.id.equals(workflow.backupId))
            .map(b -> Instant.parse(b.createdAt)).findFirst().orElse(ended);
        state.backups.removeIf(b -> b.volumeInstanceId.equals(volume.id)
            && Instant.parse(b.createdAt).isAfter(restored));
        state.stagedRestores.removeIf(r -> r.volumeInstanceId.equals(volume.id));
        StagedRestore staged = new StagedRestore();
        staged.environmentId = volume.environmentId;
        staged.volumeInstanceId = volume.id;
        staged.backupId = workflow.backupId;
        state.stagedRestores.add(staged);
      }
      default -> state.backups.removeIf(b -> b.id.equals(workflow.backupId));
    }
    workflow.status = "Complete";
  }

  private Backup backup(VolumeInstance volume, String name, Instant at) {
    Backup backup = new Backup();
    backup.id = ids.uuid();
    backup.volumeInstanceId = volume.id;
    backup.name = name;
    backup.createdAt = at.toString();
    backup.externalId = ids.hex(16);
    backup.usedMB = volume.usedMB;
    backup.volumeInstanceSizeMB = volume.sizeMB;
    state.backups.add(backup);
    return backup;
  }

  private Backup backupOf(String backupId, String volumeInstanceId) {
    instance(volumeInstanceId);
    return state.backups.stream()
        .filter(b -> b.id.equals(backupId) && b.volumeInstanceId.equals(volumeInstanceId))
        .findFirst().orElseThrow(() -> SandboxException.notFound("Backup"));
  }

  /** The volume instance; any other ID (a volume's, a service's, none) is answered as a missing permission. */
  private VolumeInstance instance(String volumeInstanceId) {
    return Optional.ofNullable(instanceOrNull(volumeInstanceId))
        .orElseThrow(() -> new SandboxException("Not Authorized"));
  }

  /** A volume queued for deletion still has its instance (and backups) until Railway removes it. */
  private VolumeInstance instanceOrNull(String volumeInstanceId) {
    return state.volumeInstances.stream().filter(v -> v.id.equals(volumeInstanceId)).findFirst().orElse(null);
  }

  private static Map<String, Object> workflowId(Workflow workflow) {
    return Map.of("workflowId", workflow.id);
  }

  private static Map<String, Object> shape(Backup backup) {
    Map<String, Object> shaped = new LinkedHashMap<>();
    shaped.put("id", backup.id);
    shaped.put("name", backup.name);
    shaped.put("createdAt", backup.createdAt);
    shaped.put("expiresAt", backup.expiresAt);
    shaped.put("externalId", backup.externalId);
    shaped.put("scheduleId", backup.scheduleId);
    shaped.put("usedMB", backup.usedMB);
    shaped.put("referencedMB", backup.usedMB);
    shaped.put("volumeInstanceSizeMB", backup.volumeInstanceSizeMB);
    shaped.put("creatorId", null);
    return shaped;
  }

  private static Map<String, Object> shape(BackupSchedule schedule) {
    Kind kind = Kind.valueOf(schedule.kind);
    Map<String, Object> shaped = new LinkedHashMap<>();
    shaped.put("id", schedule.id);
    shaped.put("kind", schedule.kind);
    shaped.put("name", kind.title);
    shaped.put("cron", kind.cron);
    shaped.put("createdAt", schedule.createdAt);
    shaped.put("retentionSeconds", (int) kind.retention.toSeconds());
    return shaped;
  }
}
