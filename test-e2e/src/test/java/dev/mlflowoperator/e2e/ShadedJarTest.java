package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the shaded mlflowctl jar as a separate process, the way a user does. */
class ShadedJarTest {
  private static final Path JAR = Path.of("../operator/target/mlflowctl.jar");

  @Test
  void jarRunsAsAProcessAndValidatesTheShippedExamples() throws Exception {
    assertThat(JAR).as("the shaded jar built by the operator module's package phase").exists();
    var result = run("validate", "-f", "../manifests/examples");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void jarRejectsAnInvalidSpecWithExitCodeOneAndNamesTheField() throws Exception {
    Path spec = Files.createTempFile("invalid", ".yaml");
    Files.writeString(spec, """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata: {name: tracking}
        spec:
          target: kubernetes
          mlflow: {workers: 99}
        """);
    var result = run("validate", "-f", spec.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("spec.mlflow.workers").doesNotContain("Exception");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
