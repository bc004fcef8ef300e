package dev.mlflowoperator.railway.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * A deployment's status at a given instant: QUEUED, BUILDING and DEPLOYING for a quarter, a quarter
 * and a half of {@code duration}, then its outcome (SUCCESS or CRASHED).
 */
record DeploymentProgress(Duration duration) {
  DeploymentProgress {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("A deployment cannot take a negative time: " + duration);
    }
  }

  String statusAt(SandboxState.Deployment deployment, Instant now) {
    Duration age = Duration.between(Instant.parse(deployment.createdAt), now);
    if (age.compareTo(duration) >= 0) {
      return deployment.outcome;
    }
    if (age.compareTo(duration.dividedBy(4)) < 0) {
      return "QUEUED";
    }
    return age.compareTo(duration.dividedBy(2)) < 0 ? "BUILDING" : "DEPLOYING";
  }
}
