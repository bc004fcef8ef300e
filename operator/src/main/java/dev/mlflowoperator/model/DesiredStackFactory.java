package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns a valid spec into the DesiredStack. Pure: no I/O, no clock, no randomness; the
 * credentials and the platform's addresses are passed in.
 */
public final class DesiredStackFactory {
  private DesiredStackFactory() {}

  public static DesiredStack build(
      String name, MlflowDeploymentSpec spec, Credentials credentials, PlatformAddresses addresses) {
    var names = new StackNames(name);
    String mountPath = spec.storage.mountPath;
    var mlflow =
        new MlflowServer(
            mlflowImage(spec.mlflow),
            spec.mlflow.version,
            MlflowCommand.of(spec.mlflow, mountPath, addresses),
            mlflowEnv(spec.mlflow),
            MlflowServer.PORT,
            mountPath,
            new Resources(spec.mlflow.resources.cpu, spec.mlflow.resources.memory),
            spec.mlflow.backendStore.type == BackendStoreSpec.Type.POSTGRES);
    String caddyfile = CaddyConfig.render(spec.proxy.caddyVersion);
    var proxy =
        new Proxy(
            proxyImage(spec),
            caddyfile,
            configHash(caddyfile, credentials),
            Proxy.PORT,
            proxyEnv(names, addresses));
    var storage =
        new Storage(spec.storage.size, mountPath, spec.deletionPolicy != DeletionPolicy.Delete);
    return new DesiredStack(names, mlflow, proxy, storage, credentials);
  }

  /** The official image; the -full variant carries the Postgres and S3 drivers. */
  static String mlflowImage(MlflowSpec mlflow) {
    if (mlflow.image != null && !mlflow.image.isBlank()) {
      return mlflow.image;
    }
    boolean needsDrivers =
        mlflow.backendStore.type == BackendStoreSpec.Type.POSTGRES
            || mlflow.artifacts.type == ArtifactsSpec.Type.S3;
    return "ghcr.io/mlflow/mlflow:v" + mlflow.version + (needsDrivers ? "-full" : "");
  }

  /** The stock Caddy image of the spec's version unless the spec names one. */
  static String proxyImage(MlflowDeploymentSpec spec) {
    if (spec.proxy.image != null && !spec.proxy.image.isBlank()) {
      return spec.proxy.image;
    }
    return "caddy:" + spec.proxy.caddyVersion;
  }

  /**
   * Changes whenever the proxy must restart: the Caddyfile or the credentials Caddy reads from its
   * environment at start (the username and the password hash). Each part is length-prefixed so
   * that no two different inputs concatenate to the same text.
   */
  static String configHash(String caddyfile, Credentials credentials) {
    var text = new StringBuilder();
    for (String part : List.of(caddyfile, credentials.username(), credentials.passwordHash())) {
      text.append(part.length()).append(':').append(part).append('\n');
    }
    return Sha256.hex(text.toString(), 8);
  }

  private static List<EnvVar> mlflowEnv(MlflowSpec mlflow) {
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

  private static List<EnvVar> proxyEnv(StackNames names, PlatformAddresses addresses) {
    return List.of(
        EnvVar.literal(CaddyConfig.ENV_PORT, "" + Proxy.PORT),
        EnvVar.literal(CaddyConfig.ENV_UPSTREAM, addresses.mlflowHost() + ":" + MlflowServer.PORT),
        EnvVar.fromSecret(CaddyConfig.ENV_USERNAME, names.credentials(), Credentials.USERNAME_KEY),
        EnvVar.fromSecret(CaddyConfig.ENV_PASSWORD_HASH, names.credentials(), Credentials.PASSWORD_HASH_KEY));
  }

}
