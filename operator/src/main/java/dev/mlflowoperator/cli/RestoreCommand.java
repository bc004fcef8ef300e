package dev.mlflowoperator.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl restore: moves a deployment's data onto a volume restored from one of its backups. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a deployment's data volume from one of its backups.",
      "With --cluster: sets the annotation mlflow-operator.dev/restore-from on the MlflowDeployment in the cluster of"
          + " the current kubeconfig context; the operator then cuts a new PVC from that VolumeSnapshot, moves MLflow"
          + " onto it and keeps the PVC in use (labelled). Asks first on a terminal (without one, --yes is required)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:asked (restored, with --wait)", "1:unknown name, not confirmed, or refused", "2:wrong usage",
        "3:timed out waiting (--wait)"})
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status --cluster lists it.")
  String name;

  @Option(names = "--backup", required = true, paramLabel = "SNAPSHOT",
      description = "The backup to restore: the name of one of the deployment's VolumeSnapshots.")
  String backup;

  @Option(names = {"-y", "--yes"}, description = "Do not ask first; needed without a terminal.")
  boolean yes;

  @Option(names = "--wait", description = "Then wait until the operator has restored it (or refused), polling every 2 s.")
  boolean wait;

  @Mixin DeploymentLocation location;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "How long --wait waits, e.g. 90s, 10m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    if (!location.cluster) {
      throw new CommandLine.ParameterException(spec.commandLine(), "restore needs --cluster in this version: it"
          + " restores MlflowDeployments in the cluster of the current kubeconfig context");
    }
    try (var client = KubeClients.open(root.env())) {
      return new ClusterRestore(new ClusterDeployments(client, location.namespace), root.terminal(), root.clock())
          .run(name, backup, yes, wait ? Optional.of(timeout) : Optional.empty(), spec.commandLine().getOut(),
              spec.commandLine().getErr());
    }
  }
}
