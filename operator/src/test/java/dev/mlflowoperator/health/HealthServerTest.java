package dev.mlflowoperator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

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

  private HttpResponse<String> get(HealthServer server, String path) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
