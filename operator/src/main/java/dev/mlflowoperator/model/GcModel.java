package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MLflow's housekeeping ({@code spec.mlflow.gc}) as a scheduled job: {@code mlflow gc --older-than ...} against the
 * server's backend store, beside the MLflow server whose volume it shares, with the server's private address as the
 * tracking URI so that proxied artifacts ({@code mlflow-artifacts:} URIs) are deleted through the server.
 */
public final class GcModel {
  /** mlflow gc reads the tracking URI from this variable when {@code --tracking-uri} is not given. */
  static final String ENV_TRACKING_URI = "MLFLOW_TRACKING_URI";

  private GcModel() {}

  /** The job, or none when {@code spec.mlflow.gc} is absent. */
  static Optional<ScheduledJobComponent> of(StackNames names, MlflowDeploymentSpec spec, PlatformAddresses addresses) {
    GcSpec gc = spec.mlflow.gc;
    if (gc == null) {
      return Optional.empty();
    }
    var mlflow = spec.mlflow;
    var env = new ArrayList<EnvVar>();
    env.add(EnvVar.literal(ENV_TRACKING_URI,
        "http://" + addresses.privateHost(names.mlflow()) + ":" + MlflowModel.PORT));
    var backend = mlflow.backendStore;
    boolean postgres = backend.type == BackendStoreSpec.Type.POSTGRES;
    if (postgres) {
      env.add(EnvVar.fromSecret(MlflowCommand.ENV_BACKEND_STORE_URI, backend.uriSecretRef.name,
          backend.uriSecretRef.key));
    }
    String mountPath = spec.storage.mountPath;
    return Optional.of(new ScheduledJobComponent(
        StackNames.COMPONENT_GC,
        names.gc(),
        MlflowModel.image(mlflow),
        postgres ? postgresCommand(gc.olderThan) : sqliteCommand(gc.olderThan, mountPath),
        env,
        gc.schedule,
        Resources.exactly(mlflow.resources.cpu, mlflow.resources.memory),
        // SQLite lives on the volume; the artifacts there too, though gc deletes those through the server.
        List.of(new Mount(MlflowModel.DATA_MOUNT, StackNames.COMPONENT_STORAGE, mountPath)),
        List.of(new ScratchDir("tmp", "/tmp", List.of("HOME"))),
        StackNames.COMPONENT_MLFLOW));
  }

  /** The database file on the volume, named as the server names it. */
  private static List<String> sqliteCommand(String olderThan, String mountPath) {
    return List.of("mlflow", "gc", "--older-than", olderThan,
        "--backend-store-uri", MlflowCommand.sqliteUri(mountPath));
  }

  /**
   * mlflow gc has no variable for the backend store (unlike the server), so its URI is handed over inside Python,
   * read from the environment as the server reads it: the URI never becomes an argument of any process.
   */
  private static List<String> postgresCommand(String olderThan) {
    return List.of("python3", "-c", "import os; from mlflow.cli import cli; cli.main(args=[\"gc\", \"--older-than\", \""
        + olderThan + "\", \"--backend-store-uri\", os.environ[\"" + MlflowCommand.ENV_BACKEND_STORE_URI
        + "\"]], prog_name=\"mlflow\")");
  }
}
