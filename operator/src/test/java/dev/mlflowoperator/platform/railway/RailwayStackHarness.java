package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayTier;
import dev.mlflowoperator.railway.RequestBudget;
import dev.mlflowoperator.railway.RetryPolicies;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/** One sandbox, one MlflowDeployment and the status loop the operator or the CLI would run, on a manual clock. */
final class RailwayStackHarness implements AutoCloseable {
  static final Duration DEPLOY_TIME = Duration.ofSeconds(20);
  static final String SANDBOX_RUNS_NOTHING = "the Railway sandbox deploys nothing, so there is no URL to probe";

  final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  final RailwaySandbox sandbox;
  final GraphqlExecutor api;
  final MlflowDeployment resource;
  final Map<String, String> secrets = new HashMap<>();
  private final ReconcileLoop<ObservedRailwayStack, RailwayStackPlan> reconcile;
  private final StatusRecorder recorder = new StatusRecorder(clock);

  private RailwayStackHarness(Duration httpTimeout, Function<RailwaySandbox, HealthProber> prober) {
    RailwaySandbox built = RailwaySandbox.builder().seed(3).clock(clock).deploymentDuration(DEPLOY_TIME).build();
    this.sandbox = httpTimeout != null ? built.start() : built;
    this.api = httpTimeout != null ? httpClient(sandbox, httpTimeout) : sandbox.executor();
    this.reconcile = new ReconcileLoop<>(new RailwayPlatform(api, prober.apply(sandbox)), new CredentialsGenerator());
    this.resource = deployment("tracking");
  }

  private RailwayStackHarness(Duration httpTimeout) {
    this(httpTimeout, sandbox -> HealthProber.notRun(SANDBOX_RUNS_NOTHING));
  }

  static RailwayStackHarness inProcess() {
    return new RailwayStackHarness(null);
  }

  /** In-process, with live probes played by {@code prober}, which may look at the sandbox it is given. */
  static RailwayStackHarness inProcessProbedBy(Function<RailwaySandbox, HealthProber> prober) {
    return new RailwayStackHarness(null, prober);
  }

  static RailwayStackHarness overHttp() {
    return new RailwayStackHarness(Duration.ofSeconds(10));
  }

  /** Over HTTP with a client that gives up on an answer after {@code timeout}, for injected timeouts. */
  static RailwayStackHarness overHttpImpatient(Duration timeout) {
    return new RailwayStackHarness(timeout);
  }

  /** The real client with quick retries and a budget that does not slow the test down. */
  static RailwayClient httpClient(RailwaySandbox sandbox, Duration readTimeout) {
    var endpoint = RailwayEndpoint.fromEnvironment(Map.of(
        RailwayEndpoint.ENV_API_URL, sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token())).orElseThrow();
    return RailwayClient.builder(endpoint)
        .http(new OkHttpClient.Builder().readTimeout(readTimeout).retryOnConnectionFailure(false).build())
        .retry(new RetryPolicies.Settings(4, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(60)))
        .budget(RequestBudget.forTier(RailwayTier.PRO, Duration.ofSeconds(5)))
        .build();
  }

  static MlflowDeployment deployment(String name) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").withGeneration(1L).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = "ml-platform";
    resource.setSpec(spec);
    return resource;
  }

  /** One reconcile, its report recorded into the resource's status as the operator would. */
  ReconcileReport reconcile() {
    return reconcile(resource);
  }

  /** One reconcile of another deployment on the same sandbox, recorded into its status. */
  ReconcileReport reconcile(MlflowDeployment other) {
    var report = reconcile.run(other, (name, key) -> java.util.Optional.ofNullable(secrets.get(name + "/" + key)),
        ReconcileLoop.Listener.none());
    other.setStatus(recorder.record(other.getStatus(), report).status());
    return report;
  }

  /** Reconciles, lets the deployments finish, and reconciles again. */
  void converge() {
    reconcile();
    clock.advance(DEPLOY_TIME);
    reconcile();
  }

  RailwayStackPlan plan() {
    return reconcile.plan(resource, SecretResolver.none()).platform();
  }

  void delete() {
    delete(resource);
  }

  void delete(MlflowDeployment other) {
    reconcile.delete(other);
  }

  MlflowDeploymentStatus status() {
    return resource.getStatus();
  }

  String id(String key) {
    return status().ids.get(key);
  }

  Condition condition(String type) {
    return status().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status().conditions));
  }

  /** Requests the sandbox received so far. */
  long requests() {
    return sandbox.stats().total();
  }

  /** Mutations among them: every operation but ObserveStack and FindProjects. */
  long mutations() {
    return requests() - sandbox.stats().count("ObserveStack") - sandbox.stats().count("FindProjects");
  }

  /** An out-of-band change, as a user in Railway's dashboard would make it. */
  void outOfBand(String document, Map<String, Object> variables) {
    var body = sandbox.execute(document, variables);
    if (body.get("errors") != null) {
      throw new AssertionError("the out-of-band change failed: " + body.get("errors"));
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
