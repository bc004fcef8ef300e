package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Lease settings handed to JOSDK, and timings that could never elect a stable leader are refused. */
class LeaderElectionTest {
  @Test
  void configurationNeverExitsOnItsOwnAndKeepsTheLease() {
    var election = new LeaderElection("mlflow-operator-lease", "mlflow-operator", "pod-a",
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    var config = election.configuration(() -> { });

    assertThat(config.getLeaseName()).isEqualTo("mlflow-operator-lease");
    assertThat(config.getLeaseNamespace()).hasValue("mlflow-operator");
    assertThat(config.getIdentity()).hasValue("pod-a");
    assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.isExitOnStopLeading()).isFalse();
    assertThat(config.getLeaderCallbacks()).isPresent();
  }

  @Test
  void renewDeadlineMustBeShorterThanTheLeaseAndLongerThanTheRetryPeriod() {
    assertThatThrownBy(() -> new LeaderElection("l", "ns", "a",
        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry period < renew deadline < lease duration");
    assertThatThrownBy(() -> new LeaderElection("l", "ns", "a",
        Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
