package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.AuthSpec;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.JobTime;
import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.platform.BackupProgress;
import dev.mlflowoperator.platform.Platform;
import dev.mlflowoperator.platform.PlatformReport;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.platform.StackDesign;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateService;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.Deploy;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.RailwayException;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.SyncResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Railway as a {@link Platform}: one request observes a known stack, a pure {@link RailwayPlanner} diffs it, and
 * {@link RailwayTarget} applies the plan in a few batched requests, recording each ID as soon as Railway returns it;
 * live probes through the proxy report health, and the backups read with the stack their newest one and schedule.
 * Railway errors are reported in status and retried.
 */
public final class RailwayPlatform implements Platform<ObservedRailwayStack, RailwayStackPlan> {
  /** The name of a backup taken before MLflow's version changes is this, a space and the version. */
  static final String BEFORE_UPGRADE = "beforeUpgrade";
  /** How far this machine's clock and Railway's may differ when a backup is told by its creation time. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final GraphqlExecutor api;
  private final RailwayTarget target;
  private final PrivateNetworkRedeploy networkRedeploy;
  private final HealthProber prober;
  private final Function<Stack, DesiredStack> outline;
  private final Clock clock;
  private final Supplier<RailwayObserver> observer;

  public RailwayPlatform(GraphqlExecutor api, HealthProber prober) {
    this(api, prober, Clock.systemUTC());
  }

  /** With {@code clock} telling when the next scheduled backup is due. */
  public RailwayPlatform(GraphqlExecutor api, HealthProber prober, Clock clock) {
    this(api, prober, stack -> DesiredStackFactory.outline(stack.names().deployment(), stack.spec()), clock);
  }

  /**
   * With the token's shared {@code observer} (looked up when first needed, after validation), which several
   * platforms over the same token may share (the operator's).
   */
  public RailwayPlatform(GraphqlExecutor api, HealthProber prober, Clock clock, Supplier<RailwayObserver> observer) {
    this(api, prober, stack -> DesiredStackFactory.outline(stack.names().deployment(), stack.spec()), clock, observer);
  }

  /** With the stack's components, before credentials and addresses, given by {@code outline}. */
  RailwayPlatform(GraphqlExecutor api, HealthProber prober, Function<Stack, DesiredStack> outline, Clock clock) {
    this(api, prober, outline, clock, ownObserver(api, clock));
  }

  private RailwayPlatform(GraphqlExecutor api, HealthProber prober, Function<Stack, DesiredStack> outline, Clock clock,
      Supplier<RailwayObserver> observer) {
    this.observer = observer;
    this.api = api;
    this.target = new RailwayTarget(api, () -> observer.get().projects());
    this.networkRedeploy = new PrivateNetworkRedeploy(target);
    this.prober = prober;
    this.outline = outline;
    this.clock = clock;
  }

  /**
   * Observes the stack from its part of the token's shared observation when one was read with its recorded IDs and
   * nothing was written since, else with its own requests.
   */
  @Override
  public ObservedRailwayStack observe(Stack stack) {
    var ids = new RailwayIds(stack.ids());
    var layout = layout(stack);
    var read = RailwayObserver.ObserveRequest.of(layout, ids).flatMap(request -> observer.get().take(key(stack), request));
    var observed = read.isPresent() ? target.observe(project(stack), layout, ids, read.get())
        : target.observe(project(stack), layout, ids);
    target.recordIds(layout, observed, ids);
    return observed;
  }

  /**
   * Reads the stacks of these deployments (their recorded IDs) ahead in shared requests, so that each one's
   * reconcile that follows observes from its part; a deployment whose IDs are not known yet is left to its own.
   */
  public void readAhead(List<MlflowDeployment> resources) {
    var requests = new LinkedHashMap<String, RailwayObserver.ObserveRequest>();
    for (var resource : resources) {
      var stack = new Stack(resource, SecretResolver.none());
      RailwayObserver.ObserveRequest.of(layout(stack), new RailwayIds(stack.ids()))
          .ifPresent(request -> requests.put(key(stack), request));
    }
    observer.get().readAhead(requests);
  }

  /**
   * Each user's username, password and hash on the variables of the service that reads the credentials
   * ({@link CaddyConfig#env} per user), read back on every reconcile so they are never regenerated.
   */
  @Override
  public List<Credentials> storedCredentials(Stack stack, ObservedRailwayStack observed) {
    var layout = layout(stack);
    Map<String, String> stored = observed.service(layout.nameOf(layout.credentialsService()))
        .map(ObservedRailwayStack.Service::variables).orElse(Map.of());
    var users = new ArrayList<Credentials>();
    for (int i = 0; i < AuthSpec.MAX_USERS; i++) {
      String password = stored.get(CaddyConfig.env(RailwayDesired.PASSWORD_VARIABLE, i));
      if (password != null) {
        users.add(new Credentials(stored.get(CaddyConfig.env(CaddyConfig.ENV_USERNAME, i)), password,
            stored.get(CaddyConfig.env(CaddyConfig.ENV_PASSWORD_HASH, i))));
      }
    }
    return users;
  }

  @Override
  public PlatformAddresses addresses(Stack stack, ObservedRailwayStack observed) {
    return RailwayAddresses.of(stack.names(), domainOf(layout(stack), observed));
  }

  @Override
  public RailwayStackPlan plan(Stack stack, DesiredStack desired, ObservedRailwayStack observed) {
    var railwayDesired = RailwayDesired.of(desired, jobsAt(stack), stack.spec().railway.region, stack.secrets());
    var ids = new RailwayIds(stack.ids());
    return RailwayPlanner.plan(project(stack), railwayDesired, observed, ids.get(RailwayIds.VOLUME),
        deployed(ids, railwayDesired));
  }

  @Override
  public PlatformReport apply(Stack stack, RailwayStackPlan plan, ObservedRailwayStack observed, StackDesign design) {
    observer.get().wrote(key(stack));
    try {
      return applied(stack, plan, observed, design);
    } finally {
      observer.get().wrote(key(stack));
    }
  }

  private PlatformReport applied(Stack stack, RailwayStackPlan plan, ObservedRailwayStack observed, StackDesign design) {
    var names = stack.names();
    var ids = new RailwayIds(stack.ids());
    String domain = target.apply(plan, project(stack), observed, plan.desired(),
        d -> RailwayDesired.of(design.with(RailwayAddresses.of(names, d)), jobsAt(stack), stack.spec().railway.region,
            stack.secrets()),
        ids);
    var stackNow = design.with(RailwayAddresses.of(names, domain));
    var applied = RailwayDesired.of(stackNow, jobsAt(stack), stack.spec().railway.region, stack.secrets());
    applied.services().forEach(s -> ids.put(RailwayIds.deployed(s.component()), applied.fingerprint(s)));
    String url = RailwayAddresses.url(domain);
    var versioned = versioned(stackNow);
    Health health = networkRedeploy.check(url == null ? null : prober.probe(url, stackNow.credentials()),
        versioned.map(ServiceComponent::name).orElse(null), observed, !plan.isEmpty(), ids);
    var layout = RailwayLayout.of(stackNow);
    String volumeInstanceId = RailwayPlanner.ourVolume(layout.nameOf(layout.volumeService()), observed,
        ids.get(RailwayIds.VOLUME)).map(ObservedRailwayStack.VolumeInstance::id).orElse(null);
    return new PlatformReport(components(stackNow, jobsAt(stack), observed, plan, ids), url,
        versioned.map(component -> runningVersion(component, applied, observed, plan)).orElse(null), health,
        RailwayBackupReport.of(plan, observed, volumeInstanceId, stack.spec().mlflow.backendStore.type,
            clock.instant()));
  }

  /** Deletes the services; the volume only with deletionPolicy Delete. Railway errors are thrown, to retry. */
  @Override
  public void delete(Stack stack) {
    observer.get().forget(key(stack));
    target.delete(project(stack), layout(stack), new RailwayIds(stack.ids()),
        stack.spec().deletionPolicy == DeletionPolicy.Delete);
  }

  /** No service of the stack is left (Railway deletes a service's deployments after it answered). */
  @Override
  public boolean deleted(Stack stack, ObservedRailwayStack observed) {
    return layout(stack).services().stream().allMatch(service -> observed.service(service.name()).isEmpty());
  }

  /**
   * A manual backup of our volume's instance (checked to be ours first), named {@value #BEFORE_UPGRADE} and the
   * version it is taken before; its ID is Railway's workflow ID.
   */
  @Override
  public String startBackup(Stack stack, ObservedRailwayStack observed) {
    observer.get().wrote(key(stack));
    return new RailwayVolumeBackups(api, new RailwayIds(stack.ids()))
        .create(BEFORE_UPGRADE + " " + stack.spec().mlflow.version);
  }

  /**
   * Complete when {@code id} is one of the volume instance's backups the observe request listed (one adopted by
   * {@link #requestedBackup}); else the workflow's status: Running, Complete, else failed with Railway's error (one
   * request).
   */
  @Override
  public BackupProgress backupProgress(Stack stack, ObservedRailwayStack observed, String id) {
    if (listedBackups(stack, observed).stream().anyMatch(backup -> backup.id().equals(id))) {
      return BackupProgress.complete();
    }
    var workflow = new RailwayVolumeBackups(api, new RailwayIds(stack.ids())).workflow(id);
    if (workflow.running()) {
      return BackupProgress.running();
    }
    return "Complete".equals(workflow.status()) ? BackupProgress.complete()
        : BackupProgress.failed("Railway's backup workflow ended " + workflow.status()
            + (workflow.error() == null ? "" : ": " + workflow.error()));
  }

  /**
   * The first manual backup of our volume instance named as {@link #startBackup} names it and created no earlier
   * than {@code requested} less {@link #CLOCK_SKEW} (Railway's clock stamps it, the loop's the request); read from
   * the backups the observe request listed, which Railway shows once they have completed.
   */
  @Override
  public Optional<String> requestedBackup(Stack stack, ObservedRailwayStack observed, Instant requested) {
    String name = BEFORE_UPGRADE + " " + stack.spec().mlflow.version;
    Instant earliest = requested.minus(CLOCK_SKEW);
    return listedBackups(stack, observed).stream()
        .filter(backup -> backup.scheduleId() == null && name.equals(backup.name()))
        .filter(backup -> !Instant.parse(backup.createdAt()).isBefore(earliest))
        .min(Comparator.comparing(backup -> Instant.parse(backup.createdAt())))
        .map(ObservedRailwayStack.Backup::id);
  }

  private static List<ObservedRailwayStack.Backup> listedBackups(Stack stack, ObservedRailwayStack observed) {
    return Optional.ofNullable(stack.ids().get(RailwayIds.VOLUME_INSTANCE)).flatMap(observed::backupsOf)
        .map(ObservedRailwayStack.Backups::backups).orElse(List.of());
  }

  @Override
  public String dataVolumeKey(Stack stack) {
    return RailwayIds.VOLUME;
  }

  /** A mutation sent without a clear answer ({@code OUTCOME_UNKNOWN}): it may have taken effect. */
  @Override
  public boolean unclearOutcome(RuntimeException failure) {
    return failure instanceof RailwayException e && e.kind() == RailwayException.Kind.OUTCOME_UNKNOWN;
  }

  /** Every Railway error: said in status with its reason, and the next reconcile observes again before writing. */
  @Override
  public Optional<SyncResult> reportable(RuntimeException failure, Redactor redactor) {
    if (!(failure instanceof RailwayException e)) {
      return Optional.empty();
    }
    return Optional.of(SyncResult.failed(reasonOf(e), redactor.apply(messageOf(e))));
  }

  /** When the stack's scheduled jobs run: the same time of day as on Kubernetes for the same namespace and name. */
  private static LocalTime jobsAt(Stack stack) {
    return JobTime.of(stack.namespace(), stack.names().deployment());
  }

  /** The deployment's key in the shared observation: namespace and name. */
  private static String key(Stack stack) {
    return stack.namespace() + "/" + stack.names().deployment();
  }

  /** An observer of this platform's own, which reads ahead only when asked ({@link #readAhead}). */
  private static Supplier<RailwayObserver> ownObserver(GraphqlExecutor api, Clock clock) {
    var own = new RailwayObserver(api, RailwayObserver.DEFAULT_BATCH_SIZE, clock, Optional.empty());
    return () -> own;
  }

  private static RailwayProject project(Stack stack) {
    var railway = stack.spec().railway;
    return RailwayProject.of(railway.project, railway.environment, stack.namespace(), stack.names().deployment());
  }

  private RailwayLayout layout(Stack stack) {
    return RailwayLayout.of(outline.apply(stack));
  }

  /**
   * One entry per service component, then the volume's, then each scheduled job's (in the state of the service it
   * runs inside), by component key.
   */
  private static Map<String, ComponentStatus> components(DesiredStack stack, LocalTime jobsAt,
      ObservedRailwayStack observed, RailwayStackPlan plan, RailwayIds ids) {
    var layout = RailwayLayout.of(stack);
    var components = new LinkedHashMap<String, ComponentStatus>();
    for (var service : layout.services()) {
      components.put(service.key(), serviceState(service.key(), service.name(), observed, plan));
    }
    String mountPath = layout.mountPath();
    var created = plan.find(CreateVolume.class);
    var volume = RailwayPlanner.ourVolume(layout.nameOf(layout.volumeService()), observed, ids.get(RailwayIds.VOLUME));
    ComponentStatus storage;
    if (created.isPresent() || volume.isEmpty()) {
      storage = new ComponentStatus("Progressing", "volume created at " + mountPath);
    } else if (volume.get().state() == null || "READY".equals(volume.get().state())) {
      storage = new ComponentStatus("Ready", "volume " + volume.get().volumeName() + " mounted at " + mountPath);
    } else {
      storage = new ComponentStatus("Progressing", "volume is " + volume.get().state());
    }
    components.put(stack.volumes().get(0).key(), storage);
    for (var job : layout.jobs()) {
      var inside = components.get(job.insideService());
      components.put(job.key(), new ComponentStatus(inside.state, "runs " + job.schedule().name().toLowerCase(Locale.ROOT)
          + " at " + jobsAt + " UTC inside " + layout.nameOf(job.insideService()) + "; Railway does not report its runs"));
    }
    return components;
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

  /** The component's version once its service runs the desired image with nothing left to deploy; else null. */
  private static String runningVersion(ServiceComponent component, RailwayDesired desired,
      ObservedRailwayStack observed, RailwayStackPlan plan) {
    var service = desired.service(component.key());
    boolean running = observed.service(service.name()).filter(s -> "SUCCESS".equals(s.deploymentStatus())
        && service.image().equals(s.image())).isPresent();
    boolean unchanged = plan.all(Deploy.class).stream().noneMatch(d -> d.component().equals(component.key()));
    return running && unchanged ? component.version() : null;
  }

  /** The service that carries the version the status reports (MLflow's): the one with a non-null version. */
  private static Optional<ServiceComponent> versioned(DesiredStack stack) {
    return stack.services().stream().filter(component -> component.version() != null).findFirst();
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

  private static String domainOf(RailwayLayout layout, ObservedRailwayStack observed) {
    return observed.service(layout.nameOf(layout.domainService())).flatMap(p -> p.domains().stream().findFirst())
        .map(ObservedRailwayStack.Domain::domain).orElse(null);
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
}
