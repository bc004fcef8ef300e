package dev.mlflowoperator.state;

import java.nio.file.Path;
import java.util.Map;

/**
 * The directory mlflowctl keeps its state in: {@code MLFLOWCTL_HOME}, else {@code ~/.mlflowctl}.
 *
 * @param dir the directory
 * @param display the directory as the user wrote or knows it, for messages ({@code ~/.mlflowctl} by default)
 */
public record MlflowctlHome(Path dir, String display) {
  public static final String ENV = "MLFLOWCTL_HOME";
  private static final String DEFAULT_NAME = ".mlflowctl";

  /** The home named by {@code MLFLOWCTL_HOME} in {@code env}, else {@code .mlflowctl} in the user's home directory. */
  public static MlflowctlHome resolve(Map<String, String> env) {
    String configured = env.get(ENV);
    if (configured != null && !configured.isBlank()) {
      return new MlflowctlHome(Path.of(configured.trim()), configured.trim());
    }
    return new MlflowctlHome(Path.of(System.getProperty("user.home"), DEFAULT_NAME), "~/" + DEFAULT_NAME);
  }

  /** A file or directory inside the home. */
  public Path resolve(String relative) {
    return dir.resolve(relative);
  }

  @Override
  public String toString() {
    return display;
  }
}
