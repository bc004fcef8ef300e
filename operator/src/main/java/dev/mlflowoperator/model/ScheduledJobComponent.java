package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import java.util.List;

/**
 * A job that runs to completion on a schedule: one container with its image, command and environment, the volumes
 * it mounts and the writable directories it needs. A job that shares a service's data (a volume that only one node,
 * or only one service, may mount) runs beside that service: {@code runsBeside} is the service's key, null for none.
 * Every platform runs a schedule at the deployment's {@link JobTime} (UTC): every day, on Sundays (weekly) or on the
 * 1st (monthly).
 */
public record ScheduledJobComponent(
    String key,
    String name,
    String image,
    List<String> command,
    List<EnvVar> env,
    BackupKind schedule,
    Resources resources,
    List<Mount> mounts,
    List<ScratchDir> scratchDirs,
    String runsBeside) implements Component {
  public ScheduledJobComponent {
    command = List.copyOf(command);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
    scratchDirs = List.copyOf(scratchDirs);
  }
}
