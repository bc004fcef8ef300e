package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl backup create: starts a manual backup of a deployment's data volume and, with --wait, follows it. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Take a manual backup of a deployment's data volume.",
      "Of a deployment recorded on Railway: starts Railway's backup workflow and prints its ID; with --wait, polls it"
          + " until it completes. Railway refuses a manual backup of a volume more than half full.",
      "With --cluster: creates a VolumeSnapshot of the PVC an MlflowDeployment's MLflow uses, with the operator's"
          + " labels and kind manual (never pruned by the schedule), in spec.kubernetes.volumeSnapshotClassName;"
          + " with --wait, polls it until it is readyToUse."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:started (completed, with --wait)",
        "1:unknown name, no volume recorded yet, no snapshot class, Railway or the cluster refused, or the backup failed", "2:wrong usage",
        "3:timed out waiting for the backup"})
final class BackupCreateCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofSeconds(5);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand BackupCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Mixin DeploymentLocation location;

  @Option(names = "--wait", description = "Then wait until the backup has completed, polling every 5 s.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    if (location.cluster) {
      try (var client = KubeClients.open(parent.root.env())) {
        var cluster = new ClusterBackups(client, new ClusterDeployments(client, location.namespace));
        MlflowDeployment deployment = cluster.deployment(name);
        String snapshot = cluster.create(deployment, parent.root.clock().instant());
        started(deployment, "VolumeSnapshot " + snapshot);
        return wait ? waitFor("VolumeSnapshot " + snapshot, cluster.progress(deployment, snapshot),
            "in the cluster: run mlflowctl backup list " + name + " --cluster") : 0;
      }
    }
    MlflowDeployment deployment = new StateStore(parent.root.home()).require(location.namespace, name);
    return parent.withBackups(deployment, true, backups -> {
      String workflow = backups.create(null);
      started(deployment, "workflow " + workflow);
      return wait ? waitFor("workflow " + workflow, () -> backups.workflow(workflow),
          "on Railway: run mlflowctl backup list " + name) : 0;
    });
  }

  private void started(MlflowDeployment deployment, String what) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("backup of " + name + " started (" + what + ")");
    if (BackupCommand.postgres(deployment)) {
      out.println(BackupCommand.POSTGRES_NOTE);
    }
    out.flush();
  }

  /**
   * Polls {@code what} (a workflow, a snapshot) until it is no longer running or the timeout is up; {@code goesOn}
   * says where it goes on and how to look at it later.
   */
  private int waitFor(String what, Supplier<WorkflowState> status, String goesOn) {
    Optional<WorkflowState> ended = WorkflowWait.ended(status, Optional.of(timeout), POLL, parent.root.clock(),
        "waiting for the backup of " + name + "; it goes on " + goesOn + " later");
    if (ended.isEmpty()) {
      var err = spec.commandLine().getErr();
      err.println("error: the backup of " + name + " has not completed after " + DurationConverter.format(timeout)
          + "; it goes on " + goesOn + " later");
      err.flush();
      return 3;
    }
    WorkflowState state = ended.get();
    if (!"Complete".equals(state.status())) {
      throw new UserException("the backup of " + name + " did not complete: " + what + " is "
          + state.status() + (state.error() == null ? "" : ": " + state.error()));
    }
    spec.commandLine().getOut().println("backup of " + name + " completed");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
