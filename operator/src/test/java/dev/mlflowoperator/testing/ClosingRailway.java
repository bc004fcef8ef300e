package dev.mlflowoperator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP/1.0 proxy in front of a Railway (a sandbox): it reads one request per connection, forwards it, answers
 * {@code HTTP/1.0} without {@code Connection: keep-alive} and closes the connection, as old proxies do. It can also
 * lose the answer to the first mutation it sees: after forwarding it (the mutation lands) or instead (it does not).
 */
public final class ClosingRailway implements AutoCloseable {
  /** What happens to the first mutation. */
  public enum FirstMutation {
    /** Forwarded and answered like every request. */
    ANSWERED,
    /** Forwarded, then the connection closes without an answer. */
    LANDS_UNANSWERED,
    /** The connection closes without forwarding it. */
    LOST
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerSocket server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;
  private final FirstMutation firstMutation;
  private final AtomicInteger mutations = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final Thread acceptor;

  private ClosingRailway(URI upstream, FirstMutation firstMutation) throws IOException {
    this.upstream = upstream;
    this.firstMutation = firstMutation;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "closing-railway");
    acceptor.setDaemon(true);
  }

  /** Serves on loopback in front of {@code upstreamUrl} (a Railway GraphQL URL). */
  public static ClosingRailway start(String upstreamUrl, FirstMutation firstMutation) {
    try {
      var proxy = new ClosingRailway(URI.create(upstreamUrl), firstMutation);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to use as RAILWAY_API_URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + upstream.getRawPath();
  }

  /** Requests forwarded to the Railway behind. */
  public int forwarded() {
    return forwarded.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        serve(socket);
      } catch (IOException e) {
        // A client that went away, or the server closing: the next connection is served alike.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One request, one answer (or none), then the connection closes. */
  private void serve(Socket socket) throws IOException, InterruptedException {
    InputStream in = socket.getInputStream();
    Map<String, String> headers = new LinkedHashMap<>();
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return;
    }
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    boolean first = isMutation(body) && mutations.incrementAndGet() == 1;
    if (first && firstMutation == FirstMutation.LOST) {
      return;
    }
    var request = HttpRequest.newBuilder(upstream).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : new String[] {"authorization", "project-access-token"}) {
      if (headers.containsKey(header)) {
        request.header(header, headers.get(header));
      }
    }
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    forwarded.incrementAndGet();
    if (first && firstMutation == FirstMutation.LANDS_UNANSWERED) {
      return;
    }
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.0 " + response.statusCode() + " OK\r\nContent-Type: application/json\r\nContent-Length: "
        + response.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(response.body());
    out.flush();
  }

  private static boolean isMutation(byte[] body) throws IOException {
    String document = MAPPER.readTree(body).path("query").asText();
    return document.replaceAll("(?m)^\\s*#.*$", "").strip().startsWith("mutation");
  }

  private static String line(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
