package dev.mlflowoperator.standalone;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.platform.railway.RailwayIds;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reconciles specs outside a cluster: Railway (or the sandbox) through the same target the operator
 * uses, with each deployment's IDs and status kept in the local state store instead of a CR status.
 */
public final class LocalDeployments {
  private final StateStore store;
  private final ReconcileLoop<?, ?> railway;
  private final SecretResolver secrets;
  private final StatusRecorder recorder;
  private final String endpoint;
  private final Clock clock;
  private final Consumer<List<MlflowDeployment>> readAhead;

  /** {@code endpoint}: the Railway the {@code railway} loop talks to, as {@link HomeRailway#endpoint()} names it. */
  public LocalDeployments(
      StateStore store, ReconcileLoop<?, ?> railway, SecretResolver secrets, Clock clock, String endpoint) {
    this(store, railway, secrets, clock, endpoint, deployments -> {});
  }

  /**
   * With {@code readAhead} reading the stacks of several recorded deployments in shared requests
   * ({@code RailwayPlatform::readAhead} of the loop's platform), for {@link #readAhead}.
   */
  public LocalDeployments(StateStore store, ReconcileLoop<?, ?> railway, SecretResolver secrets, Clock clock,
      String endpoint, Consumer<List<MlflowDeployment>> readAhead) {
    this.readAhead = readAhead;
    this.store = store;
    this.railway = railway;
    this.secrets = secrets;
    this.recorder = new StatusRecorder(clock);
    this.clock = clock;
    this.endpoint = endpoint;
  }

  /**
   * Brings the platform in line with {@code spec} once and records the outcome; returns what was recorded.
   *
   * @throws StateException when the deployment is recorded on another Railway than this one (nothing is written)
   */
  public MlflowDeployment reconcile(MlflowDeployment spec) {
    return reconcile(spec, plan -> {});
  }

  /** As {@link #reconcile(MlflowDeployment)}, handing the plan to {@code planSink} before it is applied. */
  public MlflowDeployment reconcile(MlflowDeployment spec, Consumer<StackPlan> planSink) {
    return runAndRecord(withRecordedState(spec), planSink);
  }

  /**
   * Reads the stacks of these specs' recorded deployments (those recorded on this Railway) in shared requests,
   * before they are reconciled or planned one by one: a pass of N deployments observes in about N/20 requests.
   */
  public void readAhead(List<MlflowDeployment> specs) {
    var recorded = new ArrayList<MlflowDeployment>();
    for (var spec : specs) {
      try {
        recorded.add(withRecordedState(spec));
      } catch (StateException elsewhere) {
        // Recorded on another Railway: its own reconcile refuses it and says so.
      }
    }
    readAhead.accept(recorded);
  }

  /**
   * Reconciles a recorded deployment once with a rotation of {@code username}'s password asked for, as the
   * {@link RotateAnnotation} (with a fresh nonce) asks the operator; the status records the nonce handled, the record
   * keeps no annotation, so a later apply rotates nothing.
   *
   * @throws StateException when the deployment is recorded on another Railway than this one (nothing is written)
   */
  public MlflowDeployment rotate(MlflowDeployment recorded, String username, Consumer<StackPlan> planSink) {
    var resource = withRecordedState(recorded);
    var annotations = new HashMap<String, String>();
    Optional.ofNullable(resource.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
    annotations.put(RotateAnnotation.NAME, new RotateAnnotation(username, RotateAnnotation.newNonce()).toString());
    resource.getMetadata().setAnnotations(annotations);
    return runAndRecord(resource, planSink);
  }

  private MlflowDeployment runAndRecord(MlflowDeployment resource, Consumer<StackPlan> planSink) {
    var report = railway.run(resource, secrets,
        new ReconcileLoop.Listener(credentials -> {}, planSink, ids -> checkpoint(resource, ids)));
    resource.setStatus(recorder.record(resource.getStatus(), report).status());
    var annotations = resource.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(RotateAnnotation.NAME)) {
      var kept = new HashMap<>(annotations);
      kept.remove(RotateAnnotation.NAME);
      resource.getMetadata().setAnnotations(kept);
    }
    StateStore.recordEndpoint(resource, endpoint);
    store.save(resource);
    store.forgetRetained(StateStore.namespaceOf(resource), resource.getMetadata().getName());
    return resource;
  }

  /**
   * Records {@code ids} in the store at once, with the status recorded before the run (and the spec it runs), for a
   * run that ends before its report is recorded.
   */
  private void checkpoint(MlflowDeployment resource, Map<String, String> ids) {
    var checkpointed = Serialization.clone(resource);
    if (checkpointed.getStatus() == null) {
      checkpointed.setStatus(new MlflowDeploymentStatus());
    }
    checkpointed.getStatus().ids = new LinkedHashMap<>(ids);
    StateStore.recordEndpoint(checkpointed, endpoint);
    store.save(checkpointed);
  }

  /**
   * What reconcile would change, touching nothing on the platform or in the store.
   *
   * @throws StateException when the deployment is recorded on another Railway than this one
   */
  public StackPlan plan(MlflowDeployment spec) {
    return railway.plan(withRecordedState(spec), secrets);
  }

  /**
   * Refuses a deployment recorded on another Railway than this one (the sandbox, Railway, another
   * {@code RAILWAY_API_URL}): its IDs mean nothing here, and writing through them could touch someone else's objects.
   *
   * @throws StateException saying where it was applied and how to get there
   */
  public void requireSameEndpoint(MlflowDeployment recorded) {
    String applied = StateStore.endpointOf(recorded);
    if (!applied.equals(endpoint)) {
      throw new StateException(recorded.getMetadata().getName() + " was applied to " + shown(applied)
          + ", but this run uses " + shown(endpoint) + "; " + howToReach(applied) + " to use it");
    }
  }

  private static String shown(String endpoint) {
    return HomeRailway.SANDBOX_ENDPOINT.equals(endpoint) ? "the local Railway sandbox"
        : RailwayEndpoint.DEFAULT_URL.equals(endpoint) ? "Railway" : "the Railway API at " + endpoint;
  }

  private static String howToReach(String endpoint) {
    if (HomeRailway.SANDBOX_ENDPOINT.equals(endpoint)) {
      return "unset RAILWAY_TOKEN, RAILWAY_PROJECT_TOKEN and RAILWAY_API_URL";
    }
    return RailwayEndpoint.DEFAULT_URL.equals(endpoint)
        ? "set RAILWAY_TOKEN (or RAILWAY_PROJECT_TOKEN) and unset RAILWAY_API_URL"
        : "set RAILWAY_API_URL=" + endpoint + " and its RAILWAY_TOKEN (or RAILWAY_PROJECT_TOKEN)";
  }

  /**
   * Deletes a recorded deployment's services on Railway, and its volume only under deletionPolicy Delete; the record
   * stays until {@link #forget}.
   *
   * @throws StateException when the deployment is recorded on another Railway than this one (nothing is deleted)
   */
  public void deleteStack(MlflowDeployment recorded) {
    requireSameEndpoint(recorded);
    railway.delete(recorded);
  }

  /**
   * Forgets a deleted deployment's record; under Retain keeps its volume's ID, so applying it again re-attaches that
   * volume, and the storage size last applied, so a smaller size is refused then as before.
   */
  public void forget(MlflowDeployment deleted) {
    var ids = deleted.getStatus() == null ? Map.<String, String>of() : deleted.getStatus().ids;
    String volume = ids.get(RailwayIds.VOLUME);
    if (deleted.getSpec().deletionPolicy != DeletionPolicy.Delete && volume != null) {
      var kept = new HashMap<String, String>();
      kept.put(RailwayIds.VOLUME, volume);
      Optional.ofNullable(ids.get(RailwayIds.STORAGE_SIZE)).ifPresent(size -> kept.put(RailwayIds.STORAGE_SIZE, size));
      store.retain(deleted, kept);
    }
    store.delete(StateStore.namespaceOf(deleted), deleted.getMetadata().getName());
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
    recorded.ifPresent(this::requireSameEndpoint);
    if (recorded.isEmpty()) {
      // Deleted under Retain earlier: start from the volume it kept (on this Railway only), to re-attach it.
      var retained = store.retained(StateStore.namespaceOf(spec), spec.getMetadata().getName())
          .filter(r -> StateStore.endpointOf(r).equals(endpoint));
      resource.setStatus(retained.map(MlflowDeployment::getStatus).orElse(null));
    }
    long generation = recorded.map(r -> generationOf(r) + (sameSpec(r.getSpec(), spec.getSpec()) ? 0 : 1)).orElse(1L);
    resource.getMetadata().setGeneration(generation);
    recorded.map(MlflowDeployment::getStatus).ifPresent(resource::setStatus);
    recorded.map(r -> r.getMetadata().getAnnotations()).ifPresent(resource.getMetadata()::setAnnotations);
    // A rotation asked for in the spec's file (GitOps with mlflowctl run) is handled once per nonce, never recorded.
    RotateAnnotation.value(spec).ifPresent(rotate -> {
      var annotations = new HashMap<String, String>();
      Optional.ofNullable(resource.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
      annotations.put(RotateAnnotation.NAME, rotate);
      resource.getMetadata().setAnnotations(annotations);
    });
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
