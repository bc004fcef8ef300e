package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl run's HTTP API answers only requests meant for it: its own Host names, and the bearer token if set. */
class ControllerHttpServerTest {
  private static final String TOKEN = "api-token-0123456789abcdef";
  @TempDir Path dir;
  RunHarness run;

  @BeforeEach
  void setUp() {
    run = new RunHarness(dir, false);
    run.writeSpec("alpha", "ml-platform", 2);
    run.converge();
  }

  @AfterEach
  void tearDown() {
    run.close();
  }

  @Test
  void aRequestNamingAnotherHostIsRefusedAgainstDnsRebinding() {
    int port = run.server.address().getPort();

    assertThat(request(port, "evil.example:" + port, "/api/v1/deployments", null))
        .startsWith("HTTP/1.1 421 ").contains("Host evil.example:" + port + " is not served here")
        .doesNotContain("alpha");
    assertThat(request(port, "evil.example", "/metrics", null)).startsWith("HTTP/1.1 421 ");
    assertThat(request(port, "localhost.evil.example:" + port, "/healthz", null)).startsWith("HTTP/1.1 421 ");

    assertThat(request(port, "127.0.0.1:" + port, "/api/v1/deployments", null)).startsWith("HTTP/1.1 200 ")
        .contains("alpha");
    assertThat(request(port, "localhost:" + port, "/api/v1/deployments", null)).startsWith("HTTP/1.1 200 ");
    assertThat(request(port, "[::1]:" + port, "/healthz", null)).startsWith("HTTP/1.1 200 ");
    assertThat(request(port, "192.0.2.7:" + port, "/healthz", null)).as("an IP address cannot be rebound")
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void withATokenEveryEndpointButTheProbesNeedsIt() {
    try (var server = new ControllerHttpServer(new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN),
        run.controller, run.store, new ControllerMetrics(Clock.systemUTC()), d -> d).start()) {
      int port = server.address().getPort();
      String host = "127.0.0.1:" + port;

      assertThat(request(port, host, "/healthz", null)).startsWith("HTTP/1.1 200 ");
      assertThat(request(port, host, "/readyz", null)).startsWith("HTTP/1.1 200 ");
      for (String path : new String[] {"/api/v1/deployments", "/api/v1/deployments/alpha", "/metrics", "/nope"}) {
        assertThat(request(port, host, path, null)).as(path).startsWith("HTTP/1.1 401 ")
            .containsIgnoringCase("WWW-Authenticate: Bearer").contains("MLFLOWCTL_API_TOKEN").doesNotContain("alpha");
        assertThat(request(port, host, path, "Bearer wrong-token")).as(path).startsWith("HTTP/1.1 401 ");
      }
      assertThat(request(port, host, "/api/v1/deployments/alpha", "Bearer " + TOKEN)).startsWith("HTTP/1.1 200 ")
          .contains("alpha");
      assertThat(request(port, host, "/metrics", "Bearer " + TOKEN)).startsWith("HTTP/1.1 200 ");
      assertThat(request(port, "evil.example", "/api/v1/deployments", "Bearer " + TOKEN))
          .startsWith("HTTP/1.1 421 ");
    }
  }

  @Test
  void theStatusPageAtTheRootShowsEachRecordedDeploymentInTheStateTheStatusApiGives() throws Exception {
    run.write("broken.yaml", """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: broken
        spec:
          target: railway
          railway:
            project: ml-broken
          proxy:
            auth:
              username: mlflow
              passwordSecretRef: {name: missing-auth, key: password}
        """);
    run.controller.runOnce();

    var page = run.get("/");
    JsonNode api = new ObjectMapper().readTree(run.get("/api/v1/deployments").body());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
        .startsWith("default-src 'none'; style-src 'sha256-"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    for (JsonNode deployment : api.path("deployments")) {
      String key = deployment.path("metadata").path("namespace").asText("default") + "/"
          + deployment.path("metadata").path("name").asText();
      for (JsonNode condition : deployment.path("status").path("conditions")) {
        if (!List.of("Ready", "Synced").contains(condition.path("type").asText())) {
          continue;
        }
        assertThat(row(page.body(), key)).as("%s %s", key, condition.path("type").asText())
            .contains("<td data-label=\"" + condition.path("type").asText() + "\"")
            .contains("<span class=\"st\">" + condition.path("status").asText() + "</span> <span class=\"r\">"
                + condition.path("reason").asText() + "</span>");
      }
    }
    assertThat(row(page.body(), "default/alpha")).startsWith("<tr class=\"row-ok\"")
        .contains("<span class=\"st\">True</span> <span class=\"r\">Available</span>");
    assertThat(row(page.body(), "default/broken")).startsWith("<tr class=\"row-bad\"")
        .contains("<span class=\"st\">False</span> <span class=\"r\">PasswordSecretNotFound</span>");
  }

  @Test
  void withATokenThePageAsksTheBrowserForItAsTheBasicAuthPasswordAndNeverShowsIt() {
    try (var server = new ControllerHttpServer(new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN),
        run.controller, run.store, new ControllerMetrics(Clock.systemUTC()), d -> d).start()) {
      int port = server.address().getPort();
      String host = "127.0.0.1:" + port;

      assertThat(request(port, host, "/", null)).startsWith("HTTP/1.1 401 ")
          .containsIgnoringCase("WWW-Authenticate: Basic realm=\"mlflowctl run\"")
          .contains("give it as the password when the browser asks").doesNotContain("alpha");
      assertThat(request(port, host, "/", basic("admin", "wrong-token"))).startsWith("HTTP/1.1 401 ");
      assertThat(request(port, host, "/", basic("", TOKEN.substring(1)))).startsWith("HTTP/1.1 401 ");
      assertThat(request(port, host, "/", "Basic not-base64!")).startsWith("HTTP/1.1 401 ");
      assertThat(request(port, "evil.example", "/", basic("admin", TOKEN))).startsWith("HTTP/1.1 421 ");

      for (String authorization : new String[] {basic("admin", TOKEN), basic("", TOKEN), "Bearer " + TOKEN}) {
        assertThat(request(port, host, "/", authorization)).as(authorization).startsWith("HTTP/1.1 200 ")
            .contains("data-deployment=\"default/alpha\"").doesNotContain(TOKEN);
      }
      assertThat(request(port, host, "/api/v1/deployments", basic("admin", TOKEN))).as("the browser's next request")
          .startsWith("HTTP/1.1 200 ").contains("alpha");
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The table row of one deployment on the status page. */
  private static String row(String html, String key) {
    int at = html.indexOf("data-deployment=\"" + key + "\"");
    assertThat(at).as("the row of %s in%n%s", key, html).isPositive();
    return html.substring(html.lastIndexOf("<tr ", at), html.indexOf("</tr>", at) + 5);
  }

  /** A raw HTTP/1.1 GET (a client library would not let the test choose the Host header); the whole answer. */
  private static String request(int port, String host, String path, String authorization) {
    try (var socket = new Socket("127.0.0.1", port)) {
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
