package dev.mlflowoperator.reconcile;

import static dev.mlflowoperator.status.Reasons.RECONCILE_ERROR;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.metrics.DeploymentMetrics;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.platform.kubernetes.TakenNames;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.HttpHealthProber;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.status.DataVolumeRecreated;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.status.SyncResult;
import dev.mlflowoperator.validation.SpecValidator;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin controller: reads the resource, runs it through its platform's mode (the one reconcile loop), records the
 * status when it changed and says when to come back; deletes what it owns on cleanup.
 */
@ControllerConfiguration(
    name = MlflowDeploymentReconciler.NAME,
    // An annotation (mlflow-operator.dev/restore-from) changes no generation: SpecOrRestoreChanged filters instead.
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRestoreChanged.class),
    // Everything a Kubernetes stack depends on is watched or requeued for at its due time: this only bounds what a
    // lost watch event could leave unseen, and what a user's Secret (not watched) changed.
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.HOURS))
public class MlflowDeploymentReconciler implements Reconciler<MlflowDeployment>, Cleaner<MlflowDeployment> {
  public static final String NAME = "mlflowdeployment";
  private static final Logger LOG = LoggerFactory.getLogger(MlflowDeploymentReconciler.class);

  private final StatusRecorder recorder;
  private final PlatformModes modes;
  private final KubernetesEvents events;
  private final DeploymentMetrics metrics;
  private final OwnWrites ownWrites = new OwnWrites();
  private final TakenNames takenNames;

  /** Records each deployment's metrics in {@code metrics}. */
  public MlflowDeploymentReconciler(boolean serverSideApply, DeploymentMetrics metrics) {
    this(serverSideApply, new SpecValidator()::validate, Clock.systemUTC(), System.getenv(), new HttpHealthProber(),
        metrics, TakenNames.FRESH);
  }

  /** As the public one, for tests that keep no metrics. */
  MlflowDeploymentReconciler(boolean serverSideApply, Function<MlflowDeployment, List<Violation>> validator,
      Clock clock, Map<String, String> environment, HealthProber prober) {
    this(serverSideApply, validator, clock, environment, prober, TakenNames.FRESH);
  }

  /** As the public one, for tests that keep no metrics, the names taken in a namespace reused for {@code fresh}. */
  MlflowDeploymentReconciler(boolean serverSideApply, Function<MlflowDeployment, List<Violation>> validator,
      Clock clock, Map<String, String> environment, HealthProber prober, Duration namesFresh) {
    this(serverSideApply, validator, clock, environment, prober, new DeploymentMetrics(new SimpleMeterRegistry(), clock),
        namesFresh);
  }

  /** The Railway target takes its token and endpoint from {@code environment} and probes with {@code prober}. */
  MlflowDeploymentReconciler(boolean serverSideApply, Function<MlflowDeployment, List<Violation>> validator,
      Clock clock, Map<String, String> environment, HealthProber prober, DeploymentMetrics metrics,
      Duration namesFresh) {
    this.takenNames = new TakenNames(namesFresh, clock);
    this.recorder = new StatusRecorder(clock);
    this.modes = new PlatformModes(serverSideApply, clock,
        new RailwayClientsByToken(environment, clock, metrics::railway), prober, validator);
    this.events = new KubernetesEvents(clock);
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, MlflowDeployment>> prepareEventSources(EventSourceContext<MlflowDeployment> context) {
    return ManagedObjectEventSources.create(context, ownWrites);
  }

  @Override
  public UpdateControl<MlflowDeployment> reconcile(MlflowDeployment cached, Context<MlflowDeployment> context) {
    long started = System.nanoTime();
    var client = context.getClient();
    var mode = modes.of(cached, client, new InformerObjects(context.eventSourceRetriever(), ownWrites, takenNames,
        client));
    // Drift detection and the drift count depend on the status the previous reconcile wrote. The cache holds it
    // (each status write is put in its temporary cache) unless the mode writes the status in other ways too.
    MlflowDeployment resource = mode.readsFromCaches() ? cached : client.resource(cached).get();
    if (resource == null) {
      return UpdateControl.noUpdate();
    }
    var planned = new AtomicReference<StackPlan>();
    var report = mode.reconcile(resource, planned::set);
    String name = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    var plan = planned.get();
    if (plan != null && !plan.isEmpty() && report.sync().synced()) {
      LOG.info("{}: {} {}", name, report.drift().isEmpty() ? "applied" : "repaired drift", plan.reasons());
    }
    if (Reasons.DATA_VOLUME_RECREATED.equals(report.sync().reason()) && !saidBefore(resource.getStatus())) {
      LOG.warn("{}: {}", name, DataVolumeRecreated.LOST);
      events.warn(client, resource, Reasons.DATA_VOLUME_RECREATED, report.sync().message());
    }
    var recorded = recorder.record(resource.getStatus(), report);
    if (recorded.changed()) {
      writeStatus(context, resource, recorded.status());
    }
    metrics.recorded(resource, recorded.status(), report.drift().isEmpty() || plan == null ? List.of() : plan.repairs(),
        Duration.ofNanos(System.nanoTime() - started));
    resource.setStatus(recorded.status());
    boolean ready = recorded.status().conditions.stream()
        .anyMatch(c -> StatusRecorder.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    UpdateControl<MlflowDeployment> control = UpdateControl.noUpdate();
    return mode.requeueAfter(resource, ready).map(control::rescheduleAfter).orElse(control);
  }

  @Override
  public ErrorStatusUpdateControl<MlflowDeployment> updateErrorStatus(
      MlflowDeployment resource, Context<MlflowDeployment> context, Exception e) {
    LOG.warn("{}/{}: reconcile failed, will retry: {}",
        resource.getMetadata().getNamespace(), resource.getMetadata().getName(), describe(e));
    var sync = SyncResult.failed(RECONCILE_ERROR, describe(e));
    var recorded = recorder.record(resource.getStatus(),
        ReconcileReport.notApplied(ReconcileLoop.generationOf(resource), sync));
    if (recorded.changed()) {
      writeStatus(context, resource, recorded.status());
    }
    metrics.failed(resource, recorded.status());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public DeleteControl cleanup(MlflowDeployment resource, Context<MlflowDeployment> context) {
    if (resource.getSpec() != null && resource.getSpec().target != null) {
      modes.of(resource, context.getClient()).delete(resource);
    }
    metrics.removed(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The previous status already said the data volume was recreated (one Warning Event per replacement). */
  private static boolean saidBefore(MlflowDeploymentStatus previous) {
    return previous != null && previous.conditions.stream().anyMatch(c -> StatusRecorder.SYNCED.equals(c.getType())
        && Reasons.DATA_VOLUME_RECREATED.equals(c.getReason()));
  }

  /**
   * Replaces the status subresource, locked to the resource version it was computed from: a
   * conflict means the resource changed meanwhile, and the reconcile is retried. The resource written is cached, so
   * the next reconcile starts from it even before the watch delivers it.
   */
  private static void writeStatus(Context<MlflowDeployment> context, MlflowDeployment resource,
      MlflowDeploymentStatus status) {
    var previous = Serialization.clone(resource);
    resource.setStatus(status);
    var written = context.getClient().resource(resource).updateStatus();
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(written), written, previous);
  }

  /** A short message for the log and the status: the API server's answer, never the request body. */
  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return Redactor.none().apply("The Kubernetes API answered " + k.getCode() + ": " + k.getStatus().getMessage());
    }
    return Redactor.none().apply(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }
}
