package dev.mlflowoperator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** The operator's own probe and scrape endpoint: /healthz (alive), /readyz (started) and /metrics (Prometheus). */
public final class HealthServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Listens on every interface at {@code port} (0 picks a free one); serves on a single daemon thread. */
  public static HealthServer start(int port, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    var server = HttpServer.create(new InetSocketAddress(port), 0);
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

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
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
