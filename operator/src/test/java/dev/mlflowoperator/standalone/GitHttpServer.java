package dev.mlflowoperator.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;

/**
 * A Git repository served over HTTP on loopback with JGit's "dumb" protocol (its files as they are), behind HTTP
 * basic auth: every request without the expected user and password gets {@code 401} with a Basic challenge. It
 * records the Authorization headers it received, so a test sees which credentials a client sent.
 */
public final class GitHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Git repository;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile String expected;

  /** Serves {@code repository}'s {@code .git} directory as {@code /repo.git}, for {@code user} and {@code password}. */
  public GitHttpServer(Git repository, String user, String password) {
    this.repository = repository;
    accept(user, password);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/repo.git/", this::handle);
    server.start();
  }

  /** The repository's URL with the given userinfo ({@code user:password@}), or none when empty. */
  public String url(String userinfo) {
    return "http://" + userinfo + "127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
  }

  /** From now on, only these credentials are accepted (a rotated token). */
  public void accept(String user, String password) {
    expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The Authorization headers received so far, in order. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        authorizations.add(authorization);
      }
      if (!expected.equals(authorization)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath().substring("/repo.git/".length());
      byte[] body = path.equals("info/refs") ? infoRefs() : file(path);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** What {@code git update-server-info} writes: one line per ref, its object ID and name. */
  private byte[] infoRefs() throws IOException {
    var lines = new StringBuilder();
    for (Ref ref : repository.getRepository().getRefDatabase().getRefs()) {
      if (ref.getObjectId() != null && !ref.getName().equals("HEAD")) {
        lines.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
      }
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] file(String path) throws IOException {
    Path root = repository.getRepository().getDirectory().toPath().toRealPath();
    Path file = root.resolve(path).normalize();
    return file.startsWith(root) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }
}
