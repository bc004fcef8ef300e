package dev.mlflowoperator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlflowoperator.standalone.ApiAccess;
import dev.mlflowoperator.statuspage.StatusPage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own probe and scrape endpoint: /healthz (alive), /readyz (started) and /metrics (Prometheus), on
 * every interface in a pod (the kubelet and Prometheus reach it by the pod's IP), on loopback anywhere else; and,
 * when asked ({@link #servePage}), the status page at /.
 */
public final class HealthServer implements AutoCloseable {
  /** The token Kubernetes mounts into every pod that has a service account. */
  public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExecutorService pageExecutor = Executors.newSingleThreadExecutor(runnable -> {
    var thread = new Thread(runnable, "status-page");
    thread.setDaemon(true);
    return thread;
  });

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens at {@code port} (0 picks a free one) of {@link #bindAddress} for this process's environment; serves on a
   * single daemon thread.
   */
  public static HealthServer start(int port, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    var server = HttpServer.create(new InetSocketAddress(bindAddress(System.getenv(), SERVICE_ACCOUNT_TOKEN), port), 0);
    server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", exchange -> {
      boolean isReady = ready.getAsBoolean();
      reply(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ok\n" : "starting\n");
    });
    server.createContext("/metrics", exchange -> reply(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
    var executor = Executors.newSingleThreadExecutor(runnable -> {
      var thread = new Thread(runnable, "health-endpoint");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    return new HealthServer(server, executor);
  }

  /** Every interface in a pod, loopback elsewhere. */
  static InetAddress bindAddress(Map<String, String> env, Path serviceAccountToken) {
    return inPod(env, serviceAccountToken) ? new InetSocketAddress(0).getAddress() : InetAddress.getLoopbackAddress();
  }

  /** Whether this process runs in a Kubernetes pod: the kubelet sets the first variable, or mounts the token. */
  static boolean inPod(Map<String, String> env, Path serviceAccountToken) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    return host != null && !host.isBlank() || Files.isRegularFile(serviceAccountToken);
  }

  /**
   * Also serves the status page at / from {@code snapshot}, to requests whose Host is loopback, localhost or an IP
   * address (a page whose DNS name was rebound to this address is refused); on a thread of its own, so that a slow
   * list of the deployments never holds up a probe.
   */
  public HealthServer servePage(Supplier<StatusPage.Snapshot> snapshot, Clock clock) {
    var page = new StatusPage("mlflow-operator", clock);
    var access = new ApiAccess(server.getAddress(), Optional.empty());
    server.createContext("/", exchange -> pageExecutor.execute(() -> {
      try (exchange) {
        try {
          answerPage(exchange, access, () -> page.render(snapshot.get()));
        } catch (RuntimeException e) {
          LOG.warn("the status page failed", e);
          write(exchange, 500, "the status page failed (" + e.getClass().getSimpleName() + "); see the operator's"
              + " log");
        }
      } catch (IOException e) {
        LOG.debug("the browser left before the status page was sent: {}", e.toString());
      }
    }));
    return this;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address and port served, e.g. 127.0.0.1:8081 or 0.0.0.0:8081. */
  public String address() {
    return server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    pageExecutor.shutdown();
  }

  private static void answerPage(HttpExchange exchange, ApiAccess access, Supplier<String> html) throws IOException {
    String path = exchange.getRequestURI().getPath();
    var refusal = access.check(exchange.getRequestHeaders().getFirst("Host"), null, path);
    if (refusal.isPresent()) {
      write(exchange, refusal.get().code(), refusal.get().message());
    } else if (!path.equals("/")) {
      write(exchange, 404, "no such endpoint: " + path + "; see /, /healthz, /readyz, /metrics");
    } else if (!"GET".equals(exchange.getRequestMethod())) {
      write(exchange, 405, "only GET is served");
    } else {
      StatusPage.send(exchange, html.get());
    }
  }

  private static void write(HttpExchange exchange, int code, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(code, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
