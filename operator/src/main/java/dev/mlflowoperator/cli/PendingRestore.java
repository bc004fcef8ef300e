package dev.mlflowoperator.cli;

import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.platform.railway.RailwayVolumeRestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The restore a command (mlflowctl restore or rollback) started on a Railway deployment and has not committed yet, as
 * recorded in its status.ids: the backup and the time, recorded before the restore is sent; its workflow, once
 * Railway answered; and, for a rollback's, the upgrade it rolls back. Railway can look a restore workflow up only by
 * its ID, so a restore sent without its workflow recorded holds a new one back for {@link #UNRECORDED_HOLD}.
 */
final class PendingRestore {
  /** status.ids key of the backup whose restore was sent and not yet committed. */
  static final String BACKUP = "restore/backup";
  /** status.ids key of that restore's workflow. */
  static final String WORKFLOW = "restore/workflow";
  /** status.ids key of the time that restore was sent, recorded before it is. */
  static final String REQUESTED = "restore/requested";
  /** status.ids key of the upgrade (its target version) whose rollback sent that restore; none for a plain restore. */
  static final String ROLLBACK = "rollback/pending";
  /** How long a restore sent without its workflow recorded holds a new one back. */
  static final Duration UNRECORDED_HOLD = Duration.ofMinutes(30);

  private final String name;
  private final Map<String, String> recorded;
  private final RailwayVolumeRestore restore;
  private final Clock clock;

  /** {@code recorded}: the deployment's status.ids, changed in place; the caller saves them when told. */
  PendingRestore(String name, Map<String, String> recorded, RailwayVolumeRestore restore, Clock clock) {
    this.name = name;
    this.recorded = recorded;
    this.restore = restore;
    this.clock = clock;
  }

  /** The backup of the pending restore, or null. */
  String backup() {
    return recorded.get(BACKUP);
  }

  /** The workflow of the pending restore, or null when none is pending or it was not recorded. */
  String workflow() {
    return recorded.get(WORKFLOW);
  }

  /** The upgrade whose rollback sent the pending restore, or null. */
  String rollback() {
    return recorded.get(ROLLBACK);
  }

  /**
   * Makes way for a new restore. A restore sent by a command that ended before recording its workflow: Railway may be
   * running it and it cannot be looked up, so refused for {@link #UNRECORDED_HOLD} after it was sent, then forgotten.
   * A recorded one: refused while Railway still runs it or it awaits its commit (both would be committed together),
   * forgotten once it failed.
   */
  void makeWay() {
    String pending = backup();
    if (pending == null) {
      return;
    }
    String workflow = workflow();
    if (workflow == null) {
      holdBackUnrecorded(pending);
      return;
    }
    WorkflowState state = restore.workflow(workflow);
    if (state.running() || "Complete".equals(state.status())) {
      throw new UserException("a restore of " + name + " from backup " + pending + " is " + state.status()
          + " (workflow " + workflow + "); finish it first with " + again() + " --wait");
    }
    clear();
  }

  private void holdBackUnrecorded(String pending) {
    String requested = recorded.get(REQUESTED);
    if (requested != null) {
      Instant until = Instant.parse(requested).plus(UNRECORDED_HOLD);
      if (clock.instant().isBefore(until)) {
        throw new UserException("a restore of " + name + " from backup " + pending + " was sent at " + requested
            + " by a command that ended before recording Railway's workflow, so it cannot be followed and Railway"
            + " may be running it; nothing was sent. From " + until + " on, " + again() + " starts it again (the"
            + " same backup gives the same data)");
      }
    }
    clear();
  }

  /**
   * Sends the restore of {@code backupId} (for the rollback of the upgrade to {@code rollbackOf}, or null): records
   * the backup and the time first, then the workflow Railway answers with; {@code save} persists the record.
   */
  String start(String backupId, String rollbackOf, Runnable save) {
    recorded.put(BACKUP, backupId);
    recorded.put(REQUESTED, clock.instant().toString());
    if (rollbackOf != null) {
      recorded.put(ROLLBACK, rollbackOf);
    }
    save.run();
    String workflow = restore.start(backupId);
    recorded.put(WORKFLOW, workflow);
    save.run();
    return workflow;
  }

  /**
   * Follows the recorded workflow: its state once it ended; empty while it runs (after polling every {@code poll} up
   * to {@code wait}, when given).
   */
  Optional<WorkflowState> follow(Optional<Duration> wait, Duration poll) {
    String workflow = workflow();
    return WorkflowWait.ended(() -> restore.workflow(workflow), wait, poll, clock, "waiting for the restore of "
        + name + "; it goes on on Railway: run " + again() + " --wait again");
  }

  /** Forgets the pending restore, once its workflow ended (failed, or completed and committed). */
  void clear() {
    recorded.remove(BACKUP);
    recorded.remove(WORKFLOW);
    recorded.remove(REQUESTED);
    recorded.remove(ROLLBACK);
  }

  /** The command that goes on with the pending restore. */
  private String again() {
    return rollback() != null ? "mlflowctl rollback " + name : "mlflowctl restore " + name + " --backup " + backup();
  }
}
