package dev.mlflowoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.statuspage.StatusPage;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe and scrape endpoint answers the way the Deployment's probes and Prometheus expect. */
class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aliveAtOnceReadyWhenStartedAndMetricsInPrometheusText() throws Exception {
    var started = new AtomicBoolean();
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("operator.test.events").increment();
    try (var server = HealthServer.start(0, started::get, registry)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);

      started.set(true);

      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      var metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("operator_test_events_total 1.0");
      assertThat(get(server, "/healthz/extra").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void outsideAPodItAnswersOnLoopbackOnly() throws Exception {
    assumeThat(HealthServer.inPod(System.getenv(), HealthServer.SERVICE_ACCOUNT_TOKEN)).as("not run in a pod")
        .isFalse();
    InetAddress external = nonLoopbackAddress();
    try (var server = HealthServer.start(0, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

      assertThatThrownBy(() -> new Socket(external, server.port()).close()).as("connecting to %s", external)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void inAPodItBindsEveryInterfaceForTheKubeletsProbes(@TempDir Path dir) throws IOException {
    Path token = dir.resolve("token");
    assertThat(HealthServer.bindAddress(Map.of(), token).isLoopbackAddress()).isTrue();
    assertThat(HealthServer.bindAddress(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), token).isAnyLocalAddress())
        .isTrue();
    Files.writeString(token, "a service account token");
    assertThat(HealthServer.bindAddress(Map.of(), token).isAnyLocalAddress()).isTrue();
  }

  @Test
  void theStatusPageIsServedAtTheRootOnlyWhenAskedAndOnlyToThisServersHostNames() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (var server = HealthServer.start(0, () -> true, registry)) {
      assertThat(get(server, "/").statusCode()).as("not asked").isEqualTo(404);

      server.servePage(() -> new StatusPage.Snapshot(List.of(ready("ml", "tracking")), List.of()), Clock.systemUTC());

      var page = get(server, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
          .startsWith("default-src 'none'; style-src 'sha256-"));
      assertThat(page.body()).contains("<h1>mlflow-operator</h1>").contains("data-deployment=\"ml/tracking\"")
          .contains("<span class=\"st\">True</span> <span class=\"r\">Available</span>");
      assertThat(get(server, "/nope").statusCode()).isEqualTo(404);
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server, "/healthz/extra").statusCode()).isEqualTo(404);
      assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);
      assertThat(raw(server, "evil.example:" + server.port(), "/")).startsWith("HTTP/1.1 421 ")
          .doesNotContain("tracking");
      assertThat(raw(server, "localhost:" + server.port(), "/")).startsWith("HTTP/1.1 200 ").contains("tracking");
    }
  }

  @Test
  void aSlowListOfTheDeploymentsNeverHoldsUpTheProbes() throws Exception {
    var release = new CountDownLatch(1);
    try (var server = HealthServer.start(0, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      server.servePage(() -> {
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new StatusPage.Snapshot(List.of(), List.of());
      }, Clock.systemUTC());
      var page = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());

      var probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
          .timeout(Duration.ofSeconds(3)).build();
      assertThat(http.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(page).isNotDone();

      release.countDown();
      assertThat(page.get(10, TimeUnit.SECONDS).body()).contains("No deployments yet.");
    }
  }

  private static MlflowDeployment ready(String namespace, String name) {
    var deployment = new MlflowDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    deployment.setStatus(new MlflowDeploymentStatus());
    deployment.getStatus().conditions.add(new ConditionBuilder().withType("Ready").withStatus("True")
        .withReason("Available").build());
    return deployment;
  }

  /** A raw HTTP/1.1 GET with the given Host header; the whole answer. */
  private static String raw(HealthServer server, String host, String path) throws IOException {
    try (var socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** An address of this machine other than loopback, to connect to from this machine. */
  private static InetAddress nonLoopbackAddress() throws SocketException {
    Optional<InetAddress> found = NetworkInterface.networkInterfaces().filter(HealthServerTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
    assumeThat(found).as("this machine has an address other than loopback").isPresent();
    return found.get();
  }

  private static boolean isUp(NetworkInterface network) {
    try {
      return network.isUp() && !network.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private HttpResponse<String> get(HealthServer server, String path) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
