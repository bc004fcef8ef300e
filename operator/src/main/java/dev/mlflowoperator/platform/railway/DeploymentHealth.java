package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;

/** A component's state from the status of its service's latest Railway deployment. */
final class DeploymentHealth {
  private DeploymentHealth() {}

  static ComponentStatus of(String deploymentStatus) {
    if (deploymentStatus == null) {
      return new ComponentStatus("Progressing", "not deployed yet");
    }
    return switch (deploymentStatus) {
      case "SUCCESS" -> new ComponentStatus("Ready", "deployment is running");
      case "BUILDING", "DEPLOYING", "QUEUED", "INITIALIZING", "WAITING" ->
          new ComponentStatus("Progressing", "deployment is " + deploymentStatus.toLowerCase());
      case "CRASHED", "FAILED" ->
          new ComponentStatus("Degraded", "deployment " + deploymentStatus.toLowerCase() + "; see its logs on Railway");
      default -> new ComponentStatus("Unknown", "deployment status is " + deploymentStatus);
    };
  }
}
