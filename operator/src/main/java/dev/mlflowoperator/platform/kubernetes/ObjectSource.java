package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where {@link KubernetesPlatform} reads the objects a stack owns: the operator's informer caches (no request), or the
 * API server itself, one GET each, where there are no informers ({@code mlflowctl plan --cluster}, tests). A source
 * is told of each object the platform writes, so that the next read sees the write.
 */
public interface ObjectSource {
  /** The object of {@code kind} named {@code name} in {@code namespace} as this source knows it. */
  <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name);

  /**
   * Whether an object this source lacks may still exist under that name: one that is not ours, which a source holding
   * only objects labelled as ours (the informers select by label) cannot see, and which must then be read from the
   * API server. Never where the source holds every object.
   */
  boolean mayBeTaken(Class<? extends HasMetadata> kind, String namespace, String name);

  /**
   * Runs {@code write} of {@code desired}, which replaces {@code previous} (null: it creates it), and returns what
   * the API server returned, which the source holds from then on.
   */
  <T extends HasMetadata> T write(HasMetadata previous, T desired, Supplier<T> write);

  /** One GET per read: always what the API server holds. */
  static ObjectSource direct(KubernetesClient client) {
    return new ObjectSource() {
      @Override
      public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
        return Optional.ofNullable(client.resources(kind).inNamespace(namespace).withName(name).get());
      }

      @Override
      public boolean mayBeTaken(Class<? extends HasMetadata> kind, String namespace, String name) {
        return false;
      }

      @Override
      public <T extends HasMetadata> T write(HasMetadata previous, T desired, Supplier<T> write) {
        return write.get();
      }
    };
  }
}
