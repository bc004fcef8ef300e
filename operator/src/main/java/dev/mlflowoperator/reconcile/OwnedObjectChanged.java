package dev.mlflowoperator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of an object a stack owns start a reconcile: a change of anything the operator manages or reports.
 * The status of a Deployment (availability), a PVC (bound) and a CronJob (its runs) is reported; a Service's (its load
 * balancer) is not, and Secrets, ConfigMaps and NetworkPolicies have none; a new resourceVersion or managedFields
 * entry alone changes nothing.
 */
final class OwnedObjectChanged implements OnUpdateFilter<HasMetadata> {
  @Override
  public boolean accept(HasMetadata updated, HasMetadata previous) {
    return !Objects.equals(relevant(updated), relevant(previous));
  }

  /** A copy without what no reconcile reads. */
  private static HasMetadata relevant(HasMetadata object) {
    HasMetadata copy = Serialization.clone(object);
    ObjectMeta meta = copy.getMetadata();
    meta.setResourceVersion(null);
    meta.setManagedFields(null);
    if (copy instanceof Service service) {
      service.setStatus(null);
    }
    return copy;
  }
}
