package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
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
