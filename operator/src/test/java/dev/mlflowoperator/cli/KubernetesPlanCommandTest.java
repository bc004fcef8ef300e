package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatform;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.status.SyncResult;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mlflowctl plan of a target: kubernetes spec shows the objects of the current context's cluster that apply (and
 * then the operator) would change, like kubectl diff, against Fabric8's mock API server; it only reads.
 */
class KubernetesPlanCommandTest {
  private static final String SNAPSHOT_CLASS = "csi-snapclass";

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void aResourceNotYetInTheClusterShowsItAndEveryObjectAsCreatedSendingOnlyGets() throws Exception {
    cluster.requests();
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", KubernetesApplyTest.EXAMPLE, "--detailed-exitcode")).as(plan.err()).isEqualTo(2);

    assertThat(plan.out()).isEqualTo("""
        tracking: 10 changes on the cluster
          + mlflowdeployment ml/tracking
          + Secret/tracking-credentials (generated password)
          + ConfigMap/tracking-proxy-config
          + PersistentVolumeClaim/tracking-data
          + NetworkPolicy/tracking-mlflow
          + NetworkPolicy/tracking-proxy
          + Deployment/tracking-mlflow
          + Service/tracking-mlflow
          + Deployment/tracking-proxy
          + Service/tracking-proxy
        """);
    assertThat(cluster.requests()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
    assertThat(cluster.tracking()).isNull();
  }

  @Test
  void anAppliedStackInSyncHasNoChanges() throws Exception {
    applyAndReconcile();
    cluster.requests();
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", KubernetesApplyTest.EXAMPLE, "--detailed-exitcode")).as(plan.err()).isZero();

    assertThat(plan.out()).isEqualTo("tracking: no changes on the cluster\n");
    assertThat(cluster.requests()).allSatisfy(r -> assertThat(r).startsWith("GET "));
  }

  @Test
  void anObjectChangedOutOfBandIsAChangeNamingItAndTheField() throws Exception {
    applyAndReconcile();
    var proxy = cluster.client.apps().deployments().inNamespace(ClusterCli.NAMESPACE).withName("tracking-proxy");
    proxy.edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("caddy:evil");
      return d;
    });
    String password = cluster.client.secrets().inNamespace(ClusterCli.NAMESPACE).withName("tracking-credentials").get()
        .getData().get("password");
    cluster.requests();
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", KubernetesApplyTest.EXAMPLE, "--detailed-exitcode")).as(plan.err()).isEqualTo(2);

    assertThat(plan.out()).isEqualTo("""
        tracking: 1 change on the cluster
          ~ Deployment/tracking-proxy: spec.template.spec.containers[0].image
        """);
    assertThat(plan.out() + plan.err()).doesNotContain(password);
    assertThat(cluster.requests()).allSatisfy(r -> assertThat(r).startsWith("GET "));
    assertThat(proxy.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("caddy:evil");
  }

  @Test
  void aChangedSpecShowsTheResourceAndTheObjectsItChanges() throws Exception {
    applyAndReconcile();
    Path changed = cluster.home().resolve("changed.yaml");
    Files.writeString(changed, Files.readString(Path.of(KubernetesApplyTest.EXAMPLE)).replace("workers: 2", "workers: 3"));
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", changed.toString(), "--detailed-exitcode")).as(plan.err()).isEqualTo(2);

    assertThat(plan.out()).isEqualTo("""
        tracking: 2 changes on the cluster
          ~ mlflowdeployment ml/tracking: spec
          ~ Deployment/tracking-mlflow: spec.template.spec.containers[0].args[2]
        """);
  }

  @Test
  void aHigherMlflowVersionShowsTheUpgradeWaitingForABackupAndNoNewImage() throws Exception {
    ranAt314(SNAPSHOT_CLASS);
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", atVersion("3.17.0", SNAPSHOT_CLASS).toString(), "--detailed-exitcode"))
        .as(plan.err()).isEqualTo(2);

    assertThat(plan.out()).isEqualTo("""
        tracking: 2 changes on the cluster
          ~ mlflowdeployment ml/tracking: spec
          ~ upgrade to MLflow 3.17.0: waits for a backup of the data volume
        """);
  }

  @Test
  void aHigherMlflowVersionWithoutASnapshotClassSaysTheRefusalRunGivesInsteadOfAWait() throws Exception {
    ranAt314(null);
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", atVersion("3.17.0", null).toString(), "--detailed-exitcode")).isEqualTo(1);

    assertThat(plan.out()).isEmpty();
    assertThat(plan.err()).isEqualTo("error: tracking: spec.kubernetes.volumeSnapshotClassName: set it so that a"
        + " VolumeSnapshot of the data volume is taken before MLflow 3.17.0 is rolled out, or set"
        + " spec.backup.beforeUpgrade: false to upgrade without a backup; nothing was changed.\n");
  }

  @Test
  void anObjectUnderOneOfTheStacksNamesThatIsNotOursIsShownAsRefused() throws Exception {
    cluster.client.resource(new ServiceBuilder().withNewMetadata().withName("tracking-proxy").withNamespace("ml")
        .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    cluster.requests();
    var plan = cluster.cli();

    assertThat(plan.run("plan", "-f", KubernetesApplyTest.EXAMPLE, "--detailed-exitcode")).as(plan.out()).isEqualTo(1);

    assertThat(plan.out()).isEmpty();
    assertThat(plan.err()).startsWith("error: tracking: Service/tracking-proxy (it lacks the labels ")
        .contains("not managed by this MlflowDeployment, so the operator changes nothing");
    assertThat(cluster.requests()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
  }

  /** The stack applied and reconciled at MLflow 3.14.0, which ran. */
  private void ranAt314(String snapshotClass) throws java.io.IOException {
    assertThat(cluster.cli().run("apply", "-f", atVersion("3.14.0", snapshotClass).toString())).isZero();
    reconcileRecorded();
    cluster.makeAvailable();
    reconcileRecorded();
    assertThat(cluster.tracking().getStatus().mlflowVersion).isEqualTo("3.14.0");
  }

  /** The example spec with MLflow pinned at {@code version} and the snapshot class given, in a file of its own. */
  private Path atVersion(String version, String snapshotClass) throws java.io.IOException {
    Path file = cluster.home().resolve("at-" + version + ".yaml");
    String spec = Files.readString(Path.of(KubernetesApplyTest.EXAMPLE))
        .replaceFirst("version: \"[0-9.]+\"", "version: \"" + version + "\"");
    Files.writeString(file, snapshotClass == null ? spec : spec.replace("  target: kubernetes\n",
        "  target: kubernetes\n  kubernetes:\n    volumeSnapshotClassName: " + snapshotClass + "\n"));
    return file;
  }

  /** One reconcile as the operator runs it, its status recorded on the resource. */
  private void reconcileRecorded() {
    var loop = new ReconcileLoop<>(new KubernetesPlatform(cluster.client, false, cluster.clock),
        new CredentialsGenerator(), cluster.clock);
    var resource = cluster.tracking();
    var report = loop.run(resource, SecretResolver.none(), ReconcileLoop.Listener.none());
    resource.setStatus(new StatusRecorder(cluster.clock).record(resource.getStatus(), report).status());
    cluster.client.resource(resource).updateStatus();
  }

  /** mlflowctl apply, then one reconcile as the operator would run it. */
  private void applyAndReconcile() {
    assertThat(cluster.cli().run("apply", "-f", KubernetesApplyTest.EXAMPLE)).isZero();
    var loop = new ReconcileLoop<>(new KubernetesPlatform(cluster.client, false, Clock.systemUTC()),
        new CredentialsGenerator());
    var report = loop.run(cluster.tracking(), SecretResolver.none(), ReconcileLoop.Listener.none());
    assertThat(report.sync()).isEqualTo(SyncResult.success());
  }
}
