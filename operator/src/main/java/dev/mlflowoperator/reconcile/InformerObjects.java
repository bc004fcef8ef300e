package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.kubernetes.ObjectSource;
import dev.mlflowoperator.platform.kubernetes.TakenNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The objects a stack owns as the operator's informers ({@link ManagedObjectEventSources}) hold them: reading sends
 * no request. Each object the platform writes goes into the informer's temporary cache, so the next reconcile reads
 * it even before the watch delivers it, and is noted in {@link OwnWrites}, so the watch event of that write starts no
 * reconcile. Whether a name the informers lack is taken by an object that is not ours is told by {@link TakenNames}.
 */
final class InformerObjects implements ObjectSource {
  private final EventSourceRetriever<MlflowDeployment> sources;
  private final OwnWrites ownWrites;
  private final TakenNames takenNames;
  private final KubernetesClient client;

  InformerObjects(EventSourceRetriever<MlflowDeployment> sources, OwnWrites ownWrites, TakenNames takenNames,
      KubernetesClient client) {
    this.sources = sources;
    this.ownWrites = ownWrites;
    this.takenNames = takenNames;
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
    return informer(kind).get(new ResourceID(name, namespace));
  }

  @Override
  public boolean mayBeTaken(Class<? extends HasMetadata> kind, String namespace, String name) {
    return takenNames.mayBeTaken(client, kind, namespace, name);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T write(HasMetadata previous, T desired, Supplier<T> write) {
    T written = null;
    ownWrites.writing(desired);
    try {
      written = write.get();
    } finally {
      ownWrites.done(desired, written);
      if (written == null && previous == null) {
        // A create that failed (its name taken after all: a 409) leaves no belief that the name is free.
        takenNames.forget(desired.getClass(), desired.getMetadata().getNamespace());
      }
    }
    var informer = (InformerEventSource<HasMetadata, MlflowDeployment>) informer(written.getClass());
    var id = ResourceID.fromResource(written);
    if (previous == null) {
      informer.handleRecentResourceCreate(id, written);
    } else {
      informer.handleRecentResourceUpdate(id, written, previous);
    }
    return written;
  }

  private <T extends HasMetadata> InformerEventSource<T, MlflowDeployment> informer(Class<T> kind) {
    return (InformerEventSource<T, MlflowDeployment>) sources.getEventSourceFor(kind, kind.getSimpleName());
  }
}
