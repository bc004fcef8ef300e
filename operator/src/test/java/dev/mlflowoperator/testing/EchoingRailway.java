package dev.mlflowoperator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A careless Railway in front of a real one (a sandbox): it forwards every request, except one whose body contains
 * {@code trigger}, which it answers with HTTP 200 and a GraphQL error repeating the request's token header and
 * body, padded with 10 kB of text, as a server that echoes its input would.
 */
public final class EchoingRailway implements AutoCloseable {
  public static final int PADDING = 10_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;
  private final String trigger;
  private final AtomicInteger echoed = new AtomicInteger();

  private EchoingRailway(URI upstream, String trigger) throws IOException {
    this.upstream = upstream;
    this.trigger = trigger;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
  }

  /** Serves on loopback in front of {@code upstreamUrl} (a Railway GraphQL URL). */
  public static EchoingRailway start(String upstreamUrl, String trigger) {
    try {
      var echoing = new EchoingRailway(URI.create(upstreamUrl), trigger);
      echoing.server.start();
      return echoing;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to use as RAILWAY_API_URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + upstream.getRawPath();
  }

  /** How many requests were answered with the echo. */
  public int echoed() {
    return echoed.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      String token = firstOf(exchange, "Authorization", "Project-Access-Token");
      byte[] answer;
      int status;
      if (text.contains(trigger)) {
        echoed.incrementAndGet();
        String message = "Invalid request from " + token + ": " + text + " " + "x".repeat(PADDING);
        answer = MAPPER.writeValueAsBytes(Map.of("errors", List.of(Map.of("message", message)), "data", Map.of()));
        status = 200;
      } else {
        var forwarded = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Project-Access-Token")) {
          String value = exchange.getRequestHeaders().getFirst(header);
          if (value != null) {
            forwarded.header(header, value);
          }
        }
        HttpResponse<byte[]> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer = response.body();
        status = response.statusCode();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String firstOf(HttpExchange exchange, String... headers) {
    for (String header : headers) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        return header + ": " + value;
      }
    }
    return "nobody";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
