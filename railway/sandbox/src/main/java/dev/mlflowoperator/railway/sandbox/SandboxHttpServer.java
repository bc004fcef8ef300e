package dev.mlflowoperator.railway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /graphql/v2} on loopback: counts, delays and injects faults, then lets the sandbox answer. */
final class SandboxHttpServer implements AutoCloseable {
  static final String PATH = "/graphql/v2";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern OPERATION_NAME = Pattern.compile("^\\s*(?:query|mutation)\\s+(\\w+)");
  private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*#.*$");

  private final RailwaySandbox sandbox;
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closing = new CountDownLatch(1);

  SandboxHttpServer(RailwaySandbox sandbox, int port) throws IOException {
    this.sandbox = sandbox;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "railway-sandbox-http-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(PATH, this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        send(exchange, 404, "text/plain", "Not Found");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        send(exchange, 405, "text/plain", "Method Not Allowed");
        return;
      }
      JsonNode body = readBody(exchange.getRequestBody());
      if (body == null || !body.path("query").isTextual()) {
        sendJson(exchange, SandboxResponse.badRequest("POST body must be a JSON object with a query"));
        return;
      }
      String query = body.get("query").asText();
      String operationName = body.path("operationName").isTextual() ? body.get("operationName").asText() : null;
      String counted = operationName != null ? operationName : nameIn(query);
      sandbox.stats().record(counted);
      pause(sandbox.currentLatency());
      FaultInjector faults = sandbox.currentFaults();
      Optional<FaultKind> fault = faults.next(counted);
      if (fault.isPresent() && fault.get() != FaultKind.APPLIED_BUT_REPORTED_AS_FAILED) {
        sendFault(exchange, fault.get(), faults);
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> variables = body.path("variables").isObject()
          ? MAPPER.convertValue(body.get("variables"), Map.class)
          : Map.of();
      SandboxResponse response = sandbox.handle(
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Project-Access-Token"),
          query, operationName, variables);
      sendJson(exchange, fault.isPresent()
          ? SandboxResponse.graphqlError(SandboxResponse.PROBLEM_PROCESSING_REQUEST)
          : response);
    }
  }

  private void sendFault(HttpExchange exchange, FaultKind fault, FaultInjector faults) throws IOException {
    switch (fault) {
      case SERVER_ERROR -> send(exchange, 503, "text/plain", "Service Unavailable");
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(faults.retryAfter().toSeconds()));
        sendJson(exchange, new SandboxResponse(429,
            Map.of("errors", List.of(Map.of("message", "Rate limit exceeded")))));
      }
      case EDGE_RATE_LIMITED -> send(exchange, 429, "text/plain", "error code: 1015");
      case TIMEOUT -> {
        pause(faults.hold());
        send(exchange, 504, "text/plain", "Gateway Timeout");
      }
      case GRAPHQL_ERROR ->
          sendJson(exchange, SandboxResponse.graphqlError(SandboxResponse.PROBLEM_PROCESSING_REQUEST));
      default -> throw new IllegalArgumentException("Not a fault that replaces the request: " + fault);
    }
  }

  /** Waits up to {@code time}; closing the server ends the wait at once. */
  private void pause(Duration time) {
    if (time.isZero()) {
      return;
    }
    try {
      closing.await(time.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonNode readBody(InputStream in) {
    try {
      JsonNode node = MAPPER.readTree(in);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String nameIn(String query) {
    Matcher matcher = OPERATION_NAME.matcher(COMMENT.matcher(query).replaceAll(""));
    return matcher.find() ? matcher.group(1) : "anonymous";
  }

  private static void sendJson(HttpExchange exchange, SandboxResponse response) throws IOException {
    send(exchange, response.status(), "application/json", MAPPER.writeValueAsString(response.body()));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
