package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;

/**
 * Watches every kind of object the operator manages, so a change or deletion out of band
 * triggers a reconcile of its MlflowDeployment at once. Objects are matched to their deployment
 * by the instance label and namespace, which also covers the retained PVC that has no owner.
 */
final class ManagedObjectEventSources {
  static final String MANAGED_BY_SELECTOR = StackNames.MANAGED_BY_LABEL + "=" + StackNames.MANAGED_BY;

  private ManagedObjectEventSources() {}

  static List<EventSource<?, MlflowDeployment>> create(EventSourceContext<MlflowDeployment> context) {
    return List.of(
        informer(Deployment.class, context),
        informer(Service.class, context),
        informer(ConfigMap.class, context),
        informer(Secret.class, context),
        informer(PersistentVolumeClaim.class, context),
        informer(NetworkPolicy.class, context));
  }

  private static <R extends HasMetadata> EventSource<?, MlflowDeployment> informer(
      Class<R> type, EventSourceContext<MlflowDeployment> context) {
    var config = InformerEventSourceConfiguration.from(type, MlflowDeployment.class)
        .withName(type.getSimpleName())
        .withLabelSelector(MANAGED_BY_SELECTOR)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(ManagedObjectEventSources::primaryOf)
        .build();
    return new InformerEventSource<>(config, context);
  }

  static Set<ResourceID> primaryOf(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(StackNames.INSTANCE_LABEL);
    return instance == null ? Set.of() : Set.of(new ResourceID(instance, object.getMetadata().getNamespace()));
  }
}
