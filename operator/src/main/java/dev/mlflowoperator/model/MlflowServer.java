package dev.mlflowoperator.model;

import java.util.List;

/** The desired MLflow tracking server container. */
public record MlflowServer(
    String image,
    String version,
    List<String> command,
    List<EnvVar> env,
    int port,
    String mountPath,
    Resources resources,
    boolean runsMigrations) {
  public static final int PORT = 5000;
  public static final String HEALTH_PATH = "/health";

  public MlflowServer {
    command = List.copyOf(command);
    env = List.copyOf(env);
  }
}
