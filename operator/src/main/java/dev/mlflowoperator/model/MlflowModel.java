package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowSpec;
import dev.mlflowoperator.model.ServiceComponent.Access;
import dev.mlflowoperator.model.ServiceComponent.Health;
import dev.mlflowoperator.model.ServiceComponent.Liveness;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import dev.mlflowoperator.model.ServiceComponent.Rollout;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The MLflow tracking server as a service component: private, one writer, its data on the stack's volume. */
public final class MlflowModel {
  public static final int PORT = 5000;
  public static final String HEALTH_PATH = "/health";
  /**
   * How long MLflow may take to serve after it started, its schema migration ({@code mlflow db upgrade}) included:
   * no liveness check stops it before then, since a migration stopped part-way cannot be rolled back.
   */
  public static final Duration STARTUP = Duration.ofMinutes(15);
  /** The mount of the data volume inside the MLflow service. */
  static final String DATA_MOUNT = "data";

  private MlflowModel() {}

  /** Reachable only by the proxy; replaced stop-then-start (SQLite allows one writer); /tmp and HOME writable. */
  static ServiceComponent of(StackNames names, MlflowDeploymentSpec spec, PlatformAddresses addresses) {
    MlflowSpec mlflow = spec.mlflow;
    String mountPath = spec.storage.mountPath;
    return new ServiceComponent(
        StackNames.COMPONENT_MLFLOW,
        names.mlflow(),
        image(mlflow),
        mlflow.version,
        MlflowCommand.of(mlflow, mountPath, addresses, names),
        env(mlflow),
        PORT,
        new Health(HEALTH_PATH, Liveness.HEALTH_PATH, STARTUP),
        Resources.exactly(mlflow.resources.cpu, mlflow.resources.memory),
        List.of(new Mount(DATA_MOUNT, StackNames.COMPONENT_STORAGE, mountPath)),
        List.of(),
        // Python's tempfile, gunicorn's worker heartbeats, and HOME for caches: the image's /root is not writable.
        List.of(new ScratchDir("tmp", "/tmp", List.of("HOME"))),
        Rollout.STOP_THEN_START,
        // The proxy, and the gc job, which deletes proxied artifacts through the server.
        mlflow.gc == null ? Access.onlyFrom(StackNames.COMPONENT_PROXY)
            : new Access(false, List.of(StackNames.COMPONENT_PROXY, StackNames.COMPONENT_GC)),
        List.of(),
        null);
  }

  /** The official image; the -full variant carries the Postgres and S3 drivers. */
  static String image(MlflowSpec mlflow) {
    if (mlflow.image != null && !mlflow.image.isBlank()) {
      return mlflow.image;
    }
    boolean needsDrivers =
        mlflow.backendStore.type == BackendStoreSpec.Type.POSTGRES
            || mlflow.artifacts.type == ArtifactsSpec.Type.S3;
    return "ghcr.io/mlflow/mlflow:v" + mlflow.version + (needsDrivers ? "-full" : "");
  }

  private static List<EnvVar> env(MlflowSpec mlflow) {
    var env = new ArrayList<EnvVar>();
    new TreeMap<>(mlflow.env).forEach((k, v) -> env.add(EnvVar.literal(k, v)));
    var backend = mlflow.backendStore;
    if (backend.type == BackendStoreSpec.Type.POSTGRES) {
      env.add(EnvVar.fromSecret(MlflowCommand.ENV_BACKEND_STORE_URI, backend.uriSecretRef.name, backend.uriSecretRef.key));
    }
    var artifacts = mlflow.artifacts;
    if (artifacts.type == ArtifactsSpec.Type.S3) {
      if (artifacts.endpoint != null) {
        env.add(EnvVar.literal("MLFLOW_S3_ENDPOINT_URL", artifacts.endpoint));
      }
      if (artifacts.region != null) {
        env.add(EnvVar.literal("AWS_DEFAULT_REGION", artifacts.region));
      }
      var creds = artifacts.credentialsSecretRef;
      if (creds != null) {
        env.add(EnvVar.fromSecret("AWS_ACCESS_KEY_ID", creds.name, creds.accessKeyIdKey));
        env.add(EnvVar.fromSecret("AWS_SECRET_ACCESS_KEY", creds.name, creds.secretAccessKeyKey));
      }
    }
    return env;
  }
}
