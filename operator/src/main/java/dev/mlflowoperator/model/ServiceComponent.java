package dev.mlflowoperator.model;

import java.time.Duration;
import java.util.List;

/**
 * A long-running service: one container with its image, command, environment and port, the volumes it mounts,
 * the config files it reads, who may connect to it, how it is health-checked and how a new version replaces the old.
 *
 * @param version the application version it runs, for status; null when not tracked
 * @param restartHash changes whenever the service must restart although nothing else in it changed; null for none
 */
public record ServiceComponent(
    String key,
    String name,
    String image,
    String version,
    List<String> command,
    List<EnvVar> env,
    int port,
    Health health,
    Resources resources,
    List<Mount> mounts,
    List<ConfigFile> files,
    List<ScratchDir> scratchDirs,
    Rollout rollout,
    Access access,
    List<String> keptCapabilities,
    String restartHash) implements Component {
  public ServiceComponent {
    command = List.copyOf(command);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
    files = List.copyOf(files);
    scratchDirs = List.copyOf(scratchDirs);
    keptCapabilities = List.copyOf(keptCapabilities);
  }

  /**
   * How a platform checks the service: the path that says it can serve, what says its process lives, and how long
   * it may take to serve after it started before a failed check counts (null: the platform's default).
   */
  public record Health(String path, Liveness liveness, Duration startup) {
    /** With the platform's default start-up time. */
    public Health(String path, Liveness liveness) {
      this(path, liveness, null);
    }
  }

  /** What a liveness check asks: the health path itself, or only that the port is open. */
  public enum Liveness { HEALTH_PATH, PORT_OPEN }

  /** How a new version takes over: stop the old one first (a single writer), or overlap until the new is healthy. */
  public enum Rollout { STOP_THEN_START, OVERLAP }

  /** A volume component mounted at a path; {@code name} is the mount's own name inside the service. */
  public record Mount(String name, String volumeKey, String path) {}

  /** A file the service reads at start, in a directory of its own. */
  public record ConfigFile(String directory, String fileName, String content) {
    public String path() {
      return directory + "/" + fileName;
    }
  }

  /**
   * A writable directory the process needs where the platform gives it a read-only root, and the variables that
   * point there unless the service's own environment sets them.
   */
  public record ScratchDir(String name, String path, List<String> environmentNames) {
    public ScratchDir {
      environmentNames = List.copyOf(environmentNames);
    }
  }

  /** Who may open a connection to the service: anyone, or only the services with these keys. */
  public record Access(boolean anyone, List<String> fromServices) {
    public Access {
      fromServices = List.copyOf(fromServices);
    }

    public static Access fromAnyone() {
      return new Access(true, List.of());
    }

    public static Access onlyFrom(String serviceKey) {
      return new Access(false, List.of(serviceKey));
    }
  }
}
