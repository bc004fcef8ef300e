package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import dev.mlflowoperator.platform.kubernetes.VolumeSnapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator takes a restore up as soon as the {@code mlflow-operator.dev/restore-from} annotation is set, although
 * an annotation does not change the resource's generation.
 */
class KubernetesRestoreOperatorTest extends OperatorTestBase {
  @Test
  void settingTheRestoreAnnotationRestoresAtOnce() {
    create("restored", spec -> {});
    awaitSynced("restored", 1);
    cluster.makeAvailable(NS, "restored");
    awaitStatus("restored", s -> assertThat(condition(s, "Ready").getStatus()).isEqualTo("True"));
    var names = new StackNames("restored");
    String snapshot = names.dataVolume() + "-daily-20261101-100000";
    client.genericKubernetesResources(VolumeSnapshots.CONTEXT).inNamespace(NS).resource(
        new GenericKubernetesResourceBuilder().withApiVersion("snapshot.storage.k8s.io/v1")
            .withKind(VolumeSnapshots.KIND).withNewMetadata().withName(snapshot).withNamespace(NS)
            .withLabels(names.labels(StackNames.COMPONENT_STORAGE)).endMetadata()
            .withAdditionalProperties(Map.of(
                "spec", Map.of("source", Map.of("persistentVolumeClaimName", names.dataVolume())),
                "status", Map.of("readyToUse", true)))
            .build()).create();

    edit("restored", resource -> {
      var annotations = new HashMap<String, String>();
      annotations.put(VolumeRestore.ANNOTATION, snapshot);
      resource.getMetadata().setAnnotations(annotations);
    });

    // Ready, so the operator would otherwise look again only after five minutes.
    awaitStatus("restored", s -> assertThat(s.ids).containsEntry(VolumeRestore.RESTORED_ID, snapshot));
    assertThat(cr("restored").get().getMetadata().getGeneration()).as("an annotation is not a spec change")
        .isEqualTo(1L);
    String restored = status("restored").ids.get(VolumeRestore.VOLUME_ID);
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(restored).get().getSpec().getDataSource()
        .getName()).isEqualTo(snapshot);
  }
}
