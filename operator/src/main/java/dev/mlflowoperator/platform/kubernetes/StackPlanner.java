package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.validation.SpecChangeGuard;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;

/** Diffs the desired stack against what was observed. Pure: reads nothing, changes nothing. */
final class StackPlanner {
  private StackPlanner() {}

  /**
   * The changes in apply order, then the deletion of each leftover; throws TerminalException, before any change, when the plan would shrink the volume.
   */
  static Plan plan(KubernetesStack desired, ObservedStack observed) {
    desired.all(PersistentVolumeClaim.class).forEach(volume -> refuseShrink(volume, observed));
    var changes = new ArrayList<Change>();
    for (HasMetadata object : desired.inApplyOrder()) {
      var current = observed.get(object);
      if (current.isEmpty()) {
        changes.add(new Change.Create(object));
        continue;
      }
      var fields = ManagedFields.differences(object, current.get());
      if (!fields.isEmpty()) {
        changes.add(new Change.Update(object, ObjectMerger.merge(object, current.get()), fields));
      }
    }
    observed.leftovers().forEach(object -> changes.add(new Change.Delete(object)));
    return new Plan(changes);
  }

  private static void refuseShrink(PersistentVolumeClaim desired, ObservedStack observed) {
    var current = observed.get(desired).map(ManagedFields::storageOf).map(Object::toString).orElse(null);
    if (current != null) {
      SpecChangeGuard.storageDecrease(current, ManagedFields.storageOf(desired).toString()).ifPresent(refusal -> {
        throw TerminalException.of(refusal);
      });
    }
  }
}
