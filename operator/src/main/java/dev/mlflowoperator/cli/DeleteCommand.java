package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl delete: removes a recorded deployment's services, and its volume only under deletionPolicy: Delete. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a deployment that apply recorded in MLFLOWCTL_HOME.",
      "Its services on Railway (or the sandbox) are deleted. The volume with MLflow's data is kept under deletionPolicy: Retain (the default); under Delete it is deleted too, after asking on a terminal (without one, --yes is required).",
      "With --cluster, deletes the MlflowDeployment from the cluster of the current kubeconfig context instead (as kubectl delete does, with the same question under deletionPolicy: Delete); the operator then removes its objects and keeps or deletes the PVC as the policy says."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:deleted", "1:unknown name, not confirmed, or deleting failed", "2:wrong usage",
        "3:timed out waiting (--wait)"})
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = {"-y", "--yes"}, description = "Do not ask before deleting the volume; needed without a terminal.")
  boolean yes;

  @Option(names = "--wait", description = "Then wait until Railway no longer shows the services (with --cluster: until"
      + " the operator has finished and the resource is gone).")
  boolean wait;

  @Mixin DeploymentLocation location;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (location.cluster) {
      return deleteFromCluster(out, err);
    }
    new StateStore(root.home()).require(location.namespace, name);
    try (RailwaySession session = RailwaySession.forWriting(root, err)) {
      MlflowDeployment deployment = session.store().require(location.namespace, name);
      session.requireSameTarget(deployment);
      boolean deletesVolume = deployment.getSpec().deletionPolicy == DeletionPolicy.Delete;
      if (deletesVolume && !yes && !confirmed("the services of " + name)) {
        out.println("Nothing was deleted.");
        return 1;
      }
      session.railway().delete(deployment);
      var names = new StackNames(name);
      out.println(name + ": deleted services " + names.mlflow() + " and " + names.proxy() + " on " + session.where()
          + (deletesVolume ? " and the volume with MLflow's data (deletionPolicy: Delete)"
              : "; kept the volume with MLflow's data (deletionPolicy: Retain)"));
      out.flush();
      if (wait && !servicesGone(session, deployment)) {
        err.println("error: Railway still shows services of " + name + " after " + DurationConverter.format(timeout)
            + "; they may still go: check in Railway's dashboard, or run delete again");
        err.flush();
        return 3;
      }
      session.deployments().forget(deployment);
      return 0;
    }
  }

  private int deleteFromCluster(PrintWriter out, PrintWriter err) {
    try (var client = KubeClients.open(root.env())) {
      var deployments = new ClusterDeployments(client, location.namespace);
      MlflowDeployment deployment = deployments.get(name);
      boolean deletesVolume = deployment.getSpec().deletionPolicy == DeletionPolicy.Delete;
      if (deletesVolume && !yes && !confirmed("the MlflowDeployment " + name + " in namespace "
          + deployments.namespace())) {
        out.println("Nothing was deleted.");
        return 1;
      }
      deployments.delete(deployment);
      out.println(name + ": deleted the MlflowDeployment in namespace " + deployments.namespace()
          + "; the operator removes its objects and " + (deletesVolume
              ? "the PVC " + new StackNames(name).dataVolume() + " with MLflow's data (deletionPolicy: Delete)"
              : "keeps the PVC " + new StackNames(name).dataVolume() + " with MLflow's data (deletionPolicy: Retain)"));
      out.flush();
      if (wait && !waitedFor(() -> deployments.isGone(name))) {
        err.println("error: the MlflowDeployment " + name + " is still there after " + DurationConverter.format(timeout)
            + "; is the operator running? Check with kubectl describe mlflowdeployment " + name + " -n "
            + deployments.namespace());
        err.flush();
        return 3;
      }
      return 0;
    }
  }

  private boolean confirmed(String deleted) {
    String what = deleted + " and its volume with MLflow's data (deletionPolicy: Delete)";
    return root.terminal().confirms("Delete " + what + "?", "delete would delete " + what);
  }

  /** Observes until no service of the deployment is there; false when the timeout passes first. */
  private boolean servicesGone(RailwaySession session, MlflowDeployment deployment) {
    return waitedFor(() -> session.railway().deleted(deployment));
  }

  /** Checks every poll until {@code done}; false when the timeout passes first. */
  private boolean waitedFor(BooleanSupplier done) {
    Instant deadline = root.clock().instant().plus(timeout);
    while (!done.getAsBoolean()) {
      if (!root.clock().instant().isBefore(deadline)) {
        return false;
      }
      try {
        Sleeper.of(root.clock()).sleep(ApplyCommand.POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for " + name + " to go", e);
      }
    }
    return true;
  }
}
