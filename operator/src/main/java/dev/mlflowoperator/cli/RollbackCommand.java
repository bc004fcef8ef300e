package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.platform.RecordedIds;
import dev.mlflowoperator.platform.UpgradeRollback;
import dev.mlflowoperator.platform.UpgradeRollback.Upgrade;
import dev.mlflowoperator.platform.railway.RailwayIds;
import dev.mlflowoperator.platform.railway.RailwayLayout;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.Listed;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.platform.railway.RailwayVolumeRestore;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * mlflowctl rollback: returns a recorded Railway deployment (or, with --cluster, an MlflowDeployment) to the MLflow
 * version that ran before its last gated upgrade, on the data of the backup taken before that upgrade.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Go back from the last MLflow upgrade: the version that ran before it, on the data of the backup taken before it"
          + " (spec.backup.beforeUpgrade). Works after an upgrade that ended UpgradeFailed and after one that"
          + " succeeded; what was written since that backup is lost.",
      "Of a deployment recorded on Railway (or the local sandbox): restores that backup, and once Railway's restore"
          + " workflow has completed (at once with --wait, else by running the same command again) sets MLflow's"
          + " image to the earlier version, commits the restore and deploys, so the new version never runs on the"
          + " restored data. The recorded spec then asks for the earlier version; change your spec file to it.",
      "With --cluster: sets the annotations mlflow-operator.dev/restore-from and mlflow-operator.dev/rollback-upgrade"
          + " on the MlflowDeployment in the cluster of the current kubeconfig context; the operator moves MLflow onto"
          + " a volume cut from the pre-upgrade VolumeSnapshot and back to the earlier version in one update.",
      "Asks on a terminal first; without one, --yes is required."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rolled back (with --wait: and Ready; without --wait: or the restore started)",
        "1:unknown name, nothing to roll back, not confirmed, refused, or the restore failed", "2:wrong usage",
        "3:timed out waiting"})
final class RollbackCommand implements Callable<Integer> {
  /** status.ids key: the upgrade (its target version) whose rollback started the restore recorded as pending. */
  static final String PENDING = "rollback/pending";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Mixin DeploymentLocation location;

  @Option(names = {"-y", "--yes"}, description = "Do not ask before rolling back; needed without a terminal.")
  boolean yes;

  @Option(names = "--wait", description = "Wait until the restore has completed, then deploy the earlier version and"
      + " wait until it is Ready (polling every 2 s).")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (location.cluster) {
      try (var client = KubeClients.open(root.env())) {
        return new ClusterRollback(new ClusterDeployments(client, location.namespace), root.terminal(), root.clock())
            .run(name, yes, wait ? Optional.of(timeout) : Optional.empty(), out, spec.commandLine().getErr());
      }
    }
    try (RailwaySession session = RailwaySession.forWriting(root, spec.commandLine().getErr())) {
      MlflowDeployment deployment = session.store().require(location.namespace, name);
      if (deployment.getSpec().target != Target.RAILWAY) {
        throw new UserException(name + " is not a Railway deployment; roll it back with mlflowctl rollback " + name
            + " --cluster");
      }
      session.requireSameTarget(deployment);
      Map<String, String> recorded = deployment.getStatus() == null ? Map.of() : deployment.getStatus().ids;
      Upgrade upgrade = UpgradeRollback.last(recorded, deployment.getStatus() == null ? null
          : deployment.getStatus().mlflowVersion).orElseThrow(() -> nothingToRollBack(name));
      if (recorded.get(RailwayIds.VOLUME_INSTANCE) == null) {
        throw new UserException("no volume instance of " + name + " is recorded yet; run mlflowctl apply -f FILE"
            + " and try again");
      }
      String volumeService = RailwayLayout.of(DesiredStackFactory.outline(name, deployment.getSpec())).volumeService();
      var restore = new RailwayVolumeRestore(session.api(), new RailwayIds(new RecordedIds(recorded)), volumeService);
      String step = name + " from MLflow " + upgrade.target() + " to " + upgrade.from();
      boolean following = upgrade.target().equals(recorded.get(PENDING))
          && recorded.get(RestoreCommand.PENDING_WORKFLOW) != null;
      if (!following) {
        Listed backup = restore.beforeUpgradeBackup(upgrade.target()).orElseThrow(() -> new UserException("the backup"
            + " taken before MLflow " + upgrade.target() + " (workflow " + upgrade.backup() + ") is not among the"
            + " backups of " + name + " (mlflowctl backup list " + name + "); nothing was changed"));
        refusePendingRestore(restore, recorded);
        if (!yes && !confirmed(step, backup)) {
          out.println("Nothing was rolled back.");
          return 1;
        }
        String workflow = restore.start(backup.id());
        recorded.put(RestoreCommand.PENDING_BACKUP, backup.id());
        recorded.put(RestoreCommand.PENDING_WORKFLOW, workflow);
        recorded.put(PENDING, upgrade.target());
        session.store().save(deployment);
        out.println("rollback of " + step + " started: restoring backup " + backup.id() + " (workflow " + workflow
            + ")");
      } else {
        out.println("following the rollback of " + step + " started before (restore of backup "
            + recorded.get(RestoreCommand.PENDING_BACKUP) + ", workflow " + recorded.get(RestoreCommand.PENDING_WORKFLOW)
            + ")");
      }
      out.flush();
      String backupId = recorded.get(RestoreCommand.PENDING_BACKUP);
      String workflow = recorded.get(RestoreCommand.PENDING_WORKFLOW);
      WorkflowState state = restore.workflow(workflow);
      Instant start = root.clock().instant();
      while (state.running()) {
        Duration elapsed = Duration.between(start, root.clock().instant());
        if (!wait || elapsed.compareTo(timeout) >= 0) {
          return stillRestoring();
        }
        pause(ApplyCommand.POLL, timeout.minus(elapsed));
        state = restore.workflow(workflow);
      }
      recorded.remove(RestoreCommand.PENDING_BACKUP);
      recorded.remove(RestoreCommand.PENDING_WORKFLOW);
      recorded.remove(PENDING);
      if (!"Complete".equals(state.status())) {
        session.store().save(deployment);
        throw new UserException("the restore of backup " + backupId + " for the rollback of " + step + " did not"
            + " complete: workflow " + workflow + " is " + state.status() + (state.error() == null ? ""
                : ": " + state.error()) + "; nothing was committed. Run the command again to start a new one");
      }
      String deployed = restore.commitAndDeployAt(backupId, mlflowImage(deployment, upgrade.from()));
      rolledBack(deployment, upgrade, backupId, volumeService, restore.list());
      session.store().save(deployment);
      out.println("rolled back " + step + ": committed the restore of backup " + backupId + " and deployed MLflow "
          + upgrade.from() + " on it (deployment " + deployed + "); any other change staged in the environment was"
          + " deployed with it, and Railway removed the backups newer than " + backupId + ".");
      out.println("  the recorded spec now asks for MLflow " + upgrade.from() + "; set spec.mlflow.version: \""
          + upgrade.from() + "\" in your spec file too (applying " + upgrade.target() + " keeps " + upgrade.from()
          + " and says UpgradeRolledBack)");
      out.flush();
      return converge(session, deployment.getMetadata().getName(), deployment, out);
    }
  }

  /** Records the rollback: the spec at the earlier version (a new generation), the restore, the loop's record. */
  private static void rolledBack(MlflowDeployment deployment, Upgrade upgrade, String backupId, String volumeService,
      List<Listed> left) {
    var status = deployment.getStatus();
    var ids = new RecordedIds(status.ids);
    Long generation = deployment.getMetadata().getGeneration();
    long next = generation == null ? 1 : generation + 1;
    UpgradeRollback.record(ids, upgrade, next);
    ids.put(RestoreCommand.LAST, backupId);
    // Deployed here, not by the loop: its next plan compares against what it deploys next, not the fingerprint before.
    ids.put(RailwayIds.deployed(volumeService), null);
    status.ids = ids.asMap();
    status.backup = RestoreCommand.backupStatus(status.backup, left);
    deployment.getSpec().mlflow.version = upgrade.from();
    deployment.getMetadata().setGeneration(next);
  }

  /** Runs the loop on the recorded spec, and with --wait again every 2 s until Ready. */
  private int converge(RailwaySession session, String name, MlflowDeployment deployment, PrintWriter out) {
    Instant start = root.clock().instant();
    while (true) {
      MlflowDeployment now = session.deployments().reconcile(Serialization.clone(deployment));
      Condition synced = ApplyCommand.condition(now, StatusRecorder.SYNCED).orElseThrow();
      Condition ready = ApplyCommand.condition(now, StatusRecorder.READY).orElseThrow();
      if (!"True".equals(synced.getStatus())) {
        throw new UserException(name + ": " + synced.getMessage() + " (" + synced.getReason() + ")");
      }
      if ("True".equals(ready.getStatus()) || !wait) {
        out.println(name + ": " + ("True".equals(ready.getStatus()) ? "Ready" : "Ready=False (" + ready.getReason()
            + "): " + ready.getMessage()) + "; MLflow " + now.getStatus().mlflowVersion);
        out.flush();
        return 0;
      }
      Duration elapsed = Duration.between(start, root.clock().instant());
      if (elapsed.compareTo(timeout) >= 0) {
        var err = spec.commandLine().getErr();
        err.println("error: " + name + " is rolled back but not Ready after " + DurationConverter.format(timeout)
            + ": " + ready.getMessage() + "; see mlflowctl status " + name);
        err.flush();
        return 3;
      }
      pause(ApplyCommand.POLL, timeout.minus(elapsed));
    }
  }

  /** MLflow's image at {@code version}, as the spec builds it. */
  private static String mlflowImage(MlflowDeployment deployment, String version) {
    var spec = Serialization.clone(deployment).getSpec();
    spec.mlflow.version = version;
    var outline = DesiredStackFactory.outline(deployment.getMetadata().getName(), spec);
    String service = RailwayLayout.of(outline).volumeService();
    return outline.services().stream().filter(s -> s.key().equals(service)).findFirst().orElseThrow().image();
  }

  static UserException nothingToRollBack(String name) {
    return new UserException("nothing to roll back: no backup taken before an MLflow upgrade of " + name
        + " is recorded (the upgrade gate takes one when spec.backup.beforeUpgrade is on); mlflowctl backup list "
        + name + " shows its backups and mlflowctl restore restores one");
  }

  /** A restore recorded as started: refused while Railway runs it or it awaits its commit; forgotten once failed. */
  private void refusePendingRestore(RailwayVolumeRestore restore, Map<String, String> recorded) {
    String other = recorded.get(RestoreCommand.PENDING_BACKUP);
    String workflow = recorded.get(RestoreCommand.PENDING_WORKFLOW);
    if (other == null || workflow == null) {
      return;
    }
    WorkflowState state = restore.workflow(workflow);
    if (state.running() || "Complete".equals(state.status())) {
      throw new UserException("a restore of " + name + " from backup " + other + " is " + state.status()
          + " (workflow " + workflow + "); finish it first with mlflowctl restore " + name + " --backup " + other
          + " --wait");
    }
    recorded.remove(RestoreCommand.PENDING_BACKUP);
    recorded.remove(RestoreCommand.PENDING_WORKFLOW);
    recorded.remove(PENDING);
  }

  private boolean confirmed(String step, Listed backup) {
    if (!root.terminal().isInteractive()) {
      throw new UserException("rollback would replace the data MLflow serves with backup " + backup.id()
          + ", losing what was written since; there is no terminal to ask on, so run it again with --yes to confirm");
    }
    String answer = root.terminal().readLine("Roll back " + step + " on the data of backup " + backup.id() + " ("
        + backup.kind() + ", created " + backup.createdAt() + ")? What was written since that backup is lost, Railway"
        + " removes the backups newer than it, and any other change staged in the environment is deployed too."
        + " [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  private int stillRestoring() {
    String again = "mlflowctl rollback " + name;
    if (!wait) {
      spec.commandLine().getOut().println("the restore runs on Railway; once it has completed, run " + again
          + " --wait to deploy the earlier version on it");
      spec.commandLine().getOut().flush();
      return 0;
    }
    var err = spec.commandLine().getErr();
    err.println("error: the restore for the rollback of " + name + " has not completed after "
        + DurationConverter.format(timeout) + "; it goes on on Railway: run " + again + " --wait later");
    err.flush();
    return 3;
  }

  private void pause(Duration poll, Duration left) {
    try {
      Sleeper.of(root.clock()).sleep(poll.compareTo(left) < 0 ? poll : left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while rolling back " + name + "; run mlflowctl rollback " + name
          + " --wait again", e);
    }
  }
}
