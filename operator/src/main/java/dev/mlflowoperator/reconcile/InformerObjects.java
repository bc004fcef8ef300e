package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.kubernetes.ObjectSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The objects a stack owns as the operator's informers ({@link ManagedObjectEventSources}) hold them: reading sends
 * no request. Each object the platform writes goes into the informer's temporary cache, so the next reconcile reads
 * it even before the watch delivers it, and is noted in {@link OwnWrites}, so the watch event of that write starts no
 * reconcile.
 */
final class InformerObjects implements ObjectSource {
  private final EventSourceRetriever<MlflowDeployment> sources;
  private final OwnWrites ownWrites;

  InformerObjects(EventSourceRetriever<MlflowDeployment> sources, OwnWrites ownWrites) {
    this.sources = sources;
    this.ownWrites = ownWrites;
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
    return informer(kind).get(new ResourceID(name, namespace));
  }

  @Override
  public boolean ownedOnly() {
    return true;
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
