package dev.mlflowoperator.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.statuspage.StatusPage;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The controller's HTTP endpoints: {@code /healthz}, {@code /readyz}, {@code /metrics} (Prometheus text), the
 * JSON status API under {@code /api/v1/deployments}, in the shape of {@code mlflowctl status -o json}, and the status
 * page at {@code /}, made from the same records and problems; each request passes {@link ApiAccess} first (its Host,
 * and the token when one is set).
 */
public final class ControllerHttpServer implements AutoCloseable {
  /** The path of the status API. */
  public static final String DEPLOYMENTS = "/api/v1/deployments";
  /** The path of the status page. */
  public static final String PAGE = "/";
  /** The bearer token the API requires, when set; required to listen beyond loopback. */
  public static final String TOKEN_ENV = "MLFLOWCTL_API_TOKEN";
  private static final ObjectWriter JSON = Serialization.jsonMapper().writerWithDefaultPrettyPrinter();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> new Thread(r, "mlflowctl-http"));
  private final StandaloneController controller;
  private final StateStore store;
  private final ControllerMetrics metrics;
  private final Function<MlflowDeployment, Object> view;
  private final ApiAccess access;
  private final StatusPage page;

  /** What {@code GET /api/v1/deployments} answers: every recorded deployment, and the problems of the last pass. */
  public record Deployments(List<Object> deployments, List<String> problems) {}

  /**
   * Binds to {@code address} (port 0: any free one) without serving yet.
   *
   * @param token the bearer token every endpoint but the probes requires, if any
   * @param view how one recorded deployment is shown, as {@code mlflowctl status -o json} shows it
   * @throws UncheckedIOException when the address cannot be bound
   */
  public ControllerHttpServer(InetSocketAddress address, Optional<String> token, StandaloneController controller,
      StateStore store, ControllerMetrics metrics, Function<MlflowDeployment, Object> view) {
    this(address, token, controller, store, metrics, view, Clock.systemUTC());
  }

  /**
   * As above, with the clock the status page tells its time and ages by.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public ControllerHttpServer(InetSocketAddress address, Optional<String> token, StandaloneController controller,
      StateStore store, ControllerMetrics metrics, Function<MlflowDeployment, Object> view, Clock clock) {
    this.access = new ApiAccess(address, token);
    this.page = new StatusPage("mlflowctl run", clock);
    this.controller = controller;
    this.store = store;
    this.metrics = metrics;
    this.view = view;
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /** Starts serving. */
  public ControllerHttpServer start() {
    server.start();
    return this;
  }

  /** The address served, with the port actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      var refusal = access.check(exchange.getRequestHeaders().getFirst("Host"),
          exchange.getRequestHeaders().getFirst("Authorization"), path);
      if (refusal.isPresent() && path.equals(PAGE)) {
        if (refusal.get().askToken()) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mlflowctl run\", charset=\"UTF-8\"");
        }
        send(exchange, refusal.get().code(), "text/plain; charset=utf-8", refusal.get().message() + "\n");
        return;
      }
      if (refusal.isPresent()) {
        if (refusal.get().askToken()) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mlflowctl\"");
        }
        json(exchange, refusal.get().code(), Map.of("error", refusal.get().message()));
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "only GET is served\n");
        return;
      }
      if (path.equals("/healthz")) {
        send(exchange, 200, "text/plain", "ok\n");
      } else if (path.equals("/readyz")) {
        boolean ready = controller.isReady();
        send(exchange, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "not ready: the first pass is running\n");
      } else if (path.equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
      } else if (path.equals(PAGE)) {
        StatusPage.send(exchange, page.render(snapshot()));
      } else if (path.equals(DEPLOYMENTS) || path.equals(DEPLOYMENTS + "/")) {
        var snapshot = snapshot();
        json(exchange, 200, new Deployments(snapshot.deployments().stream().map(view).toList(), snapshot.problems()));
      } else if (path.startsWith(DEPLOYMENTS + "/")) {
        deployment(exchange, path.substring(DEPLOYMENTS.length() + 1));
      } else {
        json(exchange, 404, Map.of("error", "no such endpoint: " + path + "; see " + PAGE + ", /healthz, /readyz,"
            + " /metrics, " + DEPLOYMENTS));
      }
    } catch (RuntimeException e) {
      json(exchange, 500, Map.of("error", ControllerLog.reason(e)));
    }
  }

  /** The one read both the status API and the status page show: every recorded deployment, the pass's problems. */
  private StatusPage.Snapshot snapshot() {
    return new StatusPage.Snapshot(store.list(), controller.problems());
  }

  private void deployment(HttpExchange exchange, String name) throws IOException {
    try {
      var recorded = store.load(name);
      if (recorded.isPresent()) {
        json(exchange, 200, view.apply(recorded.get()));
      } else {
        json(exchange, 404, Map.of("error", "no deployment named \"" + name + "\" is recorded"));
      }
    } catch (StateException e) {
      json(exchange, 409, Map.of("error", e.getMessage()));
    }
  }

  private static void json(HttpExchange exchange, int code, Object body) throws IOException {
    try {
      send(exchange, code, "application/json", JSON.writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
