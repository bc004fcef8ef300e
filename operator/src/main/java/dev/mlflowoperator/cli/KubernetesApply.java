package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;
import java.util.Optional;

/** target: kubernetes specs: the custom resource created or replaced in the cluster, like kubectl apply. */
final class KubernetesApply {
  private final KubernetesClient client;

  KubernetesApply(KubernetesClient client) {
    this.client = client;
  }

  /** What apply would do to the resource: a diff line, or empty when the cluster holds the same spec. */
  Optional<String> plan(MlflowDeployment spec) {
    MlflowDeployment existing = resource(spec).get();
    if (existing == null) {
      return Optional.of("  + mlflowdeployment " + key(spec));
    }
    return sameSpec(existing, spec) ? Optional.empty() : Optional.of("  ~ mlflowdeployment " + key(spec) + ": spec");
  }

  /** Creates the resource or replaces its spec, keeping the cluster's resourceVersion; returns the change made. */
  Optional<String> apply(MlflowDeployment spec) {
    Optional<String> change = plan(spec);
    if (change.isEmpty()) {
      return change;
    }
    MlflowDeployment existing = resource(spec).get();
    MlflowDeployment desired = Serialization.clone(spec);
    desired.getMetadata().setNamespace(namespaceOf(spec));
    if (existing == null) {
      client.resource(desired).create();
    } else {
      existing.setSpec(desired.getSpec());
      client.resource(existing).update();
    }
    return change;
  }

  /**
   * The resource as the cluster would hold it once applied: the document's spec in its namespace, with the UID
   * and status of the resource already there (what the operator's reconcile starts from).
   */
  MlflowDeployment asApplied(MlflowDeployment spec) {
    MlflowDeployment applied = Serialization.clone(spec);
    applied.getMetadata().setNamespace(namespaceOf(spec));
    MlflowDeployment existing = resource(spec).get();
    if (existing != null) {
      applied.getMetadata().setUid(existing.getMetadata().getUid());
      applied.setStatus(existing.getStatus());
    }
    return applied;
  }

  /** The condition of {@code type} the operator reported for the current generation; empty until it has. */
  Optional<Condition> condition(MlflowDeployment spec, String type) {
    MlflowDeployment current = resource(spec).get();
    if (current == null || current.getStatus() == null || current.getStatus().conditions == null) {
      return Optional.empty();
    }
    Long generation = current.getMetadata().getGeneration();
    Long observed = current.getStatus().observedGeneration;
    if (generation != null && (observed == null || observed < generation)) {
      return Optional.empty();
    }
    return current.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The resource's URL as the operator reported it, if any. */
  Optional<String> url(MlflowDeployment spec) {
    MlflowDeployment current = resource(spec).get();
    return current == null || current.getStatus() == null ? Optional.empty() : Optional.ofNullable(current.getStatus().url);
  }

  /** {@code namespace/name} of the resource in the cluster. */
  String key(MlflowDeployment spec) {
    return namespaceOf(spec) + "/" + spec.getMetadata().getName();
  }

  /** The document's namespace, else the kubeconfig context's, else default. */
  private String namespaceOf(MlflowDeployment spec) {
    return ClusterDeployments.namespaceOr(spec.getMetadata().getNamespace(), client);
  }

  private Resource<MlflowDeployment> resource(MlflowDeployment spec) {
    return client.resources(MlflowDeployment.class).inNamespace(namespaceOf(spec)).withName(spec.getMetadata().getName());
  }

  private static boolean sameSpec(MlflowDeployment a, MlflowDeployment b) {
    var json = Serialization.jsonMapper();
    return Objects.equals(json.valueToTree(a.getSpec()), json.valueToTree(b.getSpec()));
  }
}
