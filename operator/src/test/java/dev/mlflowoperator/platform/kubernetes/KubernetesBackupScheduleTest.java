package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.KubernetesSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.reconcile.MockCluster;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled backups on Kubernetes, through the one reconcile loop on Fabric8's mock API server and a manual clock:
 * VolumeSnapshots of the data PVC taken when due, pruned past their kind's retention, never drift, reported in
 * status, and kept or deleted with the volume.
 */
class KubernetesBackupScheduleTest {
  private static final String NS = "ml";
  private static final String NAME = "tracking";
  private static final String PVC = "tracking-data";
  private static final String SNAPSHOT_CLASS = "csi-snapclass";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final MockCluster cluster = MockCluster.start();
  private final ReconcileLoop<ObservedStack, Plan> loop = new ReconcileLoop<>(
      new KubernetesPlatform(cluster.client, false, clock), new CredentialsGenerator());
  private final StatusRecorder recorder = new StatusRecorder(clock);
  private MlflowDeployment resource;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aDueKindIsSnapshottedOnceAndNotAgainBeforeItsPeriod() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.DAILY));

    assertThat(snapshots()).singleElement().satisfies(snapshot -> {
      assertThat(snapshot.getMetadata().getName()).isEqualTo("tracking-data-daily-20260301-000000");
      assertThat(snapshot.getMetadata().getLabels()).containsEntry(VolumeSnapshots.KIND_LABEL, "daily")
          .containsEntry(StackNames.INSTANCE_LABEL, NAME)
          .containsEntry(StackNames.MANAGED_BY_LABEL, StackNames.MANAGED_BY);
      assertThat(snapshot.getMetadata().getOwnerReferences()).isNullOrEmpty();
      assertThat((Object) snapshot.get("spec", "source", "persistentVolumeClaimName")).isEqualTo(PVC);
      assertThat((Object) snapshot.get("spec", "volumeSnapshotClassName")).isEqualTo(SNAPSHOT_CLASS);
    });

    clock.advance(Duration.ofHours(23).plusMinutes(59));
    reconcile();
    assertThat(snapshotNames()).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    reconcile();
    assertThat(snapshotNames()).containsExactlyInAnyOrder("tracking-data-daily-20260301-000000",
        "tracking-data-daily-20260302-000000");
  }

  @Test
  void eachKindIsPrunedPastItsRetentionAndAnotherOnesSnapshotIsNeverTouched() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.DAILY));
    resource.getSpec().backup.schedule = List.of();
    Instant now = clock.instant();
    for (var kind : Map.of("daily", 6, "weekly", 31, "monthly", 92).entrySet()) {
      Duration retention = Duration.ofDays(kind.getValue());
      create(snapshot("old-" + kind.getKey(), ours(kind.getKey()), now.minus(retention).minusSeconds(1)));
      create(snapshot("kept-" + kind.getKey(), ours(kind.getKey()), now.minus(retention).plusSeconds(1)));
    }
    create(snapshot("unlabelled", Map.of(), now.minus(Duration.ofDays(400))));
    var otherInstance = new LinkedHashMap<>(ours("daily"));
    otherInstance.put(StackNames.INSTANCE_LABEL, "other");
    create(snapshot("other-instance", otherInstance, now.minus(Duration.ofDays(400))));
    create(snapshot("before-upgrade", ours("beforeUpgrade"), now.minus(Duration.ofDays(400))));

    reconcile();

    assertThat(snapshotNames()).as("no kind is scheduled any more: none is taken, the old ones age out")
        .containsExactlyInAnyOrder("tracking-data-daily-20260301-000000", "kept-daily", "kept-weekly", "kept-monthly", "unlabelled", "other-instance",
            "before-upgrade");
  }

  @Test
  void ourSnapshotsOfAPvcARestoreReplacedArePrunedTooButNeverAManualOneNorOneOfAnotherPvc() {
    converge(spec -> spec.backup.schedule = List.of());
    // As a restore records the data PVC it moved the volume to (here the stack's own name, which keeps it in use).
    resource.getStatus().ids.put(VolumeRestore.VOLUME_ID, PVC);
    Instant old = clock.instant().minus(Duration.ofDays(100));
    create(snapshot("of-replaced-daily", ours("daily"), old, "tracking-data-0badcafe"));
    create(snapshot("of-replaced-monthly", ours("monthly"), old, "tracking-data-0badcafe"));
    create(snapshot("of-another-pvc", ours("daily"), old, "scratch"));
    create(snapshot("manual", ours("manual"), old, PVC));
    create(snapshot("manual-of-replaced", ours("manual"), old, "tracking-data-0badcafe"));

    reconcile();

    assertThat(snapshotNames()).containsExactlyInAnyOrder("of-another-pvc", "manual", "manual-of-replaced");
  }

  @Test
  void aSnapshotTakenOrPrunedOnScheduleIsNotDrift() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.WEEKLY));
    var driftBefore = resource.getStatus().drift;
    clock.advance(Duration.ofDays(40));

    var plan = loop.plan(resource, NamespaceSecrets.resolver(cluster.client, NS));
    var report = reconcile();

    assertThat(plan.lines()).containsExactly("+ VolumeSnapshot/tracking-data-weekly-20260410-000000 (weekly backup)",
        "- VolumeSnapshot/tracking-data-weekly-20260301-000000: weekly backup older than 31 days");
    assertThat(plan.driftReasons()).isEmpty();
    assertThat(report.drift()).isEmpty();
    assertThat(resource.getStatus().drift).isEqualTo(driftBefore);
    assertThat(snapshotNames()).containsExactly("tracking-data-weekly-20260410-000000");
  }

  @Test
  void theSteadyStateWritesNothingBetweenDueTimes() throws InterruptedException {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.DAILY, BackupKind.WEEKLY, BackupKind.MONTHLY));
    assertThat(snapshotNames()).hasSize(3);
    cluster.takeRequests();

    clock.advance(Duration.ofHours(12));
    reconcile();
    clock.advance(Duration.ofHours(11));
    reconcile();

    assertThat(cluster.takeRequests()).filteredOn(r -> !r.startsWith("GET ")).isEmpty();
  }

  @Test
  void statusShowsTheNewestReadySnapshotTheScheduleAndAFailureWithoutBlockingReady() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.DAILY));
    String first = "tracking-data-daily-20260301-000000";
    assertThat(resource.getStatus().backup.lastId).as("not ready yet").isNull();
    assertThat(resource.getStatus().backup.schedule).containsExactly("daily");

    setStatus(first, Map.of("readyToUse", true, "creationTime", "2026-03-01T00:00:05Z"));
    clock.advance(Duration.ofDays(1));
    reconcile();
    setStatus("tracking-data-daily-20260302-000000",
        Map.of("readyToUse", false, "error", Map.of("message", "the driver refused the snapshot")));
    reconcile();

    var status = resource.getStatus();
    assertThat(status.backup.lastId).isEqualTo(first);
    assertThat(status.backup.lastKind).isEqualTo("daily");
    assertThat(status.backup.lastTime).isEqualTo("2026-03-01T00:00:05Z");
    assertThat(status.backup.note).isNull();
    assertThat(status.components.get("storage").state).isEqualTo(ComponentStates.READY);
    assertThat(status.components.get("storage").message)
        .contains("tracking-data-daily-20260302-000000 failed: the driver refused the snapshot");
    assertThat(condition("Ready")).isEqualTo("True");
  }

  @Test
  void statusShowsTheNextScheduledSnapshotFromTheNewestOfEachKindAndItsPeriod() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.WEEKLY, BackupKind.DAILY));
    assertThat(resource.getStatus().backup.nextScheduled).isEqualTo("2026-03-02T00:00:00Z");
    assertThat(resource.getStatus().backup.nextKind).isEqualTo("daily");

    clock.advance(Duration.ofDays(6));
    reconcile();

    assertThat(resource.getStatus().backup.nextScheduled).as("the weekly from day 1, the daily taken on day 7")
        .isEqualTo("2026-03-08T00:00:00Z");
    assertThat(resource.getStatus().backup.nextKind).isEqualTo("weekly, daily");
  }

  @Test
  void whileTheFirstSnapshotWaitsForTheVolumeToBindTheBackupStatusStaysTheSameFromOneReconcileToTheNext() {
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    spec.kubernetes = new KubernetesSpec();
    spec.kubernetes.volumeSnapshotClassName = SNAPSHOT_CLASS;
    spec.backup.schedule = List.of(BackupKind.DAILY);
    var created = new MlflowDeployment();
    created.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).withGeneration(1L).build());
    created.setSpec(spec);
    resource = cluster.client.resource(created).create();
    reconcile();
    var first = resource.getStatus().backup;

    clock.advance(Duration.ofMinutes(1));
    var report = loop.run(resource, NamespaceSecrets.resolver(cluster.client, NS), ReconcileLoop.Listener.none());

    assertThat(snapshotNames()).as("the PVC is not bound yet").isEmpty();
    assertThat(first.nextScheduled).as("no time while the first snapshot waits").isNull();
    assertThat(report.backup()).usingRecursiveComparison().isEqualTo(first);
  }

  @Test
  void withAPostgresBackendStoreStatusSaysTheBackupsDoNotCoverIt() {
    cluster.client.resource(new SecretBuilder().withNewMetadata().withName("pg").withNamespace(NS).endMetadata()
        .addToStringData("uri", "postgresql://u:p@db:5432/mlflow").build()).create();
    converge(spec -> {
      spec.backup.schedule = List.of(BackupKind.DAILY);
      spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
      var ref = new SecretKeyRef();
      ref.name = "pg";
      ref.key = "uri";
      spec.mlflow.backendStore.uriSecretRef = ref;
    });

    assertThat(resource.getStatus().backup.note)
        .isEqualTo("the Postgres backend store is outside the volume, so these backups do not cover it");
  }

  @Test
  void deletionUnderRetainKeepsTheSnapshotsAndUnderDeleteRemovesOnlyOurs() {
    converge(spec -> spec.backup.schedule = List.of(BackupKind.DAILY));
    create(snapshot("someone-elses", Map.of(), clock.instant()));

    loop.delete(resource);
    assertThat(snapshotNames()).as("Retain").containsExactlyInAnyOrder("tracking-data-daily-20260301-000000",
        "someone-elses");

    resource.getSpec().deletionPolicy = DeletionPolicy.Delete;
    loop.delete(resource);
    assertThat(snapshotNames()).as("Delete").containsExactly("someone-elses");
    assertThat(cluster.client.persistentVolumeClaims().inNamespace(NS).withName(PVC).get()).isNull();
  }

  @Test
  void underDeleteOurSnapshotsGoEvenWhenThePvcWasDeletedFirst() {
    converge(spec -> {
      spec.backup.schedule = List.of(BackupKind.DAILY);
      spec.deletionPolicy = DeletionPolicy.Delete;
    });
    cluster.client.persistentVolumeClaims().inNamespace(NS).withName(PVC).delete();

    loop.delete(resource);

    assertThat(snapshotNames()).isEmpty();
  }

  /** Creates the resource with the snapshot class, reconciles, lets the rollout finish and reconciles again. */
  private void converge(Consumer<MlflowDeploymentSpec> customize) {
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    spec.kubernetes = new KubernetesSpec();
    spec.kubernetes.volumeSnapshotClassName = SNAPSHOT_CLASS;
    customize.accept(spec);
    var created = new MlflowDeployment();
    created.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).withGeneration(1L).build());
    created.setSpec(spec);
    resource = cluster.client.resource(created).create();
    reconcile();
    cluster.makeAvailable(NS, NAME);
    reconcile();
    assertThat(condition("Ready")).isEqualTo("True");
  }

  /** One reconcile as the operator runs it: the loop, then the status it records kept on the resource. */
  private ReconcileReport reconcile() {
    var report = loop.run(resource, NamespaceSecrets.resolver(cluster.client, NS), ReconcileLoop.Listener.none());
    resource.setStatus(recorder.record(resource.getStatus(), report).status());
    return report;
  }

  private String condition(String type) {
    return resource.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow()
        .getStatus();
  }

  private List<GenericKubernetesResource> snapshots() {
    return cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).list().getItems();
  }

  private List<String> snapshotNames() {
    return snapshots().stream().map(s -> s.getMetadata().getName()).toList();
  }

  private void setStatus(String name, Map<String, Object> status) {
    var snapshot = cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).withName(name)
        .get();
    snapshot.setAdditionalProperty("status", status);
    cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).resource(snapshot).update();
  }

  private static Map<String, String> ours(String kind) {
    var labels = new LinkedHashMap<>(new StackNames(NAME).labels(StackNames.COMPONENT_STORAGE));
    labels.put(VolumeSnapshots.KIND_LABEL, kind);
    return labels;
  }

  private static GenericKubernetesResource snapshot(String name, Map<String, String> labels, Instant requested) {
    return snapshot(name, labels, requested, PVC);
  }

  private static GenericKubernetesResource snapshot(String name, Map<String, String> labels, Instant requested,
      String claim) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("snapshot.storage.k8s.io/v1").withKind("VolumeSnapshot")
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels)
        .withAnnotations(Map.of(VolumeSnapshots.REQUESTED_ANNOTATION, requested.toString())).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("volumeSnapshotClassName", SNAPSHOT_CLASS,
            "source", Map.of("persistentVolumeClaimName", claim))))
        .build();
  }

  private void create(GenericKubernetesResource snapshot) {
    cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).resource(snapshot).create();
  }
}
