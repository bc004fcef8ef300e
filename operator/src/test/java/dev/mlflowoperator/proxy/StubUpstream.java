package dev.mlflowoperator.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for MLflow on loopback: answers /health and an experiments search, and records every request. */
public final class StubUpstream implements AutoCloseable {
  public static final String HEALTH_BODY = "OK";
  public static final String SEARCH_PATH = "/api/2.0/mlflow/experiments/search";
  public static final String SEARCH_BODY = "{\"experiments\":[{\"experiment_id\":\"0\",\"name\":\"Default\"}]}";

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** One request as the stub received it: decoded and raw path; header names are lower-case. */
  public record Request(String method, String path, String rawPath, Map<String, List<String>> headers) {
    public Optional<String> header(String name) {
      var values = headers.get(name.toLowerCase());
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  private StubUpstream(HttpServer server) {
    this.server = server;
  }

  /** Starts the stub on a free loopback port. */
  public static StubUpstream start() {
    try {
      var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      var stub = new StubUpstream(server);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** host:port to dial, as Caddy's MLFLOW_UPSTREAM. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the recorded requests. */
  public void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var headers = new TreeMap<String, List<String>>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawPath(), headers));
      exchange.getRequestBody().readAllBytes();
      if (path.equals("/health")) {
        respond(exchange, 200, "text/plain; charset=utf-8", HEALTH_BODY);
      } else if (path.equals(SEARCH_PATH)) {
        respond(exchange, 200, "application/json", SEARCH_BODY);
      } else {
        respond(exchange, 404, "text/plain; charset=utf-8", "not found");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // MLflow's own security middleware sends these; the proxy must end up with its values.
    exchange.getResponseHeaders().set("X-Frame-Options", "SAMEORIGIN");
    exchange.getResponseHeaders().set("Server", "stub");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
