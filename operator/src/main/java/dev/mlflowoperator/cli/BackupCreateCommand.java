package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl backup create: starts a manual backup of a deployment's data volume and, with --wait, follows it. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Take a manual backup of a deployment's data volume.",
      "Starts Railway's backup workflow and prints its ID; with --wait, polls it until it completes."
          + " Railway refuses a manual backup of a volume more than half full."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:started (completed, with --wait)",
        "1:unknown name, no volume recorded yet, Railway refused, or the backup failed", "2:wrong usage",
        "3:timed out waiting for the backup"})
final class BackupCreateCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofSeconds(5);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand BackupCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", converter = DnsLabelConverter.Namespace.class,
      description = "Its namespace; default: any recorded one.")
  String namespace;

  @Option(names = "--wait", description = "Then wait until the backup has completed, polling every 5 s.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    MlflowDeployment deployment = new StateStore(parent.root.home()).require(namespace, name);
    PrintWriter out = spec.commandLine().getOut();
    return parent.withBackups(deployment, true, backups -> {
      String workflow = backups.create(null);
      out.println("backup of " + name + " started (workflow " + workflow + ")");
      if (BackupCommand.postgres(deployment)) {
        out.println(BackupCommand.POSTGRES_NOTE);
      }
      out.flush();
      return wait ? waitFor(workflow, backups::workflow) : 0;
    });
  }

  /** Polls the workflow until it is no longer running or the timeout is up. */
  private int waitFor(String workflow, Function<String, WorkflowState> status) {
    var clock = parent.root.clock();
    Instant start = clock.instant();
    while (true) {
      WorkflowState state = status.apply(workflow);
      if (!state.running()) {
        if ("Complete".equals(state.status())) {
          spec.commandLine().getOut().println("backup of " + name + " completed");
          spec.commandLine().getOut().flush();
          return 0;
        }
        throw new UserException("the backup of " + name + " did not complete: workflow " + workflow + " is "
            + state.status() + (state.error() == null ? "" : ": " + state.error()));
      }
      Duration elapsed = Duration.between(start, clock.instant());
      if (elapsed.compareTo(timeout) >= 0) {
        var err = spec.commandLine().getErr();
        err.println("error: the backup of " + name + " has not completed after " + DurationConverter.format(timeout)
            + "; it goes on on Railway: run mlflowctl backup list " + name + " later");
        err.flush();
        return 3;
      }
      try {
        Sleeper.of(clock).sleep(POLL.compareTo(timeout.minus(elapsed)) < 0 ? POLL : timeout.minus(elapsed));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for the backup of " + name + "; it goes on on Railway", e);
      }
    }
  }
}
