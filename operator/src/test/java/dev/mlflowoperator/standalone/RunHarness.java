package dev.mlflowoperator.standalone;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.Pace;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.secrets.SecretResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A standalone controller on an in-process Railway sandbox and a manual clock, with its HTTP server on loopback. */
public final class RunHarness implements AutoCloseable {
  public final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T12:00:00Z"));
  public final RailwaySandbox sandbox =
      RailwaySandbox.builder().seed(7).clock(clock).deploymentDuration(Duration.ofSeconds(20)).build();
  public final Path specs;
  public final StateStore store;
  public final StringWriter log = new StringWriter();
  /** The requests the token has left this hour, as its budget tells the controller. */
  public final AtomicLong budgetLeft = new AtomicLong(990);
  public final StandaloneController controller;
  public final ControllerHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A harness with specs in {@code dir/specs} and the home in {@code dir/home}.
   *
   * @param executor wraps the sandbox's executor, e.g. to hold a reconcile in flight
   * @param view how the API shows a deployment
   */
  public RunHarness(Path dir, boolean prune, Optional<GitSpecs> git, UnaryOperator<GraphqlExecutor> executor,
      Function<MlflowDeployment, Object> view) {
    specs = dir.resolve("specs");
    store = new StateStore(new MlflowctlHome(dir.resolve("home"), "home"));
    var api = executor.apply(sandbox.executor());
    var observer = new RailwayObserver(api, RailwayObserver.DEFAULT_BATCH_SIZE, clock, Optional.empty());
    var platform = new RailwayPlatform(api, HealthProber.notRun("sandbox"), clock, () -> observer);
    var railway = new ReconcileLoop<>(platform, new CredentialsGenerator(), clock);
    var deployments = new LocalDeployments(store, railway, SecretResolver.none(), clock, HomeRailway.SANDBOX_ENDPOINT,
        platform::readAhead);
    var metrics = new ControllerMetrics(clock);
    metrics.deployments().railwayToken("sandbox", () -> sandbox.stats().total(), budgetLeft::get, 1000);
    controller = new StandaloneController(new StandaloneController.Settings(specs, Duration.ofSeconds(60), prune, 2, Pace.REAL),
        store, deployments, metrics, budgetLeft::get, new ControllerLog(new PrintWriter(log, true), clock, false),
        git);
    server = new ControllerHttpServer(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), controller, store,
        metrics, view)
        .start();
  }

  /** A harness whose API shows the recorded deployments as they are stored. */
  public RunHarness(Path dir, boolean prune) {
    this(dir, prune, Optional.empty(), UnaryOperator.identity(), d -> d);
  }

  /** Writes a Railway spec named {@code name} in {@code project} with {@code workers} MLflow workers. */
  public void writeSpec(String name, String project, int workers) {
    write(name + ".yaml", spec(name, project, workers));
  }

  /** The YAML of a Railway spec. */
  public static String spec(String name, String project, int workers) {
    return """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: %s
        spec:
          target: railway
          railway:
            project: %s
          mlflow:
            workers: %d
          deletionPolicy: Delete
        """.formatted(name, project, workers);
  }

  /** Writes a file into the specs directory. */
  public void write(String file, String content) {
    try {
      Files.createDirectories(specs);
      Files.writeString(specs.resolve(file), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two passes with time for the sandbox's deployments to finish in between. */
  public void converge() {
    controller.runOnce();
    clock.advance(Duration.ofSeconds(30));
    controller.runOnce();
  }

  /** The recorded deployment of that name. */
  public MlflowDeployment recorded(String name) {
    return store.load("default", name).orElseThrow();
  }

  /** Whether the recorded deployment is Ready. */
  public boolean isReady(String name) {
    return recorded(name).getStatus().conditions.stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** The base URL of the HTTP server. */
  public String url() {
    return "http://127.0.0.1:" + server.address().getPort();
  }

  /** GET of a path on the HTTP server. */
  public HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An out-of-band change through the sandbox's GraphQL API, as a user in Railway's dashboard would make it. */
  public void outOfBand(String document, Map<String, Object> variables) {
    var body = sandbox.execute(document, variables);
    if (body.get("errors") != null) {
      throw new AssertionError("the out-of-band change failed: " + body.get("errors"));
    }
  }

  /** The sandbox's ID of the service of that name, if it exists. */
  public Optional<String> serviceId(String name) {
    return sandbox.state().services.stream().filter(s -> s.name.equals(name)).findFirst().map(s -> s.id);
  }

  @Override
  public void close() {
    server.close();
    controller.close();
    sandbox.close();
  }
}
