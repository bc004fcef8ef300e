package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** Which updates of an owned object start a reconcile: those of something the operator manages or reports. */
class OwnedObjectChangedTest {
  private final OwnedObjectChanged filter = new OwnedObjectChanged();

  @Test
  void aNewResourceVersionOrManagedFieldsEntryAloneStartsNone() {
    var before = config("1", "a");
    var after = new ConfigMapBuilder(config("2", "a")).editMetadata()
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).endMetadata().build();

    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void changedDataOrLabelsStartOne() {
    assertThat(filter.accept(config("2", "b"), config("1", "a"))).isTrue();
    assertThat(filter.accept(new ConfigMapBuilder(config("2", "a")).editMetadata().addToLabels("team", "x")
        .endMetadata().build(), config("1", "a"))).isTrue();
  }

  @Test
  void aServicesLoadBalancerStatusStartsNone() {
    var before = new ServiceBuilder().withNewMetadata().withName("s").withResourceVersion("1").endMetadata().build();
    var after = new ServiceBuilder(before).editMetadata().withResourceVersion("2").endMetadata().withNewStatus()
        .withNewLoadBalancer().addNewIngress().withIp("203.0.113.7").endIngress().endLoadBalancer().endStatus().build();

    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void aDeploymentBecomingAvailableAndAClaimBoundStartOne() {
    var deployment = new DeploymentBuilder().withNewMetadata().withName("d").withResourceVersion("1").endMetadata()
        .build();
    var available = new DeploymentBuilder(deployment).editMetadata().withResourceVersion("2").endMetadata()
        .withNewStatus().withAvailableReplicas(1).endStatus().build();
    var claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("c").withResourceVersion("1")
        .endMetadata().build();
    var bound = new PersistentVolumeClaimBuilder(claim).editMetadata().withResourceVersion("2").endMetadata()
        .withNewStatus().withPhase("Bound").endStatus().build();

    assertThat(filter.accept(available, deployment)).isTrue();
    assertThat(filter.accept(bound, claim)).isTrue();
  }

  private static ConfigMap config(String resourceVersion, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName("c").withResourceVersion(resourceVersion).endMetadata()
        .addToData("k", value).build();
  }
}
