package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** apply and plan of target: kubernetes specs against Fabric8's mock API server in CRUD mode; the test plays the operator. */
class KubernetesApplyTest {
  static final String EXAMPLE = Path.of("..", "manifests", "examples", "kubernetes-basic.yaml").toString();

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void applyCreatesTheResourceInTheContextsNamespaceThenUpdatesOnlyAChangedSpec() throws Exception {
    var first = cluster.cli();
    assertThat(first.run("apply", "-f", EXAMPLE)).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("""
        tracking: applying to the cluster (ml/tracking)
          + mlflowdeployment ml/tracking
        """);
    assertThat(first.err()).isEmpty();
    MlflowDeployment created = cluster.tracking();
    assertThat(created.getSpec().mlflow.workers).isEqualTo(2);

    var plan = cluster.cli();
    assertThat(plan.run("plan", "-f", EXAMPLE, "--detailed-exitcode")).as("no operator has run").isEqualTo(2);
    assertThat(plan.out()).startsWith("tracking: 9 changes on the cluster\n  + Secret/tracking-credentials (generated password)\n");
    var again = cluster.cli();
    assertThat(again.run("apply", "-f", EXAMPLE)).isZero();
    assertThat(again.out()).endsWith("  no changes\n");

    Path changed = cluster.home().resolve("changed.yaml");
    Files.writeString(changed, Files.readString(Path.of(EXAMPLE)).replace("workers: 2", "workers: 3"));
    var changedPlan = cluster.cli();
    assertThat(changedPlan.run("plan", "-f", changed.toString(), "--detailed-exitcode")).isEqualTo(2);
    assertThat(changedPlan.out()).startsWith("tracking: 10 changes on the cluster\n  ~ mlflowdeployment ml/tracking: spec\n");
    var update = cluster.cli();
    assertThat(update.run("apply", "-f", changed.toString())).isZero();
    assertThat(update.out()).endsWith("  ~ mlflowdeployment ml/tracking: spec\n");
    assertThat(cluster.tracking().getSpec().mlflow.workers).isEqualTo(3);
    assertThat(cluster.tracking().getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
  }

  @Test
  void waitReturnsOnceTheOperatorReportsReady() {
    assertThat(cluster.cli().run("apply", "-f", EXAMPLE)).isZero();
    reportReady("True");

    var wait = cluster.cli();
    assertThat(wait.run("apply", "-f", EXAMPLE, "--wait")).as(wait.err()).isZero();
    assertThat(wait.out()).isEqualTo("""
        tracking: applying to the cluster (ml/tracking)
          no changes
        tracking: Ready at http://tracking.example
        """);
  }

  @Test
  void waitTimesOutWithExitThreeWhileTheOperatorSaysNotReady() {
    assertThat(cluster.cli().run("apply", "-f", EXAMPLE)).isZero();
    reportReady("False");

    var wait = cluster.cli();
    assertThat(wait.run("apply", "-f", EXAMPLE, "--wait", "--timeout", "30s")).isEqualTo(3);
    assertThat(wait.out()).endsWith("tracking: waiting for Ready: proxy: Progressing\n");
    assertThat(wait.err()).isEqualTo("""
        error: tracking is not Ready after 30s: proxy: Progressing
        it may still become Ready: check with mlflowctl status tracking, or run apply --wait again with a longer --timeout
        """);
  }

  @Test
  void waitStopsAtOnceWithExitOneWhenTheOperatorRefusesTheSpec() {
    assertThat(cluster.cli().run("apply", "-f", EXAMPLE)).isZero();
    report(List.of(condition("Synced", "False", "StorageShrinkRefused",
            "spec.storage.size: 5Gi is smaller than the 10Gi volume; a volume cannot shrink"),
        condition("Ready", "False", "ComponentsNotReady", "proxy: Progressing")));

    var wait = cluster.cli();
    assertThat(wait.run("apply", "-f", EXAMPLE, "--wait", "--timeout", "30s")).isEqualTo(1);
    assertThat(wait.err()).isEqualTo("error: tracking: spec.storage.size: 5Gi is smaller than the 10Gi volume; a volume"
        + " cannot shrink (Synced=False, StorageShrinkRefused); fix the spec and apply again\n");
  }

  @Test
  void waitKeepsWaitingThroughAFailureTheOperatorRetries() {
    assertThat(cluster.cli().run("apply", "-f", EXAMPLE)).isZero();
    report(List.of(condition("Synced", "False", "ReconcileError", "the API server answered 409; retrying"),
        condition("Ready", "False", "ComponentsNotReady", "proxy: Progressing")));

    var wait = cluster.cli();
    assertThat(wait.run("apply", "-f", EXAMPLE, "--wait", "--timeout", "30s")).isEqualTo(3);
    assertThat(wait.err()).startsWith("error: tracking is not Ready after 30s: proxy: Progressing\n");
  }

  @Test
  void withoutAKubeconfigItSaysWhereToPointKubeconfig() {
    var cli = cluster.cli();
    cli.env.put("KUBECONFIG", cluster.home().resolve("none").toString());
    assertThat(cli.run("apply", "-f", EXAMPLE)).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: no kubeconfig at " + cluster.home().resolve("none") + "; point KUBECONFIG at one"
        + " (kubectl config view shows yours) to reach the cluster\n");
  }

  /** Plays the operator: a status for the current generation with the given Ready. */
  private void reportReady(String ready) {
    report(List.of("True".equals(ready) ? condition("Ready", ready, "Available", "MLflow is available.")
        : condition("Ready", ready, "ComponentsNotReady", "proxy: Progressing")));
  }

  /** Plays the operator: a status for the current generation with these conditions. */
  private void report(List<Condition> conditions) {
    MlflowDeployment current = cluster.tracking();
    var status = new MlflowDeploymentStatus();
    status.observedGeneration = current.getMetadata().getGeneration();
    status.url = "http://tracking.example";
    status.conditions = conditions;
    current.setStatus(status);
    cluster.client.resource(current).updateStatus();
  }

  private static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
  }
}
