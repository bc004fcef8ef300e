package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled jobs on Railway, where a volume is mounted by one service only: a job that needs the data of the service
 * it runs beside runs inside that service, as a background shell loop started before the service's own command
 * ({@code while sleep UNTIL_NEXT_HH:MM_UTC; do [on the day:] JOB; done & exec SERVICE}), at the deployment's
 * {@link dev.mlflowoperator.model.JobTime}, so that it keeps the same times as on Kubernetes and a redeploy does not
 * postpone it. A failed run only ends that run: the loop goes on,
 * and the service's process (which the shell becomes) never depends on it. Railway's API does not see these runs.
 */
final class JobLoops {
  private static final long DAY = 86_400L;

  private JobLoops() {}

  /** Each job's loop, started in the background: what the service's shell runs before it becomes the service. */
  static String of(ServiceComponent service, List<ScheduledJobComponent> jobs, LocalTime at) {
    var script = new StringBuilder();
    for (ScheduledJobComponent job : jobs) {
      String run = jobLine(service, job);
      script.append("while sleep ").append(untilNextRun(at)).append("; do ")
          .append(switch (job.schedule()) {
            case DAILY -> run;
            case WEEKLY -> "if [ \"$(date -u +%w)\" = 0 ]; then " + run + "; fi";
            case MONTHLY -> "if [ \"$(date -u +%d)\" = 01 ]; then " + run + "; fi";
          })
          .append("; done & ");
    }
    return script.toString();
  }

  /**
   * The seconds from now until just after the next {@code at} UTC, in shell arithmetic over {@code date -u +%s};
   * one second past that minute, so the next wait is a whole day.
   */
  static String untilNextRun(LocalTime at) {
    return "$(( (" + (DAY + at.toSecondOfDay()) + " - $(date -u +%s) % " + DAY + ") % " + DAY + " + 1 ))";
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
