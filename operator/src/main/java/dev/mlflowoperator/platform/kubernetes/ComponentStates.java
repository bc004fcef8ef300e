package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import dev.mlflowoperator.model.StackNames;
import java.time.Instant;
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

  /**
   * One entry per service (its Deployment), then per volume (its PVC), then per scheduled job (its CronJob), of the
   * observed stack's outline.
   */
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
    for (RenderedObject rendered : observed.outline().objects()) {
      if (rendered.object() instanceof CronJob) {
        components.put(rendered.componentKey(), scheduledJob(observed, rendered.object().getMetadata().getName()));
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

  /**
   * Ready as soon as the CronJob exists, whatever its runs did: the stack serves without its housekeeping, so a job
   * that has not run yet, or whose last run failed, never holds back the stack's Ready. The message says when it
   * last ran and whether that run succeeded (the CronJob's status: a run scheduled after the last success that is
   * no longer active did not succeed).
   */
  private static ComponentStatus scheduledJob(ObservedStack observed, String name) {
    var found = find(observed, "CronJob/" + name, CronJob.class);
    if (found.isEmpty()) {
      return new ComponentStatus(MISSING, "CronJob " + name + " does not exist");
    }
    CronJob job = found.get();
    String when = "scheduled " + job.getSpec().getSchedule() + " (" + job.getSpec().getTimeZone() + ")";
    var status = job.getStatus();
    String lastRun = status == null ? null : status.getLastScheduleTime();
    if (lastRun == null) {
      return new ComponentStatus(READY, when + "; not run yet");
    }
    String lastSuccess = status.getLastSuccessfulTime();
    if (status.getActive() != null && !status.getActive().isEmpty()) {
      return new ComponentStatus(READY, when + "; running since " + lastRun);
    }
    if (lastSuccess != null && Instant.parse(lastSuccess).compareTo(Instant.parse(lastRun)) >= 0) {
      return new ComponentStatus(READY, when + "; last run " + lastRun + " succeeded");
    }
    return new ComponentStatus(READY, when + "; last run " + lastRun + " failed (last success: "
        + (lastSuccess == null ? "never" : lastSuccess) + "); its runs: kubectl get jobs -n "
        + job.getMetadata().getNamespace() + " -l " + selector(job));
  }

  /** The labels a CronJob's Jobs carry (its job template's), as a kubectl selector. */
  private static String selector(CronJob job) {
    var labels = job.getSpec().getJobTemplate().getMetadata().getLabels();
    return String.join(",", labels.entrySet().stream()
        .filter(e -> !e.getKey().equals(StackNames.MANAGED_BY_LABEL) && !e.getKey().equals("app.kubernetes.io/name"))
        .map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static <T> Optional<T> find(ObservedStack observed, String key, Class<T> type) {
    return observed.get(key).filter(type::isInstance).map(type::cast);
  }
}
