package dev.mlflowoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.BackupSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.metrics.DeploymentMetrics;
import dev.mlflowoperator.platform.PlannedChange;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional monitoring component (manifests/monitoring), rendered with the install by {@code kubectl kustomize} as
 * a user's own kustomization would: the ServiceMonitor finds the metrics Service, every alert and dashboard query
 * names a metric the operator exports, and nothing in them is secret.
 */
class MonitoringManifestsTest {
  private static final Pattern METRIC = Pattern.compile("\\bmlflow_operator_[a-z_]+\\b");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<JsonNode> rendered;

  @BeforeAll
  static void renderTheInstallWithTheComponent() throws IOException, InterruptedException {
    Path overlay = Files.createDirectories(Path.of("target", "monitoring-overlay"));
    Path manifests = overlay.toAbsolutePath().relativize(ManifestsTest.MANIFESTS.toAbsolutePath().normalize());
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - %s
        components:
          - %s
        """.formatted(manifests, manifests.resolve("monitoring")));
    rendered = KustomizeRenderTest.render(overlay);
  }

  @Test
  void theServiceMonitorSelectsTheMetricsServiceByItsLabelsPortAndNamespace() {
    JsonNode service = one("Service", "mlflow-operator-metrics");
    JsonNode monitor = one("ServiceMonitor", "mlflow-operator");

    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(service.at("/metadata/labels").path(label.getKey()).asText()).as(label.getKey())
            .isEqualTo(label.getValue().asText()));
    assertThat(monitor.at("/spec/selector/matchLabels").size()).isPositive();
    assertThat(monitor.at("/spec/endpoints/0/port").asText())
        .isEqualTo(service.at("/spec/ports/0/name").asText()).isEqualTo("http-metrics");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText())
        .isEqualTo(service.at("/metadata/namespace").asText()).isEqualTo("mlflow-operator");
  }

  @Test
  void everyAlertNamesExportedMetricsAndSaysWhatToDo() {
    JsonNode rules = one("PrometheusRule", "mlflow-operator").at("/spec/groups/0/rules");
    var alerts = new TreeSet<String>();
    for (JsonNode rule : rules) {
      String alert = rule.path("alert").asText();
      alerts.add(alert);
      assertThat(metrics(rule.path("expr").asText())).as(alert).isNotEmpty().isSubsetOf(exported());
      assertThat(rule.at("/annotations/summary").asText()).as(alert).isNotBlank();
      assertThat(rule.at("/annotations/description").asText().length()).as(alert).isGreaterThan(100);
      assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("warning", "critical");
    }
    assertThat(alerts).containsExactlyInAnyOrder("MlflowDeploymentNotReady", "MlflowDeploymentNotSynced",
        "MlflowDeploymentDriftRepeated", "MlflowOperatorRailwayBudgetLow", "MlflowDeploymentBackupOverdue");
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecarWhoseQueriesNameExportedMetrics() throws IOException {
    JsonNode configMap = one("ConfigMap", "mlflow-operator-dashboard");
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode dashboard = JSON.readTree(configMap.at("/data/mlflow-operator.json").asText());

    var queried = new TreeSet<String>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queried.addAll(metrics(target.path("expr").asText()));
      }
    }
    assertThat(dashboard.path("uid").asText()).isEqualTo("mlflow-operator");
    assertThat(queried).isSubsetOf(exported());
    assertThat(families(queried)).as("every metric has a panel").isEqualTo(families(exported()));
  }

  @Test
  void noMonitoringObjectHoldsASecretOrReachesOutside() {
    String text = rendered.stream().filter(o -> Set.of("PrometheusRule", "ServiceMonitor", "ConfigMap")
        .contains(o.path("kind").asText())).map(JsonNode::toString).collect(Collectors.joining("\n"));

    assertThat(text).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("passwordHash")
        .doesNotContain("bearerToken").doesNotContain("basicAuth").doesNotContainPattern("[a-z]+://[^/\\s\"]*@");
  }

  private static JsonNode one(String kind, String name) {
    return rendered.stream().filter(o -> kind.equals(o.path("kind").asText())
        && name.equals(o.at("/metadata/name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " is not rendered"));
  }

  private static Set<String> metrics(String promql) {
    return METRIC.matcher(promql).results().map(m -> m.group()).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The names the operator's metrics have in Prometheus, from a registry fed one deployment of each kind the metrics
   * know: Railway with a backup schedule, one drift repair, one token.
   */
  private static Set<String> exported() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new DeploymentMetrics(registry, Clock.systemUTC());
    var deployment = new MlflowDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName("alpha").withNamespace("default").build());
    deployment.setSpec(new MlflowDeploymentSpec());
    deployment.getSpec().target = Target.RAILWAY;
    deployment.getSpec().backup = new BackupSpec();
    deployment.getSpec().backup.schedule = List.of(BackupKind.DAILY);
    PlannedChange repair = new PlannedChange() {
      @Override
      public List<String> reasons() {
        return List.of("service/proxy: missing");
      }

      @Override
      public String line() {
        return "+ service alpha-proxy (proxy)";
      }
    };
    metrics.recorded(deployment, new MlflowDeploymentStatus(), List.of(repair), Duration.ofMillis(5));
    metrics.railwayToken("0123456789ab", () -> 1, () -> 999, 1000);
    return registry.scrape().lines().filter(line -> !line.startsWith("#"))
        .map(line -> line.replaceAll("[{ ].*", "")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Names without a timer's _count, _sum and _max. */
  private static Set<String> families(Set<String> names) {
    return names.stream().map(n -> n.replaceAll("_(count|sum|max)$", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
