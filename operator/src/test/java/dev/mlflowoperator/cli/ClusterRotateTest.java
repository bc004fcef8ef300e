package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** mlflowctl rotate --cluster against Fabric8's mock API server: it sets the rotate annotation with a fresh nonce. */
class ClusterRotateTest {
  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void rotateAnnotatesTheResourceWithTheUserAndAFreshNonceEachTime() throws IOException {
    applied();

    var first = cluster.cli();
    assertThat(first.run("rotate", "tracking", "--user", "mlflow", "--cluster", "--yes")).as(first.err()).isZero();
    String value = cluster.tracking().getMetadata().getAnnotations().get(RotateAnnotation.NAME);
    var second = cluster.cli();
    assertThat(second.run("rotate", "tracking", "--user", "mlflow", "--cluster", "--yes")).isZero();

    assertThat(value).matches("mlflow@[0-9a-f]{16}");
    assertThat(cluster.tracking().getMetadata().getAnnotations().get(RotateAnnotation.NAME))
        .startsWith("mlflow@").isNotEqualTo(value);
    assertThat(first.out()).isEqualTo("tracking: asked the operator to rotate the password of mlflow ("
        + RotateAnnotation.NAME + ": " + value + "); mlflowctl status tracking --cluster shows when it changed\n");
  }

  @Test
  void anUnknownUserOrNoTerminalWithoutYesChangesNothing() throws IOException {
    applied();

    var unknown = cluster.cli();
    assertThat(unknown.run("rotate", "tracking", "--user", "alice", "--cluster", "--yes")).isEqualTo(1);
    var unconfirmed = cluster.cli();
    unconfirmed.terminal.interactive = false;
    assertThat(unconfirmed.run("rotate", "tracking", "--user", "mlflow", "--cluster")).isEqualTo(1);

    assertThat(unknown.err()).isEqualTo("error: tracking has no user \"alice\"; its users are mlflow\n");
    assertThat(unconfirmed.err()).contains("there is no terminal to ask on, so run it again with --yes to confirm");
    var annotations = cluster.tracking().getMetadata().getAnnotations();
    assertThat(annotations == null ? null : annotations.get(RotateAnnotation.NAME)).isNull();
  }

  private void applied() throws IOException {
    Path spec = Files.writeString(cluster.home().resolve("spec.yaml"),
        Files.readString(Path.of(KubernetesApplyTest.EXAMPLE)));
    var apply = cluster.cli();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
  }
}
