package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the state of mlflow, proxy and storage from their Deployments and PVC. */
public final class ComponentStates {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String MISSING = "Missing";

  private ComponentStates() {}

  public static Map<String, ComponentStatus> of(StackNames names, ObservedStack observed) {
    var components = new LinkedHashMap<String, ComponentStatus>();
    components.put(StackNames.COMPONENT_MLFLOW, deployment(observed, names.mlflow()));
    components.put(StackNames.COMPONENT_PROXY, deployment(observed, names.proxy()));
    components.put(StackNames.COMPONENT_STORAGE, storage(observed, names.dataVolume()));
    return components;
  }

  /** The MLflow version of the MLflow Deployment once its current generation is available. */
  public static Optional<String> runningMlflowVersion(StackNames names, ObservedStack observed) {
    return find(observed, "Deployment/" + names.mlflow(), Deployment.class)
        .filter(ComponentStates::isRolledOutAndAvailable)
        .map(d -> d.getMetadata().getAnnotations())
        .map(a -> a.get(KubernetesStackRenderer.VERSION_ANNOTATION));
  }

  private static ComponentStatus deployment(ObservedStack observed, String name) {
    var found = find(observed, "Deployment/" + name, Deployment.class);
    if (found.isEmpty()) {
      return new ComponentStatus(MISSING, "Deployment " + name + " does not exist");
    }
    Deployment d = found.get();
    var failure = failedCondition(d);
    if (failure.isPresent()) {
      return new ComponentStatus(DEGRADED, failure.get());
    }
    int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
        ? 0 : d.getStatus().getAvailableReplicas();
    if (isRolledOutAndAvailable(d)) {
      return new ComponentStatus(READY, available + "/" + wanted + " replicas available");
    }
    return new ComponentStatus(PROGRESSING, "rolling out: " + available + "/" + wanted + " replicas available");
  }

  private static boolean isRolledOutAndAvailable(Deployment d) {
    var status = d.getStatus();
    if (status == null) {
      return false;
    }
    int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Long generation = d.getMetadata().getGeneration();
    boolean observedCurrent = generation == null
        || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
    return observedCurrent
        && orZero(status.getUpdatedReplicas()) >= wanted
        && orZero(status.getAvailableReplicas()) >= wanted;
  }

  /** A rollout past its deadline or pods that cannot be created. */
  private static Optional<String> failedCondition(Deployment d) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (DeploymentCondition c : d.getStatus().getConditions()) {
      boolean stuck = "Progressing".equals(c.getType()) && "False".equals(c.getStatus());
      boolean failing = "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus());
      if (stuck || failing) {
        return Optional.of(c.getReason() + ": " + c.getMessage());
      }
    }
    return Optional.empty();
  }

  private static ComponentStatus storage(ObservedStack observed, String name) {
    var found = find(observed, "PersistentVolumeClaim/" + name, PersistentVolumeClaim.class);
    if (found.isEmpty()) {
      return new ComponentStatus(MISSING, "PersistentVolumeClaim " + name + " does not exist");
    }
    String phase = found.get().getStatus() == null ? null : found.get().getStatus().getPhase();
    if ("Bound".equals(phase)) {
      return new ComponentStatus(READY, "bound, " + ManagedFields.storageOf(found.get()));
    }
    if ("Lost".equals(phase)) {
      return new ComponentStatus(DEGRADED, "the volume behind the claim is lost");
    }
    return new ComponentStatus(PROGRESSING, "waiting for the volume to be bound");
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static <T> Optional<T> find(ObservedStack observed, String key, Class<T> type) {
    return observed.get(key).filter(type::isInstance).map(type::cast);
  }
}
