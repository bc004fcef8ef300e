package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes IDs into an MlflowDeployment's status.ids at once, during its reconcile (before a mutation that cannot be
 * found again by name), locked to the resource version read; the resource then carries the new version, so that the
 * reconcile's own status write after it is not refused as a conflict.
 */
final class StatusCheckpoint {
  private StatusCheckpoint() {}

  static void write(KubernetesClient client, MlflowDeployment resource, Map<String, String> ids) {
    var checkpointed = Serialization.clone(resource);
    if (checkpointed.getStatus() == null) {
      checkpointed.setStatus(new MlflowDeploymentStatus());
    }
    checkpointed.getStatus().ids = new LinkedHashMap<>(ids);
    var written = client.resource(checkpointed).updateStatus();
    resource.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }
}
