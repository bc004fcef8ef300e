package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.JobTime;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.SecretResolver;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an upgrade of the operator redeploys: each service's fingerprint (recorded as {@code deployed/<key>}) and start
 * command for the same spec, against what the previous version (main at 5e7b996, with its hand-written MLflow and
 * proxy services) computed. Both changed once since, on purpose: on SQLite MLflow now runs {@code mlflow db upgrade}
 * before its server (MLflow refuses an out-of-date schema) and its healthcheck timeout became 900 s (a migration is
 * not stopped by a failed healthcheck), so MLflow redeploys once (its fingerprints were f297a9bf0b6d2ae5 and
 * 16774ca1e1936910); the proxy's Caddyfile opened HEAD /health, so the proxy redeploys once (they were
 * 3d4cc22a8ef088dd and 6eef147aab33d413).
 */
class RailwayUpgradeTest {
  private static final String MLFLOW_COMMAND = "/bin/sh -c 'if [ -e /mlflow/mlflow.db ]; then mlflow db upgrade"
      + " sqlite:////mlflow/mlflow.db || exit; fi; exec mlflow server --host :: --port 5000 --backend-store-uri"
      + " sqlite:////mlflow/mlflow.db --artifacts-destination /mlflow/artifacts --serve-artifacts --workers 2"
      + " --allowed-hosts '\"'\"'tracking-proxy-production-abcd.up.railway.app,"
      + "tracking-proxy-production-abcd.up.railway.app:*,tracking-mlflow.railway.internal,"
      + "tracking-mlflow.railway.internal:*,localhost,localhost:*'\"'\"''";
  private static final String PROXY_COMMAND = "/bin/sh -c 'printf \"%s\" \"$CADDYFILE\" > /etc/caddy/Caddyfile"
      + " && exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile'";

  @ParameterizedTest(name = "region {0}")
  @CsvSource(nullValues = "none", value = {
      "none, 7027004e916dcfc2, 9d42adbc686a882f",
      "europe-west4, fd9857cbf7044e8d, 67cf1b45e9b51163",
  })
  void eachServiceChangedOnceSinceThePreviousReleaseForTheSchemaMigrationAndHeadOfHealth(String region, String mlflow, String proxy) {
    var desired = desired(region);

    assertThat(desired.fingerprint(desired.service("mlflow"))).isEqualTo(mlflow);
    assertThat(desired.fingerprint(desired.service("proxy"))).isEqualTo(proxy);
    assertThat(desired.service("mlflow").startCommand()).isEqualTo(MLFLOW_COMMAND);
    assertThat(desired.service("proxy").startCommand()).isEqualTo(PROXY_COMMAND);
  }

  @Test
  void onlyMlflowHasLimitsAsBefore() {
    var desired = desired(null);

    assertThat(desired.services()).extracting(RailwayDesired.Service::component).containsExactly("mlflow", "proxy");
    assertThat(desired.service("mlflow").limits()).isEqualTo(new RailwayDesired.Limits(1.0, 2.148));
    assertThat(desired.service("proxy").limits()).as("the proxy has a memory limit but no cpu limit").isNull();
  }

  /**
   * The default spec at MLflow 3.14.0 with one extra MLflow variable, as the previous version's values were computed
   * for (a stack deployed then keeps its fingerprints; a new default version is an upgrade, not a fingerprint change).
   */
  private static RailwayDesired desired(String region) {
    var spec = RailwayStackHarness.deployment("tracking").getSpec();
    spec.mlflow.version = "3.14.0";
    spec.mlflow.env = new TreeMap<>(Map.of("EXTRA", "1"));
    return RailwayDesired.of(DesiredStackFactory.build("tracking", spec, RailwayPlannerTest.CREDENTIALS,
        RailwayAddresses.of(new StackNames("tracking"), RailwayPlannerTest.DOMAIN)), JobTime.of("team", "tracking"),
        region, SecretResolver.none());
  }
}
