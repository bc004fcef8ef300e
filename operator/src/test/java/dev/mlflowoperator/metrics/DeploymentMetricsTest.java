package dev.mlflowoperator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.BackupSpec;
import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.PlannedChange;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deployments' metrics as Prometheus scrapes them: names, labels, values, and what goes with a deployment. */
class DeploymentMetricsTest {
  private static final String ALPHA = "name=\"alpha\",namespace=\"team-a\",platform=\"kubernetes\"";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T12:00:00Z"));
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeploymentMetrics metrics = new DeploymentMetrics(registry, clock);

  @Test
  void conditionsBecomeGaugesAndASyncedReconcileStampsTheLastSuccess() {
    metrics.recorded(deployment(Target.KUBERNETES), status("True", "True"), List.of(), Duration.ofMillis(250));

    assertThat(registry.scrape()).contains(
        "mlflow_operator_deployment_ready{" + ALPHA + "} 1.0",
        "mlflow_operator_deployment_synced{" + ALPHA + "} 1.0",
        "mlflow_operator_reconcile_last_success_timestamp_seconds{" + ALPHA + "} 1.7959536E9",
        "mlflow_operator_reconcile_duration_seconds_count{" + ALPHA + "} 1",
        "mlflow_operator_reconcile_duration_seconds_sum{" + ALPHA + "} 0.25");

    clock.advance(Duration.ofMinutes(1));
    metrics.recorded(deployment(Target.KUBERNETES), status("False", "False"), List.of(), Duration.ofMillis(50));

    assertThat(registry.scrape()).contains(
        "mlflow_operator_deployment_ready{" + ALPHA + "} 0.0",
        "mlflow_operator_deployment_synced{" + ALPHA + "} 0.0",
        "mlflow_operator_reconcile_last_success_timestamp_seconds{" + ALPHA + "} 1.7959536E9");
  }

  @Test
  void aFailedReconcileSetsTheConditionsAndTimesNothing() {
    metrics.failed(deployment(Target.KUBERNETES), status("False", "False"));

    assertThat(registry.scrape()).contains("mlflow_operator_deployment_ready{" + ALPHA + "} 0.0",
        "mlflow_operator_reconcile_last_success_timestamp_seconds{" + ALPHA + "} NaN")
        .doesNotContain("mlflow_operator_reconcile_duration_seconds");
  }

  @Test
  void aRepairCountsOncePerComponentWithItsWeightiestKind() {
    var repaired = List.of(change("mlflow", "+ Deployment/alpha-mlflow"), change("mlflow", "~ ConfigMap/alpha: data"),
        change("proxy", "~ Service/alpha-proxy: spec.type"));

    metrics.recorded(deployment(Target.KUBERNETES), status("True", "True"), repaired, Duration.ZERO);

    assertThat(registry.scrape()).contains(
        "mlflow_operator_drift_repairs_total{component=\"mlflow\",kind=\"missing\"," + ALPHA + "} 1.0",
        "mlflow_operator_drift_repairs_total{component=\"proxy\",kind=\"changed\"," + ALPHA + "} 1.0")
        .containsOnlyOnce("component=\"mlflow\"");
  }

  @Test
  void backupAgeCountsFromTheNewestCompletedBackupAndTheScheduleSetsTheAllowedAge() {
    var deployment = deployment(Target.RAILWAY);
    deployment.getSpec().backup = new BackupSpec();
    deployment.getSpec().backup.schedule = List.of(BackupKind.WEEKLY, BackupKind.DAILY);
    var status = status("True", "True");
    status.backup = new BackupStatus();
    status.backup.lastTime = "2026-11-29T06:00:00Z";
    String labels = "name=\"alpha\",namespace=\"team-a\",platform=\"railway\"";

    metrics.recorded(deployment, status, List.of(), Duration.ZERO);
    clock.advance(Duration.ofHours(1));

    assertThat(registry.scrape()).contains(
        "mlflow_operator_backup_age_seconds{" + labels + "} 25200.0",
        "mlflow_operator_backup_max_age_seconds{" + labels + "} 129600.0");

    deployment.getSpec().backup.schedule = List.of();
    metrics.recorded(deployment, status, List.of(), Duration.ZERO);

    assertThat(registry.scrape()).doesNotContain("mlflow_operator_backup_");
  }

  @Test
  void withoutACompletedBackupTheAgeCountsFromTheResourceCreation() {
    var deployment = deployment(Target.KUBERNETES);
    deployment.getMetadata().setCreationTimestamp("2026-11-27T12:00:00Z");
    deployment.getSpec().backup = new BackupSpec();
    deployment.getSpec().backup.schedule = List.of(BackupKind.DAILY);

    metrics.recorded(deployment, status("True", "True"), List.of(), Duration.ZERO);

    assertThat(registry.scrape()).contains("mlflow_operator_backup_age_seconds{" + ALPHA + "} 172800.0");
  }

  @Test
  void aRemovedDeploymentLeavesNoSeries() {
    metrics.recorded(deployment(Target.KUBERNETES), status("True", "True"),
        List.of(change("proxy", "- NetworkPolicy/alpha-proxy")), Duration.ZERO);

    metrics.removed("team-a", "alpha");

    assertThat(registry.scrape()).doesNotContain("alpha");
  }

  @Test
  void aRailwayTokenIsLabelledByItsFingerprintAndRegisteredOnce() {
    metrics.railwayToken("0123456789ab", () -> 42, () -> 958, 1000);
    metrics.railwayToken("0123456789ab", () -> 1, () -> 1, 1);

    assertThat(registry.scrape()).contains(
        "mlflow_operator_railway_requests_total{token=\"0123456789ab\"} 42.0",
        "mlflow_operator_railway_budget_remaining{token=\"0123456789ab\"} 958.0",
        "mlflow_operator_railway_budget_limit{token=\"0123456789ab\"} 1000.0");
  }

  private static MlflowDeployment deployment(Target target) {
    var deployment = new MlflowDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName("alpha").withNamespace("team-a").build());
    deployment.setSpec(new MlflowDeploymentSpec());
    deployment.getSpec().target = target;
    return deployment;
  }

  private static MlflowDeploymentStatus status(String ready, String synced) {
    var status = new MlflowDeploymentStatus();
    status.conditions = List.of(
        new ConditionBuilder().withType("Ready").withStatus(ready).withReason("Available").build(),
        new ConditionBuilder().withType("Synced").withStatus(synced).withReason("Applied").build());
    return status;
  }

  private static PlannedChange change(String component, String line) {
    return new PlannedChange() {
      @Override
      public List<String> reasons() {
        return List.of(line);
      }

      @Override
      public String line() {
        return line;
      }

      @Override
      public String concerns() {
        return component;
      }
    };
  }
}
