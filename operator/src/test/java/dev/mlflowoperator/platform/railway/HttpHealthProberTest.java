package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live probes against a small stand-in for the proxy on loopback. */
class HttpHealthProberTest {
  static final Credentials CREDENTIALS = new Credentials("mlflow", "s3cret-password", "hash");
  static final String GOOD_AUTH = okhttp3.Credentials.basic("mlflow", "s3cret-password");

  private HttpServer server;

  /** Answers /health with healthStatus, other paths 401 without the right credentials and searchStatus with them. */
  private String serve(int healthStatus, boolean enforcesAuth, int searchStatus) throws IOException {
    return serve(healthStatus, enforcesAuth, searchStatus, false);
  }

  /** As above; with ourHeaders every answer carries the security headers our Caddy config sets. */
  private String serve(int healthStatus, boolean enforcesAuth, int searchStatus, boolean ourHeaders)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      if (ourHeaders) {
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      }
      int status;
      if (exchange.getRequestURI().getPath().equals("/health")) {
        status = healthStatus;
      } else if (enforcesAuth && !GOOD_AUTH.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
      } else {
        status = searchStatus;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aWorkingProxyIsHealthy() throws IOException {
    var health = new HttpHealthProber().probe(serve(200, true, 200), CREDENTIALS);

    assertThat(health.status()).isEqualTo(Health.TRUE);
  }

  @Test
  void aProxyWithoutAuthIsUnhealthy() throws IOException {
    var health = new HttpHealthProber().probe(serve(200, false, 200), CREDENTIALS);

    assertThat(health).extracting(Health::status, Health::reason).containsExactly(Health.FALSE, "AuthNotEnforced");
  }

  @Test
  void aFailingHealthEndpointIsUnhealthy() throws IOException {
    var health = new HttpHealthProber().probe(serve(502, true, 200), CREDENTIALS);

    assertThat(health).extracting(Health::status, Health::reason).containsExactly(Health.FALSE, "HealthCheckFailed");
  }

  @Test
  void aGatewayErrorFromOurProxyMeansItCannotReachMlflow() throws IOException {
    var health = new HttpHealthProber().probe(serve(502, true, 200, true), CREDENTIALS);

    assertThat(health).extracting(Health::status, Health::reason)
        .containsExactly(Health.FALSE, Reasons.MLFLOW_UNREACHABLE);
    assertThat(health.message()).isEqualTo("GET /health answered 502 from the proxy: it runs, but cannot reach"
        + " MLflow behind it");
  }

  @Test
  void mlflowFailingBehindTheProxyIsUnhealthyAndThePasswordIsNeverShown() throws IOException {
    var health = new HttpHealthProber().probe(serve(200, true, 500), CREDENTIALS);

    assertThat(health.reason()).isEqualTo("MlflowNotAnswering");
    assertThat(health.message()).doesNotContain(CREDENTIALS.password());
  }

  @Test
  void anUnreachableUrlIsUnhealthy() {
    var health = new HttpHealthProber().probe("http://127.0.0.1:1", CREDENTIALS);

    assertThat(health.reason()).isEqualTo("Unreachable");
  }
}
