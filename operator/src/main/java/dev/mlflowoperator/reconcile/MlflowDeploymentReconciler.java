package dev.mlflowoperator.reconcile;

import static dev.mlflowoperator.status.Reasons.INVALID_SPEC;
import static dev.mlflowoperator.status.Reasons.RECONCILE_ERROR;
import static dev.mlflowoperator.status.Reasons.TARGET_NOT_SUPPORTED;
import static dev.mlflowoperator.status.StatusRecorder.SYNCED;

import dev.mlflowoperator.api.v1alpha1.ComponentsStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.DataVolumeRecreated;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.status.SyncResult;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.kubernetes.ComponentStates;
import dev.mlflowoperator.platform.kubernetes.KubernetesAddresses;
import dev.mlflowoperator.platform.kubernetes.KubernetesOptions;
import dev.mlflowoperator.platform.kubernetes.KubernetesTarget;
import dev.mlflowoperator.platform.kubernetes.Plan;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.HttpHealthProber;
import dev.mlflowoperator.platform.railway.RailwayReconcile;
import dev.mlflowoperator.platform.railway.RailwayResync;
import dev.mlflowoperator.validation.SpecChangeGuard;
import dev.mlflowoperator.validation.SpecValidator;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin controller: validate, observe, plan, apply, record status; deletes what it owns on cleanup. */
@ControllerConfiguration(
    name = MlflowDeploymentReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class MlflowDeploymentReconciler implements Reconciler<MlflowDeployment>, Cleaner<MlflowDeployment> {
  public static final String NAME = "mlflowdeployment";
  static final Duration REQUEUE_WHILE_NOT_READY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(MlflowDeploymentReconciler.class);

  private final boolean serverSideApply;
  private final Function<MlflowDeployment, List<Violation>> validator;
  private final StatusRecorder recorder;
  private final CredentialsGenerator generator = new CredentialsGenerator();
  private final RailwayClientsByToken railwayClients;
  private final HealthProber prober;
  private final KubernetesEvents events;

  public MlflowDeploymentReconciler(boolean serverSideApply) {
    this(serverSideApply, new SpecValidator()::validate, Clock.systemUTC(), System.getenv(), new HttpHealthProber());
  }

  /** The Railway target takes its token and endpoint from {@code environment} and probes with {@code prober}. */
  MlflowDeploymentReconciler(boolean serverSideApply, Function<MlflowDeployment, List<Violation>> validator,
      Clock clock, Map<String, String> environment, HealthProber prober) {
    this.serverSideApply = serverSideApply;
    this.validator = validator;
    this.recorder = new StatusRecorder(clock);
    this.railwayClients = new RailwayClientsByToken(environment);
    this.prober = prober;
    this.events = new KubernetesEvents(clock);
  }

  @Override
  public List<EventSource<?, MlflowDeployment>> prepareEventSources(EventSourceContext<MlflowDeployment> context) {
    return ManagedObjectEventSources.create(context);
  }

  @Override
  public UpdateControl<MlflowDeployment> reconcile(MlflowDeployment cached, Context<MlflowDeployment> context) {
    // The informer cache may not hold the status written by the previous reconcile yet, and drift
    // detection and the drift count depend on it: read the resource itself.
    var client = context.getClient();
    MlflowDeployment resource = client.resource(cached).get();
    if (resource == null) {
      return UpdateControl.noUpdate();
    }
    long generation = generationOf(resource);
    if (resource.getSpec() == null || resource.getSpec().target == null) {
      return record(client, resource, ReconcileReport.notApplied(generation, SyncResult.failed(TARGET_NOT_SUPPORTED,
          "spec.target: set it to kubernetes or railway.")));
    }
    var violations = validator.apply(resource);
    if (!violations.isEmpty()) {
      String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      return record(client, resource, ReconcileReport.notApplied(generation, SyncResult.failed(INVALID_SPEC, message)));
    }
    try {
      SpecChangeGuard.versionDowngrade(resource).ifPresent(refusal -> {
        throw TerminalException.of(refusal);
      });
      if (resource.getSpec().target == Target.RAILWAY) {
        return convergeOnRailway(resource, client);
      }
      return record(client, resource, converge(resource, client, generation));
    } catch (TerminalException e) {
      var sync = SyncResult.failed(e.reason(), e.getMessage());
      return record(client, resource, ReconcileReport.notApplied(generation, sync));
    }
  }

  private ReconcileReport converge(MlflowDeployment resource, KubernetesClient client, long generation) {
    var target = new KubernetesTarget(client, serverSideApply, generator);
    String namespace = resource.getMetadata().getNamespace();
    var names = new StackNames(resource.getMetadata().getName());
    var observed = target.observe(namespace, names);
    target.refuseForeign(resource, observed);
    var desired = target.desired(resource, target.credentials(resource, observed));
    var plan = target.plan(desired, observed);
    // Changes found while this generation was already applied were made out of band: drift.
    boolean drift = !plan.isEmpty() && wasSynced(resource, generation);
    target.apply(plan, observed);
    if (!plan.isEmpty()) {
      LOG.info("{}/{}: {} {}", namespace, names.deployment(), drift ? "repaired drift" : "applied", plan.reasons());
    }
    var options = KubernetesOptions.of(namespace, resource.getSpec().kubernetes);
    var ids = observed.uids();
    var components = ComponentStates.of(names, observed);
    var sync = volumeReplacement(resource, client, generation, names, plan, ids, components);
    return new ReconcileReport(
        generation,
        sync,
        components,
        KubernetesAddresses.url(names, options),
        ids,
        ComponentStates.runningMlflowVersion(names, observed).orElse(null),
        drift ? plan.reasons() : List.of());
  }

  /**
   * Runs the Railway target with the token's shared client, writes the credentials Secret for in-cluster clients,
   * and comes back after the resync interval, stretched to keep every deployment on the token within its budget.
   */
  private UpdateControl<MlflowDeployment> convergeOnRailway(MlflowDeployment resource, KubernetesClient client) {
    String namespace = resource.getMetadata().getNamespace();
    var secrets = KubernetesSecrets.resolver(client, namespace);
    var tokenClient = railwayClients.clientFor(resource, secrets);
    var report = new RailwayReconcile(tokenClient.client(), prober, generator)
        .run(resource, secrets, credentials -> KubernetesSecrets.writeCredentials(client, resource, credentials));
    if (!report.drift().isEmpty()) {
      LOG.info("{}/{}: repaired drift on Railway {}", namespace, resource.getMetadata().getName(), report.drift());
    }
    if (Reasons.DATA_VOLUME_RECREATED.equals(report.sync().reason())) {
      events.warn(client, resource, Reasons.DATA_VOLUME_RECREATED, report.sync().message());
    }
    var recorded = recorder.record(resource.getStatus(), report);
    if (recorded.changed()) {
      writeStatus(client, resource, recorded.status());
    }
    boolean ready = recorded.status().conditions.stream()
        .anyMatch(c -> StatusRecorder.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    Duration base = ready ? RailwayResync.DEFAULT : RailwayResync.WHILE_NOT_READY;
    return UpdateControl.<MlflowDeployment>noUpdate().rescheduleAfter(RailwayResync.interval(
        base, tokenClient.budget().availableThisHour(), tokenClient.deploymentsOnToken()));
  }

  @Override
  public ErrorStatusUpdateControl<MlflowDeployment> updateErrorStatus(
      MlflowDeployment resource, Context<MlflowDeployment> context, Exception e) {
    LOG.warn("{}/{}: reconcile failed, will retry: {}",
        resource.getMetadata().getNamespace(), resource.getMetadata().getName(), describe(e));
    var sync = SyncResult.failed(RECONCILE_ERROR, describe(e));
    var recorded = recorder.record(resource.getStatus(), ReconcileReport.notApplied(generationOf(resource), sync));
    if (recorded.changed()) {
      writeStatus(context.getClient(), resource, recorded.status());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public DeleteControl cleanup(MlflowDeployment resource, Context<MlflowDeployment> context) {
    if (resource.getSpec() != null && resource.getSpec().target == Target.KUBERNETES) {
      new KubernetesTarget(context.getClient(), serverSideApply, generator).delete(resource);
    }
    if (resource.getSpec() != null && resource.getSpec().target == Target.RAILWAY && resource.getSpec().railway != null) {
      var secrets = KubernetesSecrets.resolver(context.getClient(), resource.getMetadata().getNamespace());
      try {
        new RailwayReconcile(railwayClients.clientFor(resource, secrets).client(), prober, generator).delete(resource);
      } catch (TerminalException e) {
        // Without a token nothing on Railway can be reached; the resource goes and Railway keeps the stack.
        LOG.warn("{}/{}: the Railway stack is left in place: {}",
            resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
      }
      railwayClients.forget(resource);
    }
    return DeleteControl.defaultDelete();
  }

  /** Writes the status only when it changed; requeues while not Ready. */
  private UpdateControl<MlflowDeployment> record(
      KubernetesClient client, MlflowDeployment resource, ReconcileReport report) {
    var recorded = recorder.record(resource.getStatus(), report);
    if (recorded.changed()) {
      writeStatus(client, resource, recorded.status());
    }
    boolean ready = recorded.status().conditions.stream()
        .anyMatch(c -> StatusRecorder.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    UpdateControl<MlflowDeployment> control = UpdateControl.noUpdate();
    return ready ? control : control.rescheduleAfter(REQUEUE_WHILE_NOT_READY);
  }

  /**
   * Replaces the status subresource, locked to the resource version it was computed from: a
   * conflict means the resource changed meanwhile, and the reconcile is retried.
   */
  private static void writeStatus(KubernetesClient client, MlflowDeployment resource, MlflowDeploymentStatus status) {
    resource.setStatus(status);
    client.resource(resource).updateStatus();
  }

  /**
   * Says it when this reconcile had to create the data PVC although the previous status recorded another one: the
   * earlier data is gone. Synced says it until the spec changes (so that the next event's reconcile does not hide it),
   * a Warning Event once, the storage component as long as this replacement PVC exists.
   */
  private SyncResult volumeReplacement(MlflowDeployment resource, KubernetesClient client, long generation,
      StackNames names, Plan plan, Map<String, String> ids, ComponentsStatus components) {
    String volumeKey = "PersistentVolumeClaim/" + names.dataVolume();
    String volume = ids.get(volumeKey);
    var previous = resource.getStatus();
    boolean replaced = plan.creates(volumeKey) && replacedVolume(previous, volumeKey, volume);
    if (replaced) {
      LOG.warn("{}/{}: {}", resource.getMetadata().getNamespace(), names.deployment(), DataVolumeRecreated.LOST);
      events.warn(client, resource, Reasons.DATA_VOLUME_RECREATED, DataVolumeRecreated.sync().message());
    }
    if (replaced || DataVolumeRecreated.reportedFor(previous, volumeKey, volume)) {
      components.storage = DataVolumeRecreated.storage(components.storage);
    }
    return replaced || DataVolumeRecreated.syncedFor(previous, generation, volumeKey, volume)
        ? DataVolumeRecreated.sync() : SyncResult.success();
  }

  /** Another PVC than the one recorded in the previous status now has its name. */
  private static boolean replacedVolume(MlflowDeploymentStatus previous, String volumeKey, String volume) {
    String recorded = previous == null || previous.ids == null ? null : previous.ids.get(volumeKey);
    return recorded != null && volume != null && !recorded.equals(volume);
  }

  private static boolean wasSynced(MlflowDeployment resource, long generation) {
    var status = resource.getStatus();
    return status != null
        && Objects.equals(status.observedGeneration, generation)
        && status.conditions.stream().anyMatch(c -> SYNCED.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static long generationOf(MlflowDeployment resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** A short message for the log and the status: the API server's answer, never the request body. */
  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return Redactor.none().apply("The Kubernetes API answered " + k.getCode() + ": " + k.getStatus().getMessage());
    }
    return Redactor.none().apply(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }
}
