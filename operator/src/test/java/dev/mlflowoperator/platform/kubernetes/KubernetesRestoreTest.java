package dev.mlflowoperator.platform.kubernetes;

import static dev.mlflowoperator.platform.kubernetes.KubernetesPlatformContractTest.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatformContractTest.KubernetesFixture;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restore on the Kubernetes mock, asked for with the {@code mlflow-operator.dev/restore-from} annotation: a new PVC
 * cut from the snapshot, MLflow moved onto it, the old PVC kept and labelled, the new one recorded in status.ids; a
 * snapshot that is not the stack's is refused before any write.
 */
class KubernetesRestoreTest {
  private final KubernetesFixture cluster = new KubernetesFixture();
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(cluster.platform(), new CredentialsGenerator());
  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  private final MlflowDeployment stack = cluster.deployment("tracking");
  private final StackNames names = new StackNames("tracking");

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void aRestoreCutsANewPvcFromTheSnapshotMovesMlflowOntoItAndKeepsTheOldOneLabelled() {
    converge();
    String snapshot = snapshotOf(names.dataVolume(), "20261101-100000", true);

    restore(snapshot);

    String restored = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    assertThat(restored).matches("tracking-data-[0-9a-f]{8}");
    PersistentVolumeClaim claim = claim(restored);
    assertThat(claim.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
    assertThat(claim.getSpec().getDataSource().getApiGroup()).isEqualTo("snapshot.storage.k8s.io");
    assertThat(claim.getSpec().getDataSource().getName()).isEqualTo(snapshot);
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo(stack.getSpec().storage.size);
    assertThat(mlflowClaims()).containsExactly(restored);
    assertThat(claim(names.dataVolume()).getMetadata().getLabels())
        .containsEntry(VolumeRestore.REPLACED_LABEL, "true");
    assertThat(stack.getStatus().ids).containsEntry(VolumeRestore.VOLUME_ID, restored)
        .containsEntry(VolumeRestore.RESTORED_ID, snapshot)
        .containsKey("PersistentVolumeClaim/" + restored)
        .doesNotContainKey("PersistentVolumeClaim/" + names.dataVolume());
    assertThat(condition(StatusRecorder.SYNCED).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().drift).as("a restore asked for is not drift").isNull();

    cluster.finishRollouts();
    run();
    long writes = cluster.writes();
    run();

    assertThat(cluster.writes() - writes).as("the same snapshot is restored once").isZero();
    assertThat(mlflowClaims()).containsExactly(restored);
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
  }

  @Test
  void aSecondRestoreMovesMlflowAgainAndKeepsBothEarlierPvcs() {
    converge();
    String first = snapshotOf(names.dataVolume(), "20261101-100000", true);
    restore(first);
    String firstClaim = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    String second = snapshotOf(firstClaim, "20261101-110000", true);

    restore(second);

    String secondClaim = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    assertThat(secondClaim).isNotIn(names.dataVolume(), firstClaim);
    assertThat(mlflowClaims()).containsExactly(secondClaim);
    assertThat(claim(secondClaim).getSpec().getDataSource().getName()).isEqualTo(second);
    assertThat(List.of(claim(names.dataVolume()), claim(firstClaim)))
        .allSatisfy(kept -> assertThat(kept.getMetadata().getLabels())
            .containsEntry(VolumeRestore.REPLACED_LABEL, "true"));
    assertThat(stack.getStatus().ids).containsEntry(VolumeRestore.VOLUME_ID, secondClaim);
  }

  @Test
  void restoringAnEarlierSnapshotAgainCutsAFreshPvcFromItNotThePvcItGaveBefore() {
    converge();
    String first = snapshotOf(names.dataVolume(), "20261101-100000", true);
    restore(first);
    String firstClaim = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    restore(snapshotOf(firstClaim, "20261101-110000", true));

    restore(first);

    String again = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);
    assertThat(again).isNotEqualTo(firstClaim);
    assertThat(mlflowClaims()).containsExactly(again);
    assertThat(claim(again).getSpec().getDataSource().getName()).isEqualTo(first);
    assertThat(claim(firstClaim).getMetadata().getLabels()).containsEntry(VolumeRestore.REPLACED_LABEL, "true");
  }

  @Test
  void underDeletionPolicyDeleteTheStackGoesWithEveryDataPvcAndUnderRetainAllStay() {
    converge();
    restore(snapshotOf(names.dataVolume(), "20261101-100000", true));
    String restored = stack.getStatus().ids.get(VolumeRestore.VOLUME_ID);

    cluster.platform().delete(new Stack(stack, SecretResolver.none()));

    assertThat(List.of(claim(names.dataVolume()), claim(restored))).as("Retain keeps both").doesNotContainNull();

    stack.getSpec().deletionPolicy = DeletionPolicy.Delete;
    cluster.platform().delete(new Stack(stack, SecretResolver.none()));

    assertThat(claim(names.dataVolume())).isNull();
    assertThat(claim(restored)).isNull();
  }

  @Test
  void aSnapshotThatIsNotTheStacksIsRefusedNamingTheAnnotationWithoutAWrite() {
    converge();
    String foreign = snapshotOf("someone-elses-data", "20261101-100000", true);
    long writes = cluster.writes();

    restore(foreign);

    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("RestoreSnapshotRefused");
    assertThat(condition(StatusRecorder.SYNCED).getMessage())
        .contains(VolumeRestore.ANNOTATION, foreign, "someone-elses-data");
    assertThat(cluster.writes() - writes).isZero();
    assertThat(mlflowClaims()).containsExactly(names.dataVolume());
  }

  @Test
  void aMissingSnapshotIsRefusedAndOneNotReadyWaitsWithoutAWrite() {
    converge();
    long writes = cluster.writes();

    restore("tracking-data-daily-20990101-000000");

    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("RestoreSnapshotRefused");
    assertThat(condition(StatusRecorder.SYNCED).getMessage()).contains(VolumeRestore.ANNOTATION);

    String pending = snapshotOf(names.dataVolume(), "20261101-100000", false);
    restore(pending);

    assertThat(condition(StatusRecorder.SYNCED).getReason()).isEqualTo("RestoreSnapshotNotReady");
    assertThat(cluster.writes() - writes).isZero();
    assertThat(mlflowClaims()).containsExactly(names.dataVolume());
  }

  private void converge() {
    run();
    cluster.finishRollouts();
    run();
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
  }

  /**
   * A manual VolumeSnapshot with the stack's labels of the named PVC, taken out of band (as mlflowctl backup create
   * would): never pruned, whatever the platform's clock says of its age.
   */
  private String snapshotOf(String claim, String time, boolean ready) {
    var volume = new VolumeComponent(StackNames.COMPONENT_STORAGE, claim, "10Gi", true, List.of());
    var snapshot = VolumeSnapshots.render(names, NAMESPACE, volume, "manual", "csi-snapclass",
        Instant.parse("2026-11-01T10:00:00Z"));
    snapshot.getMetadata().setName(claim + "-manual-" + time);
    if (ready) {
      snapshot.setAdditionalProperty("status", Map.of("readyToUse", true, "restoreSize", "1Gi"));
    }
    GenericKubernetesResource created = cluster.client().genericKubernetesResources(VolumeSnapshots.CONTEXT)
        .inNamespace(NAMESPACE).resource(snapshot).create();
    return created.getMetadata().getName();
  }

  private void restore(String snapshot) {
    stack.getMetadata().setAnnotations(Map.of(VolumeRestore.ANNOTATION, snapshot));
    run();
  }

  private PersistentVolumeClaim claim(String name) {
    return cluster.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName(name).get();
  }

  private List<String> mlflowClaims() {
    return cluster.client().apps().deployments().inNamespace(NAMESPACE).withName(names.mlflow()).get().getSpec()
        .getTemplate().getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
        .map(Volume::getPersistentVolumeClaim).map(c -> c.getClaimName()).toList();
  }

  private void run() {
    var report = loop.run(stack, SecretResolver.none(), ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
  }

  private Condition condition(String type) {
    return stack.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
