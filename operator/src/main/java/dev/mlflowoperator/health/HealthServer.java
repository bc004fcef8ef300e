package dev.mlflowoperator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's own probe and scrape endpoint: /healthz (alive), /readyz (started) and /metrics (Prometheus), on
 * every interface in a pod (the kubelet and Prometheus reach it by the pod's IP), on loopback anywhere else.
 */
public final class HealthServer implements AutoCloseable {
  /** The token Kubernetes mounts into every pod that has a service account. */
  public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

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
