package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import dev.mlflowoperator.platform.kubernetes.VolumeSnapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mlflowctl backup list|create --cluster against Fabric8's mock API server: the test plays the operator (the PVC it
 * recorded) and the snapshot controller (readyToUse, error).
 */
class ClusterBackupCommandTest {
  private static final String NS = ClusterCli.NAMESPACE;
  private static final String MANUAL = "tracking-data-manual-20261126-120000";

  @RegisterExtension final ClusterCli cluster = new ClusterCli();

  @Test
  void listShowsOnlyOurSnapshotsOfTheStacksPvcsNewestFirstWithKindReadinessAndSize() throws IOException {
    applied("csi-snapclass");
    create(snapshot("tracking-data-daily-20261120-000000", ours("daily"), "tracking-data",
        Map.of("readyToUse", true, "creationTime", "2026-11-20T00:00:03Z", "restoreSize", "5Gi")));
    create(snapshot("tracking-data-1a2b3c4d-manual-20261125-090000", ours("manual"), "tracking-data-1a2b3c4d",
        Map.of("readyToUse", false)));
    create(snapshot("tracking-data-beforeupgrade-20261124-000000", ours("beforeUpgrade"), "tracking-data",
        Map.of("readyToUse", false, "creationTime", "2026-11-24T00:00:00Z",
            "error", Map.of("message", "driver refused"))));
    create(snapshot("labelled-but-of-another-pvc", ours("daily"), "other-data", Map.of()));
    create(snapshot("someone-elses", Map.of(), "tracking-data", Map.of()));

    var list = cluster.cli();
    assertThat(list.run("backup", "list", "tracking", "--cluster")).as(list.err()).isZero();

    assertThat(list.out()).isEqualTo("""
        NAME                                           KIND           PVC                     CREATED               READY                   SIZE
        tracking-data-1a2b3c4d-manual-20261125-090000  manual         tracking-data-1a2b3c4d  2026-11-25T09:00:00Z  false                   -
        tracking-data-beforeupgrade-20261124-000000    beforeUpgrade  tracking-data           2026-11-24T00:00:00Z  failed: driver refused  -
        tracking-data-daily-20261120-000000            daily          tracking-data           2026-11-20T00:00:03Z  true                    5Gi
        """);
  }

  @Test
  void listOfAnUnknownNameIsAOneLineErrorNamingTheNamespace() throws IOException {
    applied("csi-snapclass");

    var list = cluster.cli();
    assertThat(list.run("backup", "list", "experiments", "--cluster")).isEqualTo(1);

    assertThat(list.err()).isEqualTo("error: no MlflowDeployment named \"experiments\" in namespace ml of the cluster;"
        + " list them with kubectl get mlflowdeployments -A, and pick one with -n NAMESPACE\n");
  }

  @Test
  void createMakesAManualSnapshotOfThePvcInUseWithOurLabelsAndTheSpecsClass() throws IOException {
    applied("csi-snapclass");
    operatorRecorded("tracking-data-1a2b3c4d");

    var create = cluster.cli();
    assertThat(create.run("backup", "create", "tracking", "--cluster")).as(create.err()).isZero();

    String name = "tracking-data-1a2b3c4d-manual-20261126-120000";
    assertThat(create.out()).isEqualTo("backup of tracking started (VolumeSnapshot " + name + ")\n");
    var snapshot = snapshots().get(name);
    assertThat(snapshot.getMetadata().getLabels()).containsEntry(VolumeSnapshots.KIND_LABEL, "manual")
        .containsEntry(StackNames.INSTANCE_LABEL, "tracking")
        .containsEntry(StackNames.MANAGED_BY_LABEL, StackNames.MANAGED_BY);
    assertThat((Object) snapshot.get("spec", "source", "persistentVolumeClaimName")).isEqualTo("tracking-data-1a2b3c4d");
    assertThat((Object) snapshot.get("spec", "volumeSnapshotClassName")).isEqualTo("csi-snapclass");
    assertThat(snapshot.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void createWithoutASnapshotClassIsRefusedNamingTheFieldAndCreatesNothing() throws IOException {
    applied(null);
    operatorRecorded("tracking-data");

    var create = cluster.cli();
    assertThat(create.run("backup", "create", "tracking", "--cluster")).isEqualTo(1);

    assertThat(create.err()).isEqualTo("error: spec.kubernetes.volumeSnapshotClassName of tracking is not set: a"
        + " VolumeSnapshot needs a class; set it to one of kubectl get volumesnapshotclasses and apply; nothing was"
        + " created\n");
    assertThat(snapshots()).isEmpty();
  }

  @Test
  void createBeforeTheOperatorMadeThePvcIsRefusedAndCreatesNothing() throws IOException {
    applied("csi-snapclass");

    var create = cluster.cli();
    assertThat(create.run("backup", "create", "tracking", "--cluster")).isEqualTo(1);

    assertThat(create.err()).isEqualTo("error: no data volume of tracking is recorded yet (PVC tracking-data); once the"
        + " operator has created it (mlflowctl status tracking --cluster), try again; nothing was created\n");
    assertThat(snapshots()).isEmpty();
  }

  @Test
  void createWaitEndsOnceTheSnapshotIsReadyToUse() throws Exception {
    applied("csi-snapclass");
    operatorRecorded("tracking-data");

    var create = cluster.cli();
    var run = CompletableFuture.supplyAsync(() -> create.run("backup", "create", "tracking", "--cluster", "--wait",
        "--timeout", "1000h"));
    await().atMost(Duration.ofSeconds(10)).until(() -> snapshots().containsKey(MANUAL));
    setStatus(MANUAL, Map.of("readyToUse", true, "creationTime", "2026-11-26T12:00:02Z"));

    assertThat(run.get(20, TimeUnit.SECONDS)).as(create.err()).isZero();
    assertThat(create.out()).isEqualTo("backup of tracking started (VolumeSnapshot " + MANUAL + ")\n"
        + "backup of tracking completed\n");
  }

  @Test
  void createWaitExitsOneWithTheSnapshotsError() throws Exception {
    applied("csi-snapclass");
    operatorRecorded("tracking-data");

    var create = cluster.cli();
    var run = CompletableFuture.supplyAsync(() -> create.run("backup", "create", "tracking", "--cluster", "--wait",
        "--timeout", "1000h"));
    await().atMost(Duration.ofSeconds(10)).until(() -> snapshots().containsKey(MANUAL));
    setStatus(MANUAL, Map.of("readyToUse", false, "error", Map.of("message", "driver refused")));

    assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(create.err()).isEqualTo("error: the backup of tracking did not complete: VolumeSnapshot " + MANUAL
        + " is Error: driver refused; check the snapshot class and its CSI driver\n");
  }

  @Test
  void createWaitTimesOutWithExitThreeWhileTheSnapshotIsNotReady() throws IOException {
    applied("csi-snapclass");
    operatorRecorded("tracking-data");

    var create = cluster.cli();
    assertThat(create.run("backup", "create", "tracking", "--cluster", "--wait", "--timeout", "10s")).isEqualTo(3);

    assertThat(create.err()).isEqualTo("error: the backup of tracking has not completed after 10s; it goes on in the"
        + " cluster: run mlflowctl backup list tracking --cluster later\n");
  }

  /** Applies the example with the snapshot class given (none for null). */
  private void applied(String snapshotClass) throws IOException {
    String example = Files.readString(Path.of(KubernetesApplyTest.EXAMPLE));
    if (snapshotClass != null) {
      example = example.replace("  target: kubernetes\n", "  target: kubernetes\n  kubernetes:\n"
          + "    volumeSnapshotClassName: " + snapshotClass + "\n");
    }
    Path spec = Files.writeString(cluster.home().resolve("spec.yaml"), example);
    var apply = cluster.cli();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
  }

  /** Plays the operator: it created the data PVC {@code claim} (after a restore when not the stack's own). */
  private void operatorRecorded(String claim) {
    var status = new MlflowDeploymentStatus();
    status.ids = new HashMap<>();
    status.ids.put("PersistentVolumeClaim/" + claim, "uid-1");
    if (!claim.equals("tracking-data")) {
      status.ids.put(VolumeRestore.VOLUME_ID, claim);
    }
    var current = cluster.tracking();
    current.setStatus(status);
    cluster.client.resource(current).updateStatus();
  }

  private Map<String, GenericKubernetesResource> snapshots() {
    var byName = new LinkedHashMap<String, GenericKubernetesResource>();
    cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).list().getItems()
        .forEach(s -> byName.put(s.getMetadata().getName(), s));
    return byName;
  }

  private void setStatus(String name, Map<String, Object> status) {
    var snapshot = snapshots().get(name);
    snapshot.setAdditionalProperty("status", status);
    cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).resource(snapshot).update();
  }

  private void create(GenericKubernetesResource snapshot) {
    cluster.client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).resource(snapshot).create();
  }

  private static Map<String, String> ours(String kind) {
    var labels = new LinkedHashMap<>(new StackNames("tracking").labels(StackNames.COMPONENT_STORAGE));
    labels.put(VolumeSnapshots.KIND_LABEL, kind);
    return labels;
  }

  /** A snapshot asked for at the time in its name (yyyyMMdd-HHmmss at its end), else on 2026-11-01. */
  private static GenericKubernetesResource snapshot(String name, Map<String, String> labels, String claim,
      Map<String, Object> status) {
    var stamp = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})-(\\d{2})(\\d{2})(\\d{2})$").matcher(name);
    String requested = stamp.find() ? "%s-%s-%sT%s:%s:%sZ".formatted(stamp.group(1), stamp.group(2), stamp.group(3),
        stamp.group(4), stamp.group(5), stamp.group(6)) : "2026-11-01T00:00:00Z";
    var builder = new GenericKubernetesResourceBuilder()
        .withApiVersion("snapshot.storage.k8s.io/v1").withKind("VolumeSnapshot")
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels)
        .withAnnotations(Map.of(VolumeSnapshots.REQUESTED_ANNOTATION, requested)).endMetadata();
    var properties = new HashMap<String, Object>();
    properties.put("spec", Map.of("volumeSnapshotClassName", "csi-snapclass",
        "source", Map.of("persistentVolumeClaimName", claim)));
    if (!status.isEmpty()) {
      properties.put("status", status);
    }
    return builder.withAdditionalProperties(properties).build();
  }
}
