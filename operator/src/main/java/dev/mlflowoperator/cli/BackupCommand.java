package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.railway.RailwayIds;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups;
import dev.mlflowoperator.platform.RecordedIds;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** mlflowctl backup: the backups of a deployment's data volume, on Railway or (--cluster) in the cluster. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "List or take backups of a deployment's data volume.",
      "Of a deployment recorded on Railway (or the local sandbox), by the volume instance its status recorded; with"
          + " --cluster, of an MlflowDeployment in the cluster of the current kubeconfig context (VolumeSnapshots)."
    },
    subcommands = {BackupListCommand.class, BackupCreateCommand.class})
final class BackupCommand implements Runnable {
  static final String POSTGRES_NOTE =
      "note: the Postgres backend store is outside the volume, so these backups do not cover it";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code work} on the backups of the recorded Railway deployment, in a session of the given kind. */
  <T> T withBackups(MlflowDeployment deployment, boolean writing, Function<RailwayVolumeBackups, T> work) {
    String name = deployment.getMetadata().getName();
    if (deployment.getSpec().target != Target.RAILWAY) {
      throw new UserException(name + " is not a Railway deployment; the backups of an MlflowDeployment are"
          + " VolumeSnapshots in its cluster: add --cluster");
    }
    var ids = new RailwayIds(new RecordedIds(deployment.getStatus() == null ? Map.of()
        : deployment.getStatus().ids));
    if (ids.get(RailwayIds.VOLUME_INSTANCE) == null) {
      throw new UserException("no volume instance of " + name + " is recorded yet; run mlflowctl apply -f FILE"
          + " and try again");
    }
    var err = spec.commandLine().getErr();
    try (RailwaySession session = writing ? RailwaySession.forWriting(root, err) : RailwaySession.forReading(root, err)) {
      session.requireSameTarget(deployment);
      return work.apply(new RailwayVolumeBackups(session.api(), ids));
    }
  }

  static boolean postgres(MlflowDeployment deployment) {
    return deployment.getSpec().mlflow.backendStore.type == BackendStoreSpec.Type.POSTGRES;
  }
}
