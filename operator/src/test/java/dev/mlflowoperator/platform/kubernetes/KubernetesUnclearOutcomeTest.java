package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which failures of a write leave its outcome unclear on Kubernetes, so the loop observes again before going on. */
class KubernetesUnclearOutcomeTest {
  private final KubernetesPlatform platform = new KubernetesPlatform(null, true, Clock.systemUTC());

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aGatewayTimeoutOrATimeoutWaitingForTheAnswerIsUnclear() {
    assertThat(platform.unclearOutcome(new KubernetesClientException("Timeout: request did not complete", 504, null)))
        .as("504").isTrue();
    assertThat(platform.unclearOutcome(new KubernetesClientException("write failed",
        new SocketTimeoutException("timeout")))).as("read timed out").isTrue();
  }

  @Test
  void aRefusalAServerErrorOrAnInterruptedThreadIsNot() {
    assertThat(platform.unclearOutcome(new KubernetesClientException("conflict", 409, null))).as("409").isFalse();
    assertThat(platform.unclearOutcome(new KubernetesClientException("internal", 500, null))).as("500").isFalse();
    Thread.currentThread().interrupt();
    assertThat(platform.unclearOutcome(new KubernetesClientException("write failed",
        new SocketTimeoutException("interrupted")))).as("while stopping").isFalse();
  }
}
