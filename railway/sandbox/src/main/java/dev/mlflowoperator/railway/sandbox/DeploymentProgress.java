package dev.mlflowoperator.railway.sandbox;

import java.time.Duration;
import java.time.Instant;

/** A deployment's status by its age: QUEUED, BUILDING, DEPLOYING (¼, ¼, ½ of the duration), then its outcome. */
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
