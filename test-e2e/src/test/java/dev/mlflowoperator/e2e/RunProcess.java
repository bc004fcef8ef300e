package dev.mlflowoperator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** `mlflowctl run` started as an OS process (1 s interval), and its HTTP API read as a test checks it. */
final class RunProcess {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RunProcess() {}

  /** Starts `mlflowctl run --specs specs --interval 1s --listen 127.0.0.1:port`; output goes to logDir. */
  static LongRunningProcess start(Path logDir, String name, Map<String, String> env, Path specs, int port) {
    return LongRunningProcess.start(logDir, name, env, "run", "--specs", specs.toString(), "--interval", "1s",
        "--listen", "127.0.0.1:" + port);
  }

  /** The status of the deployment's Ready condition ("True", "False", ...), or "absent". */
  static String ready(int port, String deployment) throws Exception {
    JsonNode status = new ObjectMapper().readTree(get(port, "/api/v1/deployments/" + deployment));
    for (JsonNode c : status.at("/status/conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText();
      }
    }
    return "absent";
  }

  /** Whether this process has finished its first full pass (/readyz answers 200). */
  static boolean firstPassDone(int port) throws Exception {
    return HTTP.send(request(port, "/readyz"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /** The sum of a Prometheus counter of /metrics over its labels, e.g. mlflowctl_reconciles_total. */
  static long metric(int port, String name) throws Exception {
    return get(port, "/metrics").lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  static String get(int port, String path) throws Exception {
    return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build();
  }
}
