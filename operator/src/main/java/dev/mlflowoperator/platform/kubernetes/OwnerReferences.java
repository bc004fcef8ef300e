package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builds and recognises the owner reference from a managed object to its MlflowDeployment. */
public final class OwnerReferences {
  private OwnerReferences() {}

  public static OwnerReference to(MlflowDeployment owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(MlflowDeployment.API_VERSION)
        .withKind(MlflowDeployment.KIND)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static boolean isOurs(OwnerReference ref) {
    return MlflowDeployment.KIND.equals(ref.getKind())
        && ref.getApiVersion() != null
        && ref.getApiVersion().startsWith(MlflowDeployment.GROUP + "/");
  }

  /** The observed references with ours replaced by the desired ones; other owners stay. */
  static List<OwnerReference> merge(HasMetadata observed, HasMetadata desired) {
    var refs = new ArrayList<OwnerReference>();
    var current = observed.getMetadata().getOwnerReferences();
    if (current != null) {
      current.stream().filter(r -> !isOurs(r)).forEach(refs::add);
    }
    var wanted = desired.getMetadata().getOwnerReferences();
    if (wanted != null) {
      refs.addAll(wanted);
    }
    return refs;
  }
}
