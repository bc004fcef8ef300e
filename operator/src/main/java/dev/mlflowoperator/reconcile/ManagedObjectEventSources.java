package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.KubernetesStackRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;

/**
 * Watches every kind of object a stack renders on Kubernetes, so a change or deletion out of band
 * triggers a reconcile of its MlflowDeployment at once. Objects are matched to their deployment
 * by the instance label and namespace, which also covers the retained PVC that has no owner. An update that changes
 * nothing the operator reads ({@link OwnedObjectChanged}), and the watch event of an object the operator just wrote
 * ({@link InformerObjects}), start none. The caches are what the Kubernetes platform observes; watching all namespaces
 * or one, they keep each object compacted ({@link CompactItemStore}).
 */
final class ManagedObjectEventSources {
  static final String MANAGED_BY_SELECTOR = StackNames.MANAGED_BY_LABEL + "=" + StackNames.MANAGED_BY;

  private ManagedObjectEventSources() {}

  static List<EventSource<?, MlflowDeployment>> create(EventSourceContext<MlflowDeployment> context,
      OwnWrites ownWrites) {
    return KubernetesStackRenderer.KINDS.stream()
        .<EventSource<?, MlflowDeployment>>map(kind -> informer(kind, context, ownWrites))
        .toList();
  }

  private static <R extends HasMetadata> EventSource<?, MlflowDeployment> informer(
      Class<R> type, EventSourceContext<MlflowDeployment> context, OwnWrites ownWrites) {
    var changed = new OwnedObjectChanged();
    var config = InformerEventSourceConfiguration.from(type, MlflowDeployment.class)
        .withName(type.getSimpleName())
        .withLabelSelector(MANAGED_BY_SELECTOR)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(ManagedObjectEventSources::primaryOf)
        .withOnAddFilter(ownWrites::notOurs)
        .withOnUpdateFilter((updated, previous) -> ownWrites.notOurs(updated) && changed.accept(updated, previous));
    // JOSDK gives the one store to the informer of each namespace, and a namespace's relist would empty the others.
    if (context.getControllerConfiguration().getEffectiveNamespaces().size() == 1) {
      config.withItemStore(new CompactItemStore<>());
    }
    return new InformerEventSource<>(config.build(), context);
  }

  static Set<ResourceID> primaryOf(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(StackNames.INSTANCE_LABEL);
    return instance == null ? Set.of() : Set.of(new ResourceID(instance, object.getMetadata().getNamespace()));
  }
}
