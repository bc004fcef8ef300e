package dev.mlflowoperator.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.state.StateStore;
import java.util.List;
import java.util.Locale;

/**
 * What {@code mlflowctl status -o json|yaml} prints for one deployment; a stable shape for scripts (see the README).
 *
 * @param name metadata.name
 * @param namespace the namespace it is recorded under ({@code default} when the spec has none)
 * @param target railway or kubernetes
 * @param sandbox whether it was applied to the local Railway sandbox
 * @param status the last recorded status, with {@code conditions} and {@code ids} always present
 */
@JsonPropertyOrder({"name", "namespace", "target", "sandbox", "status"})
record StatusView(String name, String namespace, String target, boolean sandbox, MlflowDeploymentStatus status) {

  static StatusView of(MlflowDeployment deployment) {
    return new StatusView(deployment.getMetadata().getName(), StateStore.namespaceOf(deployment), target(deployment),
        StateStore.isOnSandbox(deployment),
        deployment.getStatus() == null ? new MlflowDeploymentStatus() : deployment.getStatus());
  }

  /** The target as written in specs ({@code railway}, {@code kubernetes}), or "-" when the record has none. */
  static String target(MlflowDeployment deployment) {
    if (deployment.getSpec() == null || deployment.getSpec().target == null) {
      return "-";
    }
    return deployment.getSpec().target.name().toLowerCase(Locale.ROOT);
  }

  /** The shape of {@code status -o json|yaml} without a NAME. */
  @JsonPropertyOrder({"deployments"})
  record All(List<StatusView> deployments) {}
}
