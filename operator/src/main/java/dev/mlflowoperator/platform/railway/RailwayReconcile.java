package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentsStatus;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.RailwayException;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.DataVolumeRecreated;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.status.SyncResult;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateService;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.Deploy;
import dev.mlflowoperator.validation.SpecChangeGuard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The one entry point for a Railway stack, shared by operator and CLI: run, plan and delete from the previous status. */
public final class RailwayReconcile {
  private final RailwayTarget target;
  private final PrivateNetworkRedeploy networkRedeploy;
  private final HealthProber prober;
  private final CredentialsGenerator generator;

  public RailwayReconcile(GraphqlExecutor api, HealthProber prober, CredentialsGenerator generator) {
    this.target = new RailwayTarget(api);
    this.networkRedeploy = new PrivateNetworkRedeploy(target);
    this.prober = prober;
    this.generator = generator;
  }

  /** What plan() found: the changes apply would make, the IDs known and the public URL (null before the domain). */
  public record Preview(RailwayStackPlan plan, Map<String, String> ids, String url) {}

  /** Brings the stack in line with the spec; failures are reported in the result, never thrown. */
  public ReconcileReport run(MlflowDeployment resource, SecretResolver secrets) {
    return run(resource, secrets, credentials -> {});
  }

  /** As {@link #run(MlflowDeployment, SecretResolver)}, handing the proxy credentials in use to {@code credentialsSink}. */
  public ReconcileReport run(MlflowDeployment resource, SecretResolver secrets, Consumer<Credentials> credentialsSink) {
    return run(resource, secrets, credentialsSink, plan -> {});
  }

  /** As {@link #run(MlflowDeployment, SecretResolver, Consumer)}, handing each plan to {@code planSink} before applying it. */
  public ReconcileReport run(MlflowDeployment resource, SecretResolver secrets, Consumer<Credentials> credentialsSink,
      Consumer<RailwayStackPlan> planSink) {
    long generation = generationOf(resource);
    var ids = new RailwayIds(resource.getStatus() == null ? null : resource.getStatus().ids);
    var seen = new SeenSecrets(secrets);
    try {
      refuseLossyChanges(resource, ids);
      return converge(resource, seen, ids, generation, credentialsSink, planSink);
    } catch (TerminalException e) {
      return failed(generation, SyncResult.failed(e.reason(), seen.redactor().apply(e.getMessage())), ids);
    } catch (RailwayException e) {
      return failed(generation, SyncResult.failed(reasonOf(e), seen.redactor().apply(messageOf(e))), ids);
    }
  }

  /**
   * Observes and plans without changing anything (for {@code mlflowctl plan}); Railway errors are thrown, without
   * the secrets read so far, and a refused spec change as a {@link TerminalException} before any request.
   */
  public Preview plan(MlflowDeployment resource, SecretResolver secrets) {
    var ids = new RailwayIds(resource.getStatus() == null ? null : resource.getStatus().ids);
    refuseLossyChanges(resource, ids);
    var seen = new SeenSecrets(secrets);
    var stack = new Stack(resource, seen);
    try {
      var observed = target.observe(stack.project, stack.names, ids);
      String volumeId = ids.get(RailwayIds.VOLUME);
      target.recordIds(stack.names, observed, ids);
      var credentials = credentials(resource, stack.names, observed, seen);
      seen.add(credentials);
      var desired = stack.desired(credentials, domainOf(stack.names, observed));
      var plan = RailwayPlanner.plan(stack.project, desired, observed, volumeId, deployed(ids, desired));
      return new Preview(plan, ids.asMap(), RailwayAddresses.url(domainOf(stack.names, observed)));
    } catch (RailwayException e) {
      throw e.redactedBy(seen.redactor());
    }
  }

  /**
   * The proxy credentials Railway holds for the stack, observing only (for {@code mlflowctl env}); empty when the
   * proxy service or its password variable does not exist yet. Railway errors are thrown.
   */
  public Optional<Credentials> credentials(MlflowDeployment resource) {
    var ids = new RailwayIds(resource.getStatus() == null ? null : resource.getStatus().ids);
    var stack = new Stack(resource, SecretResolver.none());
    var observed = target.observe(stack.project, stack.names, ids);
    Map<String, String> stored = observed.service(stack.names.proxy())
        .map(ObservedRailwayStack.Service::variables).orElse(Map.of());
    return Optional.ofNullable(stored.get(RailwayDesired.PASSWORD_VARIABLE)).map(password ->
        new Credentials(resource.getSpec().proxy.auth.username, password, stored.get(CaddyConfig.ENV_PASSWORD_HASH)));
  }

  /** Deletes the services; the volume only with deletionPolicy Delete. Railway errors are thrown, to retry. */
  public void delete(MlflowDeployment resource) {
    var stack = new Stack(resource, SecretResolver.none());
    var ids = new RailwayIds(resource.getStatus() == null ? null : resource.getStatus().ids);
    target.delete(stack.project, stack.names, ids,
        resource.getSpec().deletionPolicy == DeletionPolicy.Delete);
  }

  private ReconcileReport converge(MlflowDeployment resource, SeenSecrets secrets, RailwayIds ids, long generation,
      Consumer<Credentials> credentialsSink, Consumer<RailwayStackPlan> planSink) {
    var stack = new Stack(resource, secrets);
    var names = stack.names;
    String volumeId = ids.get(RailwayIds.VOLUME);
    ObservedRailwayStack observed = target.observe(stack.project, names, ids);
    target.recordIds(names, observed, ids);
    var credentials = credentials(resource, names, observed, secrets);
    secrets.add(credentials);
    credentialsSink.accept(credentials);
    var desired = stack.desired(credentials, domainOf(names, observed));
    var plan = RailwayPlanner.plan(stack.project, desired, observed, volumeId, deployed(ids, desired));
    planSink.accept(plan);
    try {
      String domain = target.apply(plan, stack.project, observed, desired, d -> stack.desired(credentials, d), ids);
      var applied = stack.desired(credentials, domain);
      applied.services().forEach(s -> ids.put(RailwayIds.deployed(s.component()), applied.fingerprint(s)));
      ids.put(RailwayIds.STORAGE_SIZE, resource.getSpec().storage.size);
      boolean drift = !plan.isEmpty() && wasSynced(resource, generation);
      var components = components(resource.getStatus(), names, observed, plan, ids, stack.mountPath());
      String url = RailwayAddresses.url(domain);
      boolean recreated = replacesDeleted(plan)
          || DataVolumeRecreated.syncedFor(resource.getStatus(), generation, RailwayIds.VOLUME, ids.get(RailwayIds.VOLUME));
      var sync = recreated ? DataVolumeRecreated.sync() : SyncResult.success();
      Health health = networkRedeploy.check(url == null ? null : prober.probe(url, credentials), names, observed,
          !plan.isEmpty(), ids);
      return new ReconcileReport(generation, sync, components, url, ids.asMap(),
          runningVersion(resource, desired, observed, plan), drift ? plan.reasons() : List.of(), health);
    } catch (RailwayException e) {
      // Some changes may have been applied: keep the IDs learned so far; the next reconcile observes first.
      return failed(generation, SyncResult.failed(reasonOf(e), secrets.redactor().apply(messageOf(e))), ids);
    }
  }

  /**
   * Refuses, before any request, what would lose data: an MLflow older than the one that ran, or a storage size
   * smaller than the one the spec last asked for and a reconcile applied (as on Kubernetes, volumes only grow).
   */
  private static void refuseLossyChanges(MlflowDeployment resource, RailwayIds ids) {
    SpecChangeGuard.versionDowngrade(resource)
        .or(() -> SpecChangeGuard.storageDecrease(ids.get(RailwayIds.STORAGE_SIZE), resource.getSpec().storage.size))
        .ifPresent(refusal -> {
          throw TerminalException.of(refusal);
        });
  }

  /** The user's password if referenced, else the one Railway holds, else the one in the credentials secret. */
  private Credentials credentials(MlflowDeployment resource, StackNames names, ObservedRailwayStack observed,
      SecretResolver secrets) {
    var auth = resource.getSpec().proxy.auth;
    String userPassword = null;
    if (auth.passwordSecretRef != null) {
      var ref = auth.passwordSecretRef;
      userPassword = secrets.value(ref.name, ref.key).filter(p -> !p.isEmpty()).orElseThrow(() -> new TerminalException(
          Reasons.PASSWORD_SECRET_NOT_FOUND, "spec.proxy.auth.passwordSecretRef: Secret '" + ref.name + "' has no key '"
              + ref.key + "'; create it or remove the reference to get a generated password."));
    }
    Map<String, String> stored = observed.service(names.proxy())
        .map(ObservedRailwayStack.Service::variables).orElse(Map.of());
    String password = Optional.ofNullable(stored.get(RailwayDesired.PASSWORD_VARIABLE))
        .or(() -> secrets.value(names.credentials(), Credentials.PASSWORD_KEY))
        .orElse(null);
    try {
      return generator.resolve(auth.username, userPassword, password, stored.get(CaddyConfig.ENV_PASSWORD_HASH));
    } catch (IllegalArgumentException e) {
      // Only a user-supplied password can be refused (too long for bcrypt), as on Kubernetes; retrying cannot help.
      throw new TerminalException(Reasons.PASSWORD_REFUSED, e.getMessage());
    }
  }

  private static ComponentsStatus components(MlflowDeploymentStatus previous, StackNames names,
      ObservedRailwayStack observed, RailwayStackPlan plan, RailwayIds ids, String mountPath) {
    var components = new ComponentsStatus();
    components.mlflow = serviceState("mlflow", names.mlflow(), observed, plan);
    components.proxy = serviceState("proxy", names.proxy(), observed, plan);
    var created = plan.find(CreateVolume.class);
    var volume = RailwayPlanner.ourVolume(names.mlflow(), observed, ids.get(RailwayIds.VOLUME));
    if (created.isPresent() || volume.isEmpty()) {
      components.storage = new ComponentStatus("Progressing", "volume created at " + mountPath);
    } else if (volume.get().state() == null || "READY".equals(volume.get().state())) {
      components.storage = new ComponentStatus("Ready", "volume " + volume.get().volumeName() + " mounted at " + mountPath);
    } else {
      components.storage = new ComponentStatus("Progressing", "volume is " + volume.get().state());
    }
    // Never hide it: the data is gone; the message stays as long as this replacement volume does.
    if (replacesDeleted(plan) || DataVolumeRecreated.reportedFor(previous, RailwayIds.VOLUME, ids.get(RailwayIds.VOLUME))) {
      components.storage = DataVolumeRecreated.storage(components.storage);
    }
    return components;
  }

  /** True when the plan creates a volume in place of the recorded one, which was deleted out of band. */
  private static boolean replacesDeleted(RailwayStackPlan plan) {
    return plan.find(CreateVolume.class).filter(CreateVolume::replacesDeleted).isPresent();
  }

  private static ComponentStatus serviceState(String component, String name, ObservedRailwayStack observed,
      RailwayStackPlan plan) {
    boolean deploying = plan.all(Deploy.class).stream().anyMatch(d -> d.component().equals(component))
        || plan.all(CreateService.class).stream().anyMatch(c -> c.component().equals(component));
    if (deploying) {
      return new ComponentStatus("Progressing", "a new deployment was started");
    }
    return DeploymentHealth.of(observed.service(name).map(ObservedRailwayStack.Service::deploymentStatus).orElse(null));
  }

  /** The spec's version once MLflow runs the spec's image with nothing left to deploy. */
  private static String runningVersion(MlflowDeployment resource, RailwayDesired desired, ObservedRailwayStack observed,
      RailwayStackPlan plan) {
    var mlflow = observed.service(desired.mlflow().name());
    boolean running = mlflow.filter(s -> "SUCCESS".equals(s.deploymentStatus())
        && desired.mlflow().image().equals(s.image())).isPresent();
    boolean unchanged = plan.all(Deploy.class).stream().noneMatch(d -> d.component().equals("mlflow"));
    return running && unchanged ? resource.getSpec().mlflow.version : null;
  }

  /** The fingerprints recorded of what each service last had deployed by us, by component. */
  private static Map<String, String> deployed(RailwayIds ids, RailwayDesired desired) {
    var deployed = new HashMap<String, String>();
    for (var service : desired.services()) {
      Optional.ofNullable(ids.get(RailwayIds.deployed(service.component())))
          .ifPresent(fingerprint -> deployed.put(service.component(), fingerprint));
    }
    return deployed;
  }

  private static String domainOf(StackNames names, ObservedRailwayStack observed) {
    return observed.service(names.proxy()).flatMap(p -> p.domains().stream().findFirst())
        .map(ObservedRailwayStack.Domain::domain).orElse(null);
  }

  private static ReconcileReport failed(long generation, SyncResult sync, RailwayIds ids) {
    return new ReconcileReport(generation, sync, null, null, ids.asMap(), null, List.of());
  }

  private static String reasonOf(RailwayException e) {
    return switch (e.kind()) {
      case UNAUTHORIZED -> Reasons.RAILWAY_UNAUTHORIZED;
      case REDIRECTED -> Reasons.RAILWAY_REDIRECTED;
      case RATE_LIMITED -> Reasons.RAILWAY_RATE_LIMITED;
      case UNAVAILABLE -> Reasons.RAILWAY_UNAVAILABLE;
      case OUTCOME_UNKNOWN -> Reasons.RAILWAY_OUTCOME_UNKNOWN;
      default -> Reasons.RAILWAY_REJECTED;
    };
  }

  private static String messageOf(RailwayException e) {
    boolean saysSo = e.kind() == RailwayException.Kind.OUTCOME_UNKNOWN || e.kind() == RailwayException.Kind.UNAUTHORIZED;
    return e.getMessage() + (saysSo ? "" : "; the next reconcile observes Railway again before changing anything");
  }

  private static boolean wasSynced(MlflowDeployment resource, long generation) {
    var status = resource.getStatus();
    return status != null
        && Objects.equals(status.observedGeneration, generation)
        && status.conditions.stream().anyMatch(c -> StatusRecorder.SYNCED.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static long generationOf(MlflowDeployment resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** The names, project and desired stack of one resource. */
  private static final class Stack {
    final MlflowDeployment resource;
    final SecretResolver secrets;
    final StackNames names;
    final RailwayProject project;

    Stack(MlflowDeployment resource, SecretResolver secrets) {
      this.resource = resource;
      this.secrets = secrets;
      this.names = new StackNames(resource.getMetadata().getName());
      var railway = resource.getSpec().railway;
      this.project = RailwayProject.of(railway.project, railway.environment, resource.getMetadata().getNamespace(),
          resource.getMetadata().getName());
    }

    String mountPath() {
      return resource.getSpec().storage.mountPath;
    }

    RailwayDesired desired(Credentials credentials, String domain) {
      var stack = DesiredStackFactory.build(names.deployment(), resource.getSpec(), credentials,
          RailwayAddresses.of(names, domain));
      return RailwayDesired.of(stack, resource.getSpec().railway.region, secrets);
    }
  }
}
