package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups;
import dev.mlflowoperator.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl backup list: the completed backups of a deployment's data volume, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the backups of a deployment's data volume, newest first.",
      "Of a deployment recorded on Railway: its completed backups, with ID, KIND (daily, weekly, monthly, manual or"
          + " beforeUpgrade), CREATED and EXPIRES (when Railway deletes it; - for never).",
      "With --cluster: the operator's VolumeSnapshots of an MlflowDeployment's data volumes (its labels, one of its"
          + " PVCs as source), with NAME, KIND, PVC, CREATED, READY (readyToUse, or why it failed) and SIZE. Reads only."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:unknown name, no volume recorded yet, or Railway or the cluster refused", "2:wrong usage"})
final class BackupListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand BackupCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Mixin DeploymentLocation location;

  @Override
  public Integer call() {
    if (location.cluster) {
      try (var client = KubeClients.open(parent.root.env())) {
        var cluster = new ClusterBackups(client, new ClusterDeployments(client, location.namespace));
        MlflowDeployment deployment = cluster.deployment(name);
        return print(deployment, cluster.list(deployment).stream().map(b -> List.of(b.name(), b.kind(), b.claim(),
            orDash(b.takenAt()), b.error() != null ? "failed: " + b.error() : String.valueOf(b.ready()),
            orDash(b.size()))).toList(), List.of("NAME", "KIND", "PVC", "CREATED", "READY", "SIZE"));
      }
    }
    MlflowDeployment deployment = new StateStore(parent.root.home()).require(location.namespace, name);
    var backups = parent.withBackups(deployment, false, RailwayVolumeBackups::list);
    return print(deployment, backups.stream().map(b -> List.of(b.id(), b.kind(), b.createdAt(),
        orDash(b.expiresAt()))).toList(), List.of("ID", "KIND", "CREATED", "EXPIRES"));
  }

  private int print(MlflowDeployment deployment, List<List<String>> rows, List<String> header) {
    PrintWriter out = spec.commandLine().getOut();
    if (rows.isEmpty()) {
      out.println("no backups of " + name + " yet");
    } else {
      var table = new TextTable(header, Set.of());
      rows.forEach(table::row);
      out.print(table.render("", parent.root.colors()));
    }
    if (BackupCommand.postgres(deployment)) {
      out.println(BackupCommand.POSTGRES_NOTE);
    }
    out.flush();
    return 0;
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
