package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.target.railway.RailwayChange.CreateService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl delete: removes a recorded deployment's services, and its volume only under deletionPolicy: Delete. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a deployment that apply recorded in MLFLOWCTL_HOME.",
      "Its services on Railway (or the sandbox) are deleted. The volume with MLflow's data is kept under deletionPolicy: Retain (the default); under Delete it is deleted too, after asking on a terminal (without one, --yes is required)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:deleted", "1:unknown name, not confirmed, or deleting failed", "2:wrong usage",
        "3:timed out waiting (--wait)"})
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = {"-y", "--yes"}, description = "Do not ask before deleting the volume; needed without a terminal.")
  boolean yes;

  @Option(names = "--wait", description = "Then wait until Railway no longer shows the services.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    recorded(new StateStore(root.home()));
    try (RailwaySession session = RailwaySession.forWriting(root, err)) {
      MlflowDeployment deployment = recorded(session.store());
      session.requireSameTarget(deployment);
      boolean deletesVolume = deployment.getSpec().deletionPolicy == DeletionPolicy.Delete;
      if (deletesVolume && !yes && !confirmed()) {
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
      session.store().delete(StateStore.namespaceOf(deployment), name);
      return 0;
    }
  }

  private MlflowDeployment recorded(StateStore store) {
    return store.load(name).orElseThrow(() -> new StateException("no deployment named \"" + name
        + "\" is recorded in " + store.home() + "; run mlflowctl status to list the recorded ones"));
  }

  private boolean confirmed() {
    String what = "the services of " + name + " and its volume with MLflow's data (deletionPolicy: Delete)";
    if (!root.terminal().isInteractive()) {
      throw new UserException("delete would delete " + what
          + "; there is no terminal to ask on, so run it again with --yes to confirm");
    }
    String answer = root.terminal().readLine("Delete " + what + "? [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  /** Observes until neither service is there; false when the timeout passes first. */
  private boolean servicesGone(RailwaySession session, MlflowDeployment deployment) {
    Instant deadline = root.clock().instant().plus(timeout);
    while (session.railway().plan(deployment, session.secrets()).plan().changes().stream()
        .filter(CreateService.class::isInstance).count() < 2) {
      if (!root.clock().instant().isBefore(deadline)) {
        return false;
      }
      try {
        Sleeper.of(root.clock()).sleep(ApplyCommand.POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for the services of " + name + " to go", e);
      }
    }
    return true;
  }
}
