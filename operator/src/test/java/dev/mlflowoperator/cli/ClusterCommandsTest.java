package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** status, env and delete --cluster against Fabric8's mock API server; the test plays the operator. */
class ClusterCommandsTest {
  static final String PASSWORD = "generated-Password-0123456789abcd";

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void envPrintsTheUrlAndUsernameFromTheClusterAndThePasswordOnlyWhenAsked() throws IOException {
    applied("Retain");
    reconciled();

    var env = cluster.cli();
    assertThat(env.run("env", "tracking", "--cluster")).as(env.err()).isZero();
    assertThat(env.out()).isEqualTo("""
        export MLFLOW_TRACKING_URI=http://tracking-proxy.ml.svc:8080
        export MLFLOW_TRACKING_USERNAME=mlflow
        """);

    var secrets = cluster.cli();
    assertThat(secrets.run("env", "tracking", "--cluster", "--show-secrets")).isZero();
    assertThat(secrets.out()).endsWith("export MLFLOW_TRACKING_PASSWORD=" + PASSWORD + "\n");
  }

  @Test
  void statusListsTheClustersDeploymentsAsTheOperatorReportedThem() throws IOException {
    applied("Retain");
    reconciled();

    var table = cluster.cli();
    assertThat(table.run("status", "--cluster")).as(table.err()).isZero();
    assertThat(table.out().lines()).hasSize(2).last().asString().startsWith("tracking")
        .contains("kubernetes").contains("http://tracking-proxy.ml.svc:8080");
    var json = cluster.cli();
    assertThat(json.run("status", "tracking", "--cluster", "-o", "json")).isZero();
    assertThat(json.out()).contains("\"target\" : \"kubernetes\"").contains("\"url\" : \"http://tracking-proxy.ml.svc:8080\"");
    var elsewhere = cluster.cli();
    assertThat(elsewhere.run("status", "--cluster", "-n", "team-b")).isZero();
    assertThat(elsewhere.out()).isEqualTo("No deployments are recorded in namespace team-b of the cluster yet.\n");
    var both = cluster.cli();
    assertThat(both.run("status", "--cluster", "--server", "http://127.0.0.1:8080")).isEqualTo(2);
    assertThat(both.err()).startsWith("--server and --cluster read different places; give one of them\n");
  }

  @Test
  void envSaysWhichNamespaceItLookedInWhenTheNameIsNotThere() throws IOException {
    applied("Retain");
    var other = cluster.cli();
    assertThat(other.run("env", "tracking", "--cluster", "-n", "team-b")).isEqualTo(1);
    assertThat(other.err()).isEqualTo("error: no MlflowDeployment named \"tracking\" in namespace team-b of the"
        + " cluster; list them with kubectl get mlflowdeployments -A, and pick one with -n NAMESPACE\n");
  }

  @Test
  void envWithoutAPasswordInTheSecretYetSaysToWaitForTheOperator() throws IOException {
    applied("Retain");
    var status = new MlflowDeploymentStatus();
    status.url = "http://tracking-proxy.ml.svc:8080";
    var current = cluster.tracking();
    current.setStatus(status);
    cluster.client.resource(current).updateStatus();

    var env = cluster.cli();
    assertThat(env.run("env", "tracking", "--cluster", "--show-secrets")).isEqualTo(1);
    assertThat(env.err()).isEqualTo("error: the Secret tracking-credentials in namespace ml holds no password for mlflow yet;"
        + " wait until the operator has reconciled tracking and try again\n");
  }

  @Test
  void deleteRemovesTheResourceAndSaysThePvcIsKeptUnderRetain() throws IOException {
    applied("Retain");
    var delete = cluster.cli();
    assertThat(delete.run("delete", "tracking", "--cluster", "--wait")).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("tracking: deleted the MlflowDeployment in namespace ml; the operator removes"
        + " its objects and keeps the PVC tracking-data with MLflow's data (deletionPolicy: Retain)\n");
    assertThat(cluster.tracking()).isNull();
  }

  @Test
  void deleteUnderDeletionPolicyDeleteNeedsYesWithoutATerminalAndDeletesNothingElse() throws IOException {
    applied("Delete");
    var delete = cluster.cli();
    delete.terminal.interactive = false;
    assertThat(delete.run("delete", "tracking", "--cluster")).isEqualTo(1);
    assertThat(delete.err()).isEqualTo("error: delete would delete the MlflowDeployment tracking in namespace ml and"
        + " its volume with MLflow's data (deletionPolicy: Delete); there is no terminal to ask on, so run it again"
        + " with --yes to confirm\n");
    assertThat(cluster.tracking()).isNotNull();

    var confirmed = cluster.cli();
    assertThat(confirmed.run("delete", "tracking", "--cluster", "--yes")).isZero();
    assertThat(confirmed.out()).endsWith("the PVC tracking-data with MLflow's data (deletionPolicy: Delete)\n");
  }

  @Test
  void deleteWaitTimesOutWithExitThreeWhileAFinalizerHoldsTheResource() throws IOException {
    applied("Retain");
    var held = cluster.tracking();
    held.getMetadata().setFinalizers(List.of("mlflow-operator.dev/finalizer"));
    cluster.client.resource(held).update();

    var delete = cluster.cli();
    assertThat(delete.run("delete", "tracking", "--cluster", "--wait", "--timeout", "10s")).isEqualTo(3);
    assertThat(delete.err()).isEqualTo("error: the MlflowDeployment tracking is still there after 10s; is the operator"
        + " running? Check with kubectl describe mlflowdeployment tracking -n ml\n");
  }

  private void applied(String deletionPolicy) throws IOException {
    Path spec = Files.writeString(cluster.home().resolve("spec.yaml"), Files.readString(Path.of(KubernetesApplyTest.EXAMPLE))
        .replace("deletionPolicy: Retain", "deletionPolicy: " + deletionPolicy));
    var apply = cluster.cli();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
  }

  /** Plays the operator: the URL in the status and the password in the credentials Secret. */
  private void reconciled() {
    var status = new MlflowDeploymentStatus();
    status.observedGeneration = cluster.tracking().getMetadata().getGeneration();
    status.url = "http://tracking-proxy.ml.svc:8080";
    var current = cluster.tracking();
    current.setStatus(status);
    cluster.client.resource(current).updateStatus();
    cluster.client.resource(new SecretBuilder().withNewMetadata().withName("tracking-credentials").withNamespace("ml")
        .endMetadata().addToData("username", base64("mlflow")).addToData("password", base64(PASSWORD)).build()).create();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
