package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The names taken in a namespace are read as object metadata only (Kubernetes' PartialObjectMetadataList), so a
 * namespace of large ConfigMaps costs the operator their names, not their data; core and grouped kinds alike.
 */
class TakenNamesTest {
  private static final String NS = "team";

  private final MockCluster cluster = MockCluster.start();
  private final TakenNames names = new TakenNames(Duration.ofMinutes(1), Clock.systemUTC());

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aConfigMapSomeoneElseMadeIsTakenAndItsNamespaceListedAsMetadataOnly() throws InterruptedException {
    cluster.client.resource(new ConfigMapBuilder().withNewMetadata().withName("dashboards").withNamespace(NS)
        .endMetadata().withData(Map.of("big.json", "x".repeat(10_000))).build()).create();
    cluster.takeRequests();

    assertThat(names.mayBeTaken(cluster.client, ConfigMap.class, NS, "dashboards")).isTrue();
    assertThat(names.mayBeTaken(cluster.client, ConfigMap.class, NS, "tracking-proxy-config")).isFalse();

    var lists = cluster.takeRecordedRequests();
    assertThat(lists).as("one LIST for both questions").singleElement().satisfies(list -> {
      assertThat(list.getPath()).startsWith("/api/v1/namespaces/" + NS + "/configmaps?limit=");
      assertThat(list.getHeader("Accept")).contains("as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
    });
  }

  @Test
  void aGroupedKindIsListedUnderItsGroup() throws InterruptedException {
    cluster.client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate()
        .withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web")
        .withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
    cluster.takeRequests();

    assertThat(names.mayBeTaken(cluster.client, Deployment.class, NS, "web")).isTrue();

    assertThat(cluster.takeRecordedRequests()).singleElement()
        .satisfies(list -> assertThat(list.getPath()).startsWith("/apis/apps/v1/namespaces/" + NS + "/deployments?limit="));
  }
}
