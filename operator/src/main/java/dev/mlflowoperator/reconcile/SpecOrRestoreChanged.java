package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an MlflowDeployment start a reconcile: a new generation (the spec changed), as JOSDK's
 * generation-aware default, and also a changed {@code mlflow-operator.dev/restore-from} or
 * {@code mlflow-operator.dev/rotate} annotation, which leave the generation alone; its finalizer or deletion mark
 * too, as JOSDK does. Status writes start none.
 */
public final class SpecOrRestoreChanged implements OnUpdateFilter<MlflowDeployment> {
  @Override
  public boolean accept(MlflowDeployment updated, MlflowDeployment previous) {
    Long before = previous.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    return before == null || after == null || after > before
        || !Objects.equals(restoreFrom(updated), restoreFrom(previous))
        || !Objects.equals(RotateAnnotation.value(updated), RotateAnnotation.value(previous))
        || !Objects.equals(updated.getMetadata().getFinalizers(), previous.getMetadata().getFinalizers())
        || updated.isMarkedForDeletion() && !previous.isMarkedForDeletion();
  }

  private static String restoreFrom(MlflowDeployment resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(VolumeRestore.ANNOTATION);
  }
}
