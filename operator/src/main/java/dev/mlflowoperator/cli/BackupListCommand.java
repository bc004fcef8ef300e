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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl backup list: the completed backups of a deployment's data volume, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the completed backups of a deployment's data volume, newest first.",
      "ID, KIND (daily, weekly, monthly or manual), CREATED and EXPIRES (when Railway deletes it; - for never). Reads only."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:unknown name, no volume recorded yet, or Railway refused", "2:wrong usage"})
final class BackupListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand BackupCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", converter = DnsLabelConverter.Namespace.class,
      description = "Its namespace; default: any recorded one.")
  String namespace;

  @Override
  public Integer call() {
    MlflowDeployment deployment = new StateStore(parent.root.home()).require(namespace, name);
    var backups = parent.withBackups(deployment, false, RailwayVolumeBackups::list);
    PrintWriter out = spec.commandLine().getOut();
    if (backups.isEmpty()) {
      out.println("no backups of " + name + " yet");
    } else {
      var table = new TextTable(List.of("ID", "KIND", "CREATED", "EXPIRES"), Set.of());
      backups.forEach(b -> table.row(List.of(b.id(), b.kind(), b.createdAt(),
          b.expiresAt() == null ? "-" : b.expiresAt())));
      out.print(table.render("", parent.root.colors()));
    }
    if (BackupCommand.postgres(deployment)) {
      out.println(BackupCommand.POSTGRES_NOTE);
    }
    out.flush();
    return 0;
  }
}
