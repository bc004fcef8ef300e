package dev.mlflowoperator.reconcile;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Objects;

/** Which Lease the replicas compete for, who this replica is, and how fast a dead leader is replaced. */
public record LeaderElection(
    String leaseName, String leaseNamespace, String identity,
    Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
  public static final String DEFAULT_LEASE_NAME = "mlflow-operator-lease";

  public LeaderElection {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    Objects.requireNonNull(identity, "identity");
    if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException("leader election needs retry period < renew deadline < lease duration, got "
          + retryPeriod + " < " + renewDeadline + " < " + leaseDuration);
    }
  }

  /**
   * JOSDK's configuration. JOSDK's own exit on lost leadership would also fire on a normal stop, so it is off and
   * {@code onLostLeadership} decides instead.
   */
  LeaderElectionConfiguration configuration(Runnable onLostLeadership) {
    var callbacks = new LeaderCallbacks(() -> { }, onLostLeadership, newLeader -> { });
    return new LeaderElectionConfiguration(leaseName, leaseNamespace, leaseDuration, renewDeadline, retryPeriod,
        identity, callbacks, false);
  }
}
