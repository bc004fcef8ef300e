package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.metrics.DeploymentMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Starting the operator: a clear message when there is no cluster, and what it watches. */
class OperatorRunnerTest {
  @Test
  void anUnreachableClusterIsReportedInOneReadableSentence() {
    var config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withConnectionTimeout(2000).build();
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      var runner = new OperatorRunner(client, new OperatorRunner.Settings(Set.of("team-a"), false), Metrics.NOOP,
          new DeploymentMetrics(new SimpleMeterRegistry(), Clock.systemUTC()));

      assertThatThrownBy(runner::start)
          .isInstanceOf(OperatorRunner.ClusterUnavailableException.class)
          .hasMessageStartingWith("cannot reach the Kubernetes API server at http://127.0.0.1:1")
          .hasMessageContaining("KUBECONFIG")
          .hasNoCause();
      assertThat(runner.describe()).contains("namespaces team-a").contains("server-side apply off");
    }
  }
}
