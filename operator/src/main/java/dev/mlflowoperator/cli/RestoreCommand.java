package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.platform.RecordedIds;
import dev.mlflowoperator.platform.railway.RailwayIds;
import dev.mlflowoperator.platform.railway.RailwayLayout;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.Listed;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.platform.railway.RailwayVolumeRestore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * mlflowctl restore: restores a recorded Railway deployment's data volume from one of its backups, or (--cluster) asks
 * the operator to restore an MlflowDeployment's from one of its VolumeSnapshots.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a deployment's data volume from one of its backups, replacing the data MLflow serves.",
      "Of a deployment recorded on Railway (or the local sandbox). Starts Railway's restore workflow; once it has"
          + " completed (at once with --wait, else by running the same command again), commits the environment's"
          + " staged changes and deploys MLflow, which then serves the backup's data. Railway removes the backups"
          + " newer than the restored one, and deploys any other change staged in the environment with it.",
      "With --cluster: sets the annotation mlflow-operator.dev/restore-from on the MlflowDeployment in the cluster of"
          + " the current kubeconfig context; the operator then cuts a new PVC from that VolumeSnapshot, moves MLflow"
          + " onto it and keeps the PVC in use (labelled).",
      "Asks on a terminal first; without one, --yes is required. A restore already started for the same backup is"
          + " followed, not started again."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:restored and MLflow deployed (without --wait: or the restore started)",
        "1:unknown name or backup, not confirmed, Railway refused, or the restore failed", "2:wrong usage",
        "3:timed out waiting for the restore"})
final class RestoreCommand implements Callable<Integer> {
  /** status.ids key of the backup whose restore was started and not yet committed. */
  static final String PENDING_BACKUP = "restore/backup";
  /** status.ids key of that restore's workflow. */
  static final String PENDING_WORKFLOW = "restore/workflow";
  /** status.ids key of the backup last restored (committed and deployed). */
  static final String LAST = "restore/last";
  /**
   * status.ids key of the time the pending restore was sent, recorded before it is: without its workflow, a command
   * ended in between, and the restore Railway may be running cannot be looked up.
   */
  static final String REQUESTED = "restore/requested";
  /** How long a restore sent without its workflow recorded holds a new one back. */
  static final Duration UNRECORDED_HOLD = Duration.ofMinutes(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = "--backup", required = true, paramLabel = "ID",
      description = "The backup to restore, as mlflowctl backup list shows it (with --cluster: a VolumeSnapshot's name).")
  String backupId;

  @Mixin DeploymentLocation location;

  @Option(names = {"-y", "--yes"}, description = "Do not ask before restoring; needed without a terminal.")
  boolean yes;

  @Option(names = "--wait", description = "Wait until the restore has completed (polling every 5 s), then commit it"
      + " and deploy MLflow.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (location.cluster) {
      try (var client = KubeClients.open(root.env())) {
        return new ClusterRestore(new ClusterDeployments(client, location.namespace), root.terminal(), root.clock())
            .run(name, backupId, yes, wait ? Optional.of(timeout) : Optional.empty(), out, spec.commandLine().getErr());
      }
    }
    try (RailwaySession session = RailwaySession.forWriting(root, spec.commandLine().getErr())) {
      MlflowDeployment deployment = session.store().require(location.namespace, name);
      Map<String, String> recorded = requireRestorable(deployment);
      if (recorded.get(RollbackCommand.PENDING) != null) {
        throw new UserException("a rollback of " + name + " is under way (restore of backup " + recorded.get(PENDING_BACKUP)
            + "); finish it first with mlflowctl rollback " + name + " --wait");
      }
      session.requireSameTarget(deployment);
      String volumeService = RailwayLayout.of(DesiredStackFactory.outline(name, deployment.getSpec())).volumeService();
      var restore = new RailwayVolumeRestore(session.api(), new RailwayIds(new RecordedIds(recorded)), volumeService);
      Listed backup = restore.requireOwnBackup(backupId);
      boolean following = backupId.equals(recorded.get(PENDING_BACKUP)) && recorded.get(PENDING_WORKFLOW) != null;
      if (!following) {
        holdBackUnrecordedRestore(recorded);
        forgetFinishedOtherRestore(restore, recorded);
        if (!yes && !confirmed(backup)) {
          out.println("Nothing was restored.");
          return 1;
        }
        recorded.put(PENDING_BACKUP, backupId);
        recorded.put(REQUESTED, root.clock().instant().toString());
        session.store().save(deployment);
        String workflow = restore.start(backupId);
        recorded.put(PENDING_WORKFLOW, workflow);
        session.store().save(deployment);
        out.println("restore of " + name + " from backup " + backupId + " started (workflow " + workflow + ")");
      } else {
        out.println("following the restore of " + name + " from backup " + backupId + " started before (workflow "
            + recorded.get(PENDING_WORKFLOW) + ")");
      }
      out.flush();
      String workflow = recorded.get(PENDING_WORKFLOW);
      WorkflowState state = restore.workflow(workflow);
      Instant start = root.clock().instant();
      while (state.running()) {
        Duration elapsed = Duration.between(start, root.clock().instant());
        if (!wait || elapsed.compareTo(timeout) >= 0) {
          return stillRunning();
        }
        pause(timeout.minus(elapsed));
        state = restore.workflow(workflow);
      }
      recorded.remove(PENDING_BACKUP);
      recorded.remove(PENDING_WORKFLOW);
      recorded.remove(REQUESTED);
      if (!"Complete".equals(state.status())) {
        session.store().save(deployment);
        throw new UserException("the restore of " + name + " from backup " + backupId + " did not complete: workflow "
            + workflow + " is " + state.status() + (state.error() == null ? "" : ": " + state.error())
            + "; nothing was committed and MLflow still serves its data. Run the command again to start a new restore");
      }
      String deployed = restore.commitAndDeploy(backupId);
      recorded.put(LAST, backupId);
      deployment.getStatus().backup = backupStatus(deployment.getStatus().backup, restore.list());
      session.store().save(deployment);
      out.println("restored " + name + " from backup " + backupId + " (" + backup.kind() + ", " + backup.createdAt()
          + "): committed the environment's staged changes (any other change staged there was deployed with it)"
          + " and deployed MLflow (deployment " + deployed + "), which serves the backup's data once it runs;"
          + " Railway removed the backups newer than " + backupId);
      out.flush();
      return 0;
    }
  }

  /** The recorded IDs, live in the deployment's status, of a Railway deployment whose volume instance is known. */
  private Map<String, String> requireRestorable(MlflowDeployment deployment) {
    if (deployment.getSpec().target != Target.RAILWAY) {
      throw new UserException(name + " is not a Railway deployment; restore on Kubernetes is not supported here yet");
    }
    if (deployment.getStatus() == null || deployment.getStatus().ids.get(RailwayIds.VOLUME_INSTANCE) == null) {
      throw new UserException("no volume instance of " + name + " is recorded yet; run mlflowctl apply -f FILE"
          + " and try again");
    }
    return deployment.getStatus().ids;
  }

  /**
   * A restore sent by a command that ended before recording its workflow: Railway may be running it and it cannot be
   * looked up, so none is started for {@link #UNRECORDED_HOLD} after it was sent; then it is forgotten.
   */
  private void holdBackUnrecordedRestore(Map<String, String> recorded) {
    String pending = recorded.get(PENDING_BACKUP);
    String requested = recorded.get(REQUESTED);
    if (pending == null || requested == null || recorded.get(PENDING_WORKFLOW) != null) {
      return;
    }
    Instant until = Instant.parse(requested).plus(UNRECORDED_HOLD);
    if (root.clock().instant().isBefore(until)) {
      throw new UserException("a restore of " + name + " from backup " + pending + " was sent at " + requested
          + " by a command that ended before recording Railway's workflow, so it cannot be followed and Railway may"
          + " be running it; nothing was sent. From " + until + " on, mlflowctl restore " + name + " --backup "
          + pending + " starts it again (the same backup gives the same data)");
    }
    recorded.remove(PENDING_BACKUP);
    recorded.remove(REQUESTED);
  }

  /**
   * A recorded restore of another backup: refused while Railway still runs it or it awaits its commit (both would be
   * committed together); forgotten once it failed.
   */
  private void forgetFinishedOtherRestore(RailwayVolumeRestore restore, Map<String, String> recorded) {
    String other = recorded.get(PENDING_BACKUP);
    String workflow = recorded.get(PENDING_WORKFLOW);
    if (other == null || workflow == null) {
      return;
    }
    WorkflowState state = restore.workflow(workflow);
    if (state.running() || "Complete".equals(state.status())) {
      throw new UserException("a restore of " + name + " from backup " + other + " is " + state.status()
          + " (workflow " + workflow + "); finish it first with mlflowctl restore " + name + " --backup " + other
          + " --wait");
    }
    recorded.remove(PENDING_BACKUP);
    recorded.remove(PENDING_WORKFLOW);
  }

  private boolean confirmed(Listed backup) {
    String what = "the data volume of " + name + " from backup " + backupId + " (" + backup.kind() + ", created "
        + backup.createdAt() + ")? MLflow then serves that backup's data: what was written since is lost, Railway"
        + " removes the backups newer than this one, and any other change staged in the environment is deployed too";
    if (!root.terminal().isInteractive()) {
      throw new UserException("restore would replace the data MLflow serves with backup " + backupId
          + "; there is no terminal to ask on, so run it again with --yes to confirm");
    }
    String answer = root.terminal().readLine("Restore " + what + ". [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  private int stillRunning() {
    String again = "mlflowctl restore " + name + " --backup " + backupId;
    if (!wait) {
      spec.commandLine().getOut().println("the restore runs on Railway; once it has completed, run " + again
          + " --wait to commit it and deploy MLflow");
      spec.commandLine().getOut().flush();
      return 0;
    }
    var err = spec.commandLine().getErr();
    err.println("error: the restore of " + name + " has not completed after " + DurationConverter.format(timeout)
        + "; it goes on on Railway: run " + again + " --wait later to commit it and deploy MLflow");
    err.flush();
    return 3;
  }

  private void pause(Duration left) {
    try {
      Sleeper.of(root.clock()).sleep(BackupCreateCommand.POLL.compareTo(left) < 0 ? BackupCreateCommand.POLL : left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while waiting for the restore of " + name + "; it goes on on Railway", e);
    }
  }

  /** status.backup after a restore: the newest backup left (newer ones are gone), the schedule and note kept. */
  static BackupStatus backupStatus(BackupStatus before, List<Listed> left) {
    var status = before == null ? new BackupStatus() : before;
    status.lastId = left.isEmpty() ? null : left.get(0).id();
    status.lastTime = left.isEmpty() ? null : left.get(0).createdAt();
    status.lastKind = left.isEmpty() ? null : left.get(0).kind();
    return status;
  }
}
