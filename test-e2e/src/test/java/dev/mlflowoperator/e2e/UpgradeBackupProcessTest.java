package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MLflow upgrade with the shaded jar on the home's sandbox: apply at 3.14.0, then apply --wait at 3.17.0, which
 * waits for one beforeUpgrade backup and only then reports Ready at the new version.
 */
class UpgradeBackupProcessTest {
  @TempDir Path home;

  @Test
  void applyWaitAtAHigherVersionTakesOneBeforeUpgradeBackupThenBecomesReady() throws Exception {
    Path spec = home.resolve("tracking.yaml");
    Files.writeString(spec, RailwaySpecs.basic(2, "Retain", "2.6"));
    var first = mlflowctl("apply", "-f", spec.toString(), "--wait");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Files.writeString(spec, RailwaySpecs.basic(2, "Retain", "2.6").replace("\"3.14.0\"", "\"3.17.0\""));

    var upgrade = mlflowctl("apply", "-f", spec.toString(), "--wait");

    assertThat(upgrade.exitCode()).as(upgrade.err()).isZero();
    String out = upgrade.out();
    int backingUp = out.indexOf("backing up the data volume before MLflow 3.14.0 -> 3.17.0");
    assertThat(backingUp).as(out).isNotNegative();
    assertThat(out.indexOf("tracking: Ready at ")).as(out).isGreaterThan(backingUp);
    var list = mlflowctl("backup", "list", "tracking");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().lines().filter(l -> l.contains("beforeUpgrade")).toList()).as(list.out()).hasSize(1);
    var status = new ObjectMapper().readTree(mlflowctl("status", "tracking", "-o", "json").out());
    assertThat(status.at("/status/mlflowVersion").asText()).isEqualTo("3.17.0");
  }

  private MlflowCtlProcess.Result mlflowctl(String... args) throws Exception {
    return MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(), "MLFLOWCTL_SANDBOX_DEPLOY_SECONDS", "1",
        "MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS", "2"), args);
  }
}
