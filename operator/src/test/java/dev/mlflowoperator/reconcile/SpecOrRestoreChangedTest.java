package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of a resource start a reconcile at once: the annotations that ask for work do; a status write does not. */
class SpecOrRestoreChangedTest {
  private final SpecOrRestoreChanged filter = new SpecOrRestoreChanged();

  @Test
  void aNewOrChangedRotateAnnotationStartsAReconcileThoughTheGenerationStays() {
    var before = resource(Map.of());
    var asked = resource(Map.of(RotateAnnotation.NAME, "alice@1"));
    var askedAgain = resource(Map.of(RotateAnnotation.NAME, "alice@2"));

    assertThat(filter.accept(asked, before)).isTrue();
    assertThat(filter.accept(askedAgain, asked)).isTrue();
  }

  @Test
  void aRestoreAnnotationStartsOneAndAStatusWriteNone() {
    var before = resource(Map.of(RotateAnnotation.NAME, "alice@1"));
    var statusWritten = Serialization.clone(before);
    statusWritten.setStatus(new MlflowDeploymentStatus());

    assertThat(filter.accept(resource(Map.of(VolumeRestore.ANNOTATION, "snap-1")), resource(Map.of()))).isTrue();
    assertThat(filter.accept(statusWritten, before)).isFalse();
  }

  private static MlflowDeployment resource(Map<String, String> annotations) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("team").withNamespace("ml").withGeneration(1L)
        .withAnnotations(annotations).build());
    return resource;
  }
}
