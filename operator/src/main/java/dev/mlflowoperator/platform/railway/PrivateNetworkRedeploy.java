package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import java.util.Optional;

/**
 * Works around a known Railway issue: a service created through the API can be unreachable on the private network
 * until it is redeployed. When the proxy runs but cannot reach a deployed MLflow, MLflow is redeployed, once per
 * deployment this did not start itself (its ID is kept in status.ids), so it never loops.
 */
final class PrivateNetworkRedeploy {
  /** The MLflow deployment this workaround started last. */
  static final String STARTED = "redeploy/mlflow";
  static final String DONE = "; redeployed MLflow once, as Railway's private network can miss a service created"
      + " through the API until it is redeployed";
  static final String GAVE_UP = "; MLflow was already redeployed once for this, so look at its logs in Railway";

  private final RailwayTarget target;

  PrivateNetworkRedeploy(RailwayTarget target) {
    this.target = target;
  }

  /**
   * The health to report after redeploying MLflow if the probe found it unreachable behind a running proxy while
   * its latest deployment succeeded and nothing else was changed in this reconcile.
   */
  Health check(Health probed, String mlflowService, ObservedRailwayStack observed, boolean changedNow, RailwayIds ids) {
    if (probed == null || !Reasons.MLFLOW_UNREACHABLE.equals(probed.reason()) || changedNow || mlflowService == null) {
      return probed;
    }
    Optional<ObservedRailwayStack.Service> mlflow = observed.service(mlflowService)
        .filter(s -> "SUCCESS".equals(s.deploymentStatus()) && s.deploymentId() != null);
    if (mlflow.isEmpty()) {
      return probed;
    }
    if (mlflow.get().deploymentId().equals(ids.get(STARTED))) {
      return Health.unhealthy(probed.reason(), probed.message() + GAVE_UP);
    }
    ids.put(STARTED, target.deploy(mlflow.get().id(), observed.environmentId()));
    return Health.unhealthy(probed.reason(), probed.message() + DONE);
  }
}
