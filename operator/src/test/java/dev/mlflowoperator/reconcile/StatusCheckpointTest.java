package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusCheckpointTest {
  private final MockCluster cluster = MockCluster.start();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theIdsAreInTheStatusAtOnceAndTheReconcilesOwnStatusWriteAfterThemIsNotAConflict() {
    var created = new MlflowDeployment();
    created.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace("ml").build());
    created.setSpec(new MlflowDeploymentSpec());
    created.getSpec().target = Target.RAILWAY;
    cluster.client.resource(created).create();
    var resource = cluster.client.resources(MlflowDeployment.class).inNamespace("ml").withName("tracking").get();
    resource.setStatus(new MlflowDeploymentStatus());
    resource.getStatus().mlflowVersion = "3.14.0";
    resource = cluster.client.resource(resource).updateStatus();

    StatusCheckpoint.write(cluster.client, resource, Map.of("upgrade/3.17.0/backupRequested", "2026-11-29T10:00:00Z"));

    var server = cluster.client.resource(resource).get();
    assertThat(resource.getMetadata().getResourceVersion()).as("the version the reconcile's status write is locked to")
        .isEqualTo(server.getMetadata().getResourceVersion());
    var stored = server.getStatus();
    assertThat(stored.ids).containsEntry("upgrade/3.17.0/backupRequested", "2026-11-29T10:00:00Z");
    assertThat(stored.mlflowVersion).as("the rest of the status kept").isEqualTo("3.14.0");
    var report = new MlflowDeploymentStatus();
    report.ids.put("upgrade/3.17.0/backup", "workflow-1");
    resource.setStatus(report);
    cluster.client.resource(resource).updateStatus();
    assertThat(cluster.client.resource(resource).get().getStatus().ids).containsOnlyKeys("upgrade/3.17.0/backup");
  }
}
