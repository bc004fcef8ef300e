package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the state of each component the cluster runs: a service's from its Deployment, a volume's from its PVC, keyed
 * by component key.
 */
public final class ComponentStates {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String MISSING = "Missing";

  private ComponentStates() {}

  /** One entry per service (its Deployment), then per volume (its PVC), of the observed stack's outline. */
  public static Map<String, ComponentStatus> of(ObservedStack observed) {
    var components = new LinkedHashMap<String, ComponentStatus>();
    for (RenderedObject rendered : observed.outline().objects()) {
      if (rendered.object() instanceof Deployment) {
        components.put(rendered.componentKey(), deployment(observed, rendered.object().getMetadata().getName()));
      }
    }
    for (RenderedObject rendered : observed.outline().objects()) {
      if (rendered.object() instanceof PersistentVolumeClaim) {
        components.put(rendered.componentKey(), storage(observed, rendered.object().getMetadata().getName()));
      }
    }
    return components;
  }

  /**
   * The version the service that tracks one (its Deployment carries the version annotation) runs, once its
   * Deployment's current generation is available.
   */
  public static Optional<String> runningVersion(ObservedStack observed) {
    return observed.outline().all(Deployment.class).stream()
        .filter(d -> annotation(d) != null)
        .findFirst()
        .flatMap(observed::get)
        .filter(ComponentStates::isRolledOutAndAvailable)
        .map(ComponentStates::annotation);
  }

  private static String annotation(Deployment d) {
    var annotations = d.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KubernetesStackRenderer.VERSION_ANNOTATION);
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
