package dev.mlflowoperator.standalone;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.target.railway.RailwayReconcile;
import dev.mlflowoperator.target.railway.RailwayStackPlan;
import dev.mlflowoperator.target.railway.SecretResolver;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reconciles specs outside a cluster: Railway (or the sandbox) through the same target the operator
 * uses, with each deployment's IDs and status kept in the local state store instead of a CR status.
 */
public final class LocalDeployments {
  private final StateStore store;
  private final RailwayReconcile railway;
  private final SecretResolver secrets;
  private final StatusRecorder recorder;
  private final boolean sandbox;
  private final Clock clock;

  public LocalDeployments(
      StateStore store, RailwayReconcile railway, SecretResolver secrets, Clock clock, boolean sandbox) {
    this.store = store;
    this.railway = railway;
    this.secrets = secrets;
    this.recorder = new StatusRecorder(clock);
    this.clock = clock;
    this.sandbox = sandbox;
  }

  /** Brings the platform in line with {@code spec} once and records the outcome; returns what was recorded. */
  public MlflowDeployment reconcile(MlflowDeployment spec) {
    var resource = withRecordedState(spec);
    var report = railway.run(resource, secrets);
    resource.setStatus(recorder.record(resource.getStatus(), report).status());
    if (sandbox) {
      StateStore.markOnSandbox(resource);
    }
    store.save(resource);
    return resource;
  }

  /** As {@link #reconcile(MlflowDeployment)}, handing the plan to {@code planSink} before it is applied. */
  public MlflowDeployment reconcile(MlflowDeployment spec, Consumer<RailwayStackPlan> planSink) {
    var resource = withRecordedState(spec);
    var report = railway.run(resource, secrets, credentials -> {}, planSink);
    resource.setStatus(recorder.record(resource.getStatus(), report).status());
    if (sandbox) {
      StateStore.markOnSandbox(resource);
    }
    store.save(resource);
    return resource;
  }

  /** What reconcile would change, touching nothing on the platform or in the store. */
  public RailwayReconcile.Preview plan(MlflowDeployment spec) {
    return railway.plan(withRecordedState(spec), secrets);
  }

  /** The recorded deployment of that name, if any. */
  public Optional<MlflowDeployment> recorded(String namespace, String name) {
    return store.load(namespace, name);
  }

  /**
   * A copy of {@code spec} carrying the recorded status (IDs, last MLflow version, drift record) and a
   * generation that counts spec changes, so a changed spec is told apart from drift as on a cluster.
   */
  MlflowDeployment withRecordedState(MlflowDeployment spec) {
    var resource = Serialization.clone(spec);
    var recorded = store.load(StateStore.namespaceOf(spec), spec.getMetadata().getName());
    long generation = recorded.map(r -> generationOf(r) + (sameSpec(r.getSpec(), spec.getSpec()) ? 0 : 1)).orElse(1L);
    resource.getMetadata().setGeneration(generation);
    resource.setStatus(recorded.map(MlflowDeployment::getStatus).orElse(null));
    recorded.map(r -> r.getMetadata().getAnnotations()).ifPresent(resource.getMetadata()::setAnnotations);
    // As on a cluster, the creation time is when the deployment was first recorded (status shows its age).
    resource.getMetadata().setCreationTimestamp(recorded.map(r -> r.getMetadata().getCreationTimestamp())
        .orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
    return resource;
  }

  private static boolean sameSpec(MlflowDeploymentSpec a, MlflowDeploymentSpec b) {
    return Objects.equals(Serialization.jsonMapper().valueToTree(a), Serialization.jsonMapper().valueToTree(b));
  }

  private static long generationOf(MlflowDeployment resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }
}
