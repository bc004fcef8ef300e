package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an existing object belongs to an MlflowDeployment: it carries our managed-by and instance labels,
 * and this resource's owner reference; a PVC may also have no MlflowDeployment owner (a volume kept under Retain).
 * An object that is not ours is never changed or deleted.
 */
public final class Ownership {
  /** The Synced reason while an object with one of the stack's names belongs to someone else. */

  private Ownership() {}

  public static boolean isOurs(HasMetadata object, MlflowDeployment resource) {
    return whyNotOurs(object, resource).isEmpty();
  }

  /**
   * Throws, before anything is written, when an object of the stack exists but is not this resource's, naming each
   * such object and what the user can do.
   */
  public static void refuseForeign(Iterable<? extends HasMetadata> objects, MlflowDeployment resource) {
    var foreign = new ArrayList<String>();
    for (HasMetadata object : objects) {
      whyNotOurs(object, resource).ifPresent(why -> foreign.add(ObjectKeys.of(object) + " (" + why + ")"));
    }
    if (!foreign.isEmpty()) {
      throw new TerminalException(Reasons.OBJECT_NOT_OWNED, String.join(", ", foreign)
          + (foreign.size() == 1 ? " already exists and is" : " already exist and are")
          + " not managed by this MlflowDeployment, so the operator changes nothing; rename or remove "
          + (foreign.size() == 1 ? "it" : "them") + ", or give the MlflowDeployment another name.");
    }
  }

  private static Optional<String> whyNotOurs(HasMetadata object, MlflowDeployment resource) {
    String name = resource.getMetadata().getName();
    var labels = object.getMetadata().getLabels();
    if (labels == null
        || !StackNames.MANAGED_BY.equals(labels.get(StackNames.MANAGED_BY_LABEL))
        || !name.equals(labels.get(StackNames.INSTANCE_LABEL))) {
      return Optional.of("it lacks the labels " + StackNames.MANAGED_BY_LABEL + "=" + StackNames.MANAGED_BY
          + " and " + StackNames.INSTANCE_LABEL + "=" + name);
    }
    List<String> owners = ManagedFields.ourOwners(object.getMetadata().getOwnerReferences());
    boolean retainedVolume = object instanceof PersistentVolumeClaim && owners.isEmpty();
    if (!retainedVolume && !owners.equals(List.of(String.valueOf(resource.getMetadata().getUid())))) {
      return Optional.of(owners.isEmpty() ? "it has no owner reference to this MlflowDeployment"
          : "it is owned by another MlflowDeployment");
    }
    return Optional.empty();
  }
}
