package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.UpgradeRollback;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatformContractTest.KubernetesFixture;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.validation.SpecChangeGuard;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rollback on the Kubernetes mock, asked for with {@code mlflow-operator.dev/restore-from} (the pre-upgrade
 * VolumeSnapshot) and {@code mlflow-operator.dev/rollback-upgrade}: MLflow goes back to 3.14.0 on a PVC cut from that
 * snapshot in one Deployment update, and stays there while the spec still asks for 3.17.0.
 */
class KubernetesRollbackTest {
  private static final String OLD_IMAGE = "ghcr.io/mlflow/mlflow:v3.14.0";
  private static final String NEW_IMAGE = "ghcr.io/mlflow/mlflow:v3.17.0";

  private final KubernetesFixture cluster = new KubernetesFixture();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(cluster.platform(), new CredentialsGenerator(), clock);
  private final StatusRecorder recorder = new StatusRecorder(clock);
  private final MlflowDeployment stack = cluster.deployment("tracking");
  private final StackNames names = new StackNames("tracking");

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void afterUpgradeFailedTheOldImageAndTheRestoredPvcLandInOneDeploymentUpdateAndStay() {
    String backup = upgradeTo317();
    cluster.holdMlflowRollouts(stack);
    clock.advance(Duration.ofMinutes(16));
    run();
    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeFailed");
    assertThat(condition(StatusRecorder.SYNCED).getMessage()).contains("run mlflowctl rollback tracking --cluster -n "
        + stack.getMetadata().getNamespace());
    int before = cluster.writeLog().size();

    rollBack(backup);

    String restored = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    assertThat(restored).matches("tracking-data-[0-9a-f]{8}");
    assertThat(mlflowClaims()).containsExactly(restored);
    assertThat(cluster.mlflowImage(stack)).isEqualTo(OLD_IMAGE);
    List<String> deploymentWrites = cluster.writeLog().subList(before, cluster.writeLog().size()).stream()
        .filter(w -> w.contains("/deployments/" + names.mlflow())).toList();
    assertThat(deploymentWrites).singleElement().asString().contains(OLD_IMAGE, restored).doesNotContain(NEW_IMAGE);
    assertThat(stack.getStatus().ids).containsEntry(VolumeRestore.RESTORED_ID, backup)
        .containsEntry(SpecChangeGuard.ROLLED_BACK_FROM, "3.17.0").containsEntry(SpecChangeGuard.ROLLED_BACK_TO, "3.14.0")
        .doesNotContainKeys(ReconcileLoop.upgradeBackupKey("3.17.0"), UpgradeRollback.fromKey("3.17.0"));
    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeRolledBack");
    assertThat(condition(StatusRecorder.SYNCED).getMessage()).contains("Set spec.mlflow.version: 3.14.0");

    cluster.finishRollouts();
    run();
    long writes = cluster.writes();
    clock.advance(Duration.ofHours(1));
    run();

    assertThat(stack.getStatus().mlflowVersion).isEqualTo("3.14.0");
    assertThat(cluster.writes() - writes).as("kept at 3.14.0: no new backup, no new rollout").isZero();
    assertThat(cluster.upgradeBackups(stack)).containsExactly(backup);
    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeRolledBack");
  }

  @Test
  void afterASuccessfulUpgradeItIsADowngradeOnTheBackupAndTheSpecAtTheOldVersionIsThenSynced() {
    String backup = upgradeTo317();
    cluster.finishRollouts();
    run();
    assertThat(stack.getStatus().mlflowVersion).isEqualTo("3.17.0");

    rollBack(backup);
    cluster.finishRollouts();
    run();

    assertThat(cluster.mlflowImage(stack)).isEqualTo(OLD_IMAGE);
    assertThat(stack.getStatus().mlflowVersion).isEqualTo("3.14.0");
    stack.getSpec().mlflow.version = "3.14.0";
    stack.getMetadata().setGeneration(3L);
    run();
    assertThat(condition(StatusRecorder.SYNCED).getStatus()).isEqualTo("True");
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().ids).doesNotContainKeys(SpecChangeGuard.ROLLED_BACK_FROM);
  }

  @Test
  void theRollbackAnnotationWithoutTheRestoreOfThePreUpgradeSnapshotChangesNoVersion() {
    upgradeTo317();
    cluster.finishRollouts();
    run();

    stack.getMetadata().setAnnotations(Map.of(UpgradeRollback.ANNOTATION, "3.17.0"));
    run();

    assertThat(cluster.mlflowImage(stack)).isEqualTo(NEW_IMAGE);
    assertThat(condition(StatusRecorder.SYNCED).getStatus()).isEqualTo("True");
  }

  /** Converges at 3.14.0, then upgrades to 3.17.0 through its backup; returns that VolumeSnapshot's name. */
  private String upgradeTo317() {
    stack.getSpec().mlflow.version = "3.14.0";
    run();
    cluster.finishRollouts();
    run();
    stack.getSpec().mlflow.version = "3.17.0";
    stack.getMetadata().setGeneration(2L);
    run();
    cluster.finishBackups();
    run();
    assertThat(cluster.mlflowImage(stack)).isEqualTo(NEW_IMAGE);
    assertThat(stack.getStatus().ids).containsEntry(UpgradeRollback.fromKey("3.17.0"), "3.14.0");
    return stack.getStatus().ids.get(ReconcileLoop.upgradeBackupKey("3.17.0"));
  }

  private void rollBack(String snapshot) {
    stack.getMetadata().setAnnotations(Map.of(VolumeRestore.ANNOTATION, snapshot, UpgradeRollback.ANNOTATION, "3.17.0"));
    run();
  }

  private List<String> mlflowClaims() {
    return cluster.client().apps().deployments().inNamespace(stack.getMetadata().getNamespace())
        .withName(names.mlflow()).get().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null).map(Volume::getPersistentVolumeClaim)
        .map(c -> c.getClaimName()).toList();
  }

  private void run() {
    var report = loop.run(stack, SecretResolver.none(), ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
  }

  private Condition condition(String type) {
    return stack.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
