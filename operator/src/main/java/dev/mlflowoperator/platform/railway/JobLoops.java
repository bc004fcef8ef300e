package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled jobs on Railway, where a volume is mounted by one service only: a job that needs the data of the service
 * it runs beside runs inside that service, as a background shell loop started before the service's own command
 * ({@code while sleep N; do JOB; done & exec SERVICE}). A failed run only ends that run: the loop goes on, and the
 * service's process (which the shell becomes) never depends on it. Railway's API does not see these runs.
 */
final class JobLoops {
  private JobLoops() {}

  /** Each job's loop, started in the background: what the service's shell runs before it becomes the service. */
  static String of(ServiceComponent service, List<ScheduledJobComponent> jobs) {
    var script = new StringBuilder();
    for (ScheduledJobComponent job : jobs) {
      script.append("while sleep ").append(seconds(job.schedule())).append("; do ")
          .append(jobLine(service, job)).append("; done & ");
    }
    return script.toString();
  }

  /** The interval of a schedule: a day, a week, or thirty days, from the service's start. */
  static long seconds(BackupKind kind) {
    return switch (kind) {
      case DAILY -> 86_400L;
      case WEEKLY -> 7 * 86_400L;
      case MONTHLY -> 30 * 86_400L;
    };
  }

  /**
   * The job's command with its literal variables set for it alone; a variable from a secret must be one the service
   * holds already (the same secret key), since the loop reads the service's environment.
   */
  private static String jobLine(ServiceComponent service, ScheduledJobComponent job) {
    var words = new ArrayList<String>();
    for (EnvVar var : job.env()) {
      if (service.env().contains(var)) {
        continue;
      }
      if (var.isSecret()) {
        throw new IllegalArgumentException("the job " + job.key() + " reads " + var.name()
            + " from a secret that the service " + service.key() + " it runs inside does not hold");
      }
      words.add(var.name() + "=" + RailwayDesired.shellJoin(List.of(var.value())));
    }
    return String.join(" ", words) + (words.isEmpty() ? "" : " ") + RailwayDesired.shellJoin(job.command());
  }
}
