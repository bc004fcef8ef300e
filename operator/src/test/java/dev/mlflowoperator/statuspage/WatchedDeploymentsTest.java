package dev.mlflowoperator.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's page lists the MlflowDeployments of the watched namespaces, at most once per interval. */
class WatchedDeploymentsTest {
  private final MockCluster cluster = MockCluster.start();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T12:00:00Z"));

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void itListsTheWatchedNamespacesOnlyAndAllOfThemWhenTheOperatorWatchesAll() {
    create("ml", "tracking");
    create("research", "lab");
    create("other", "private");

    var some = new WatchedDeployments(cluster.client, Set.of("ml", "research"), clock, Duration.ofSeconds(5));
    var all = new WatchedDeployments(cluster.client, Set.of(), clock, Duration.ofSeconds(5));

    assertThat(some.get().deployments()).extracting(d -> d.getMetadata().getNamespace() + "/"
        + d.getMetadata().getName()).containsExactlyInAnyOrder("ml/tracking", "research/lab");
    assertThat(all.get().deployments()).hasSize(3);
    assertThat(some.get().problems()).isEmpty();
  }

  @Test
  void browsersAskingMoreOftenThanTheIntervalGetTheSameList() {
    create("ml", "tracking");
    var watched = new WatchedDeployments(cluster.client, Set.of("ml"), clock, Duration.ofSeconds(5));
    assertThat(watched.get().deployments()).hasSize(1);

    create("ml", "second");
    clock.advance(Duration.ofSeconds(4));
    assertThat(watched.get().deployments()).as("within the interval").hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(watched.get().deployments()).as("after it").hasSize(2);
  }

  @Test
  void anApiServerThatCannotBeReachedIsThePagesProblem() {
    var config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build();
    try (var unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
      var watched = new WatchedDeployments(unreachable, Set.of("ml"), clock, Duration.ofSeconds(5));

      var snapshot = watched.get();

      assertThat(snapshot.deployments()).isEmpty();
      assertThat(snapshot.problems()).singleElement().asString().startsWith("cannot list MlflowDeployments in ml (")
          .endsWith("); showing the last list; check the operator's RBAC and the API server");
    }
  }

  private void create(String namespace, String name) {
    var deployment = new MlflowDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    deployment.setSpec(new MlflowDeploymentSpec());
    deployment.getSpec().target = Target.RAILWAY;
    cluster.client.resource(deployment).create();
  }
}
