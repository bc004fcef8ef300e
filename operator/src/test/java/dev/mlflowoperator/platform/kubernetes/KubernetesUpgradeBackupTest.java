package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatformContractTest.KubernetesFixture;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An MLflow upgrade on the Kubernetes mock: the beforeUpgrade VolumeSnapshot comes first, the Deployment's image
 * changes only once the snapshot is readyToUse, and without a snapshot class the upgrade is refused naming the field.
 */
class KubernetesUpgradeBackupTest {
  private static final String TARGET = "3.17.0";
  private static final String NS = KubernetesPlatformContractTest.NAMESPACE;

  private final KubernetesFixture cluster = new KubernetesFixture();
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(cluster.platform(), new CredentialsGenerator());
  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  private final MlflowDeployment stack = cluster.deployment("tracking");

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void theSnapshotComesFirstAndTheImageChangesOnlyOnceItIsReadyToUse() {
    converge();
    String image = cluster.mlflowImage(stack);
    upgrade();

    run();

    var snapshot = cluster.snapshot(cluster.upgradeBackups(stack).get(0));
    assertThat(snapshot.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(snapshot.getMetadata().getAnnotations()).containsEntry(VolumeSnapshots.UPGRADE_TO_ANNOTATION, TARGET);
    assertThat(snapshot.getMetadata().getOwnerReferences()).as("kept with the volume").isNullOrEmpty();
    assertThat(cluster.mlflowImage(stack)).isEqualTo(image);

    cluster.finishBackups();
    run();

    assertThat(cluster.mlflowImage(stack)).endsWith(TARGET);
    cluster.finishRollouts();
    run();
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().backup.lastKind).isEqualTo(VolumeSnapshots.BEFORE_UPGRADE);
    assertThat(stack.getStatus().backup.lastId).isEqualTo(snapshot.getMetadata().getName());
  }

  @Test
  void aRestoreAskedForWithAnUpgradeLandsFirstAndTheSnapshotIsTakenOfTheRestoredPvcOnceItExists()
      throws InterruptedException {
    converge();
    String image = cluster.mlflowImage(stack);
    var names = new StackNames("tracking");
    var snapshot = VolumeSnapshots.render(names, NS,
        new VolumeComponent(StackNames.COMPONENT_STORAGE, names.dataVolume(), "1Gi", true, List.of()), "manual",
        "csi-snapclass", Instant.parse("2026-11-01T10:00:00Z"));
    snapshot.setAdditionalProperty("status", Map.of("readyToUse", true, "restoreSize", "1Gi"));
    String restoreFrom = cluster.client().genericKubernetesResources(VolumeSnapshots.CONTEXT)
        .inNamespace(NS).resource(snapshot).create().getMetadata().getName();
    stack.getMetadata().setAnnotations(Map.of(VolumeRestore.ANNOTATION, restoreFrom));
    upgrade();
    cluster.takeRequests();

    run();

    String restored = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    assertThat(restored).as("the restore landed").isNotNull().isNotEqualTo(names.dataVolume());
    var requests = cluster.takeRequests();
    int claimCreated = indexOf(requests, "POST /api/v1/namespaces/" + NS + "/persistentvolumeclaims");
    int backupCreated = indexOf(requests, "POST /apis/snapshot.storage.k8s.io/v1/namespaces/" + NS
        + "/volumesnapshots");
    assertThat(claimCreated).as("the restored PVC is created").isNotNegative();
    assertThat(backupCreated).as("the pre-upgrade snapshot is asked for after its PVC exists")
        .isGreaterThan(claimCreated);
    var backups = cluster.client().genericKubernetesResources(VolumeSnapshots.CONTEXT)
        .inNamespace(NS).list().getItems().stream()
        .filter(s -> VolumeSnapshots.BEFORE_UPGRADE.equals(VolumeSnapshots.kindOf(s))).toList();
    assertThat(backups).singleElement()
        .satisfies(backup -> assertThat((Object) backup.get("spec", "source", "persistentVolumeClaimName"))
            .as("of the PVC MLflow uses").isEqualTo(restored));
    assertThat(cluster.mlflowImage(stack)).isEqualTo(image);

    cluster.finishBackups();
    run();

    assertThat(cluster.mlflowImage(stack)).endsWith(TARGET);
  }

  private static int indexOf(List<String> requests, String prefix) {
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void withoutASnapshotClassTheUpgradeIsRefusedNamingTheFieldsWithoutAWrite() {
    converge();
    String image = cluster.mlflowImage(stack);
    stack.getSpec().kubernetes.volumeSnapshotClassName = null;
    upgrade();
    long writes = cluster.writes();

    run();

    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeWithoutBackupRefused");
    assertThat(condition(StatusRecorder.SYNCED).getMessage())
        .contains("spec.kubernetes.volumeSnapshotClassName", "spec.backup.beforeUpgrade: false");
    assertThat(cluster.writes() - writes).isZero();
    assertThat(cluster.mlflowImage(stack)).isEqualTo(image);
  }

  @Test
  void onceTheSnapshotClassIsSetAfterTheRefusalTheNextRunTakesTheSnapshot() {
    converge();
    String snapshotClass = stack.getSpec().kubernetes.volumeSnapshotClassName;
    stack.getSpec().kubernetes.volumeSnapshotClassName = null;
    upgrade();
    run();
    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeWithoutBackupRefused");

    stack.getSpec().kubernetes.volumeSnapshotClassName = snapshotClass;
    stack.getMetadata().setGeneration(3L);
    run();

    assertThat(cluster.upgradeBackups(stack)).as("nothing was requested by the refused run").hasSize(1);
    assertThat(condition(StatusRecorder.READY).getReason()).isEqualTo("Upgrading");
    assertThat(condition(StatusRecorder.READY).getMessage()).contains("(backup " + cluster.upgradeBackups(stack).get(0));
  }

  @Test
  void withBeforeUpgradeOffTheNewVersionRollsOutAtOnceWithoutABackup() {
    converge();
    stack.getSpec().backup.beforeUpgrade = false;
    upgrade();

    run();

    assertThat(cluster.mlflowImage(stack)).endsWith(TARGET);
    assertThat(cluster.upgradeBackups(stack)).isEmpty();
  }

  private void converge() {
    stack.getSpec().mlflow.version = "3.14.0";
    run();
    cluster.finishRollouts();
    run();
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
  }

  private void upgrade() {
    stack.getSpec().mlflow.version = TARGET;
    stack.getMetadata().setGeneration(2L);
  }

  private void run() {
    var report = loop.run(stack, SecretResolver.none(), ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
  }

  private Condition condition(String type) {
    return stack.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
