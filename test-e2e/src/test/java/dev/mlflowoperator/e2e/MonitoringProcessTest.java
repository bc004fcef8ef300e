package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring component against a running operator (`mlflowctl operator` as an OS process on the mock API server,
 * Railway on an HTTP sandbox): every metric the alerts and the dashboard name is in its /metrics while it manages a
 * Kubernetes deployment with backups, repaired once, and a Railway one.
 */
class MonitoringProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path MONITORING = Path.of("../manifests/monitoring");
  private static final Pattern METRIC = Pattern.compile("\\bmlflow_operator_[a-z_]+\\b");

  @TempDir Path work;
  private final HttpClient http = HttpClient.newHttpClient();
  private RailwaySandbox sandbox;
  private KubeMock cluster;
  private LongRunningProcess operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardNameIsExportedByARunningOperator() throws Exception {
    Set<String> named = new TreeSet<>();
    named.addAll(metrics(Files.readString(MONITORING.resolve("prometheus-rule.yaml"))));
    named.addAll(metrics(Files.readString(MONITORING.resolve("dashboard.json"))));
    assertThat(named).hasSizeGreaterThan(5);

    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
    cluster = KubeMock.start();
    int port = CaddyProcess.freePort();
    operator = LongRunningProcess.start(work.resolve("logs"), "operator", Map.of(
            "KUBECONFIG", cluster.writeKubeconfig(work).toString(),
            "RAILWAY_API_URL", sandbox.url(), "RAILWAY_TOKEN", sandbox.token()),
        "operator", "-n", KubeMock.NAMESPACE, "--health-port", String.valueOf(port));

    create(KUBERNETES_WITH_BACKUPS);
    create(RailwaySpecs.basic(2, "Retain", "2.11").replace("name: tracking", "name: experiments\n  namespace: test"));
    var tracking = cluster.client.genericKubernetesResources("mlflow-operator.dev/v1alpha1", "MlflowDeployment")
        .inNamespace(KubeMock.NAMESPACE).withName("tracking");
    await("Synced").atMost(WAIT).untilAsserted(() -> {
      assertThat(operator.isAlive()).as(operator.output()).isTrue();
      assertThat(KubernetesUserFlowProcessTest.condition(tracking.get(), "Synced")).isEqualTo("True");
    });
    var services = cluster.client.services().inNamespace(KubeMock.NAMESPACE);
    services.withName("tracking-proxy").delete();
    await("the proxy Service repaired").atMost(WAIT).untilAsserted(() -> {
      assertThat(operator.isAlive()).as(operator.output()).isTrue();
      assertThat(services.withName("tracking-proxy").get()).isNotNull();
    });

    await("every named metric exported").atMost(WAIT).untilAsserted(() ->
        assertThat(exported(port)).containsAll(named));
    String scrape = get(port);
    assertThat(scrape).contains("mlflow_operator_drift_repairs_total{component=\"proxy\",kind=\"missing\","
        + "name=\"tracking\",namespace=\"test\",platform=\"kubernetes\"} 1.0")
        .containsPattern("mlflow_operator_railway_budget_limit\\{token=\"[0-9a-f]{12}\"} 1000\\.0")
        .doesNotContain(sandbox.token());
  }

  private static final String KUBERNETES_WITH_BACKUPS = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: tracking
        namespace: test
      spec:
        target: kubernetes
        mlflow:
          version: "3.14.0"
        proxy:
          caddyVersion: "2.11"
          auth:
            username: mlflow
        storage:
          size: 5Gi
        backup:
          schedule: [daily]
        kubernetes:
          volumeSnapshotClassName: csi-snapclass
      """;

  private void create(String yaml) {
    cluster.client.resource(Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        GenericKubernetesResource.class)).create();
  }

  private static Set<String> metrics(String text) {
    return METRIC.matcher(text).results().map(m -> m.group()).collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> exported(int port) throws IOException, InterruptedException {
    return get(port).lines().filter(line -> !line.startsWith("#")).map(line -> line.replaceAll("[{ ].*", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private String get(int port) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
