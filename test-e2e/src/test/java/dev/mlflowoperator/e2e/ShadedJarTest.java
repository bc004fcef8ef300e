package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar validates specs as a separate process, the way a user runs it. */
class ShadedJarTest {
  @Test
  void shippedExamplesAreValid() throws Exception {
    var result = MlflowCtlProcess.run("validate", "-f", "../manifests/examples");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("documents valid");
  }

  @Test
  void anInvalidSpecExitsOneAndNamesTheFieldWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("invalid.yaml");
    Files.writeString(spec, """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata: {name: tracking}
        spec:
          target: kubernetes
          mlflow: {workers: 99}
        """);
    var result = MlflowCtlProcess.run("validate", "-f", spec.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("spec.mlflow.workers").doesNotContain("Exception").doesNotContain("\tat ");
  }
}
