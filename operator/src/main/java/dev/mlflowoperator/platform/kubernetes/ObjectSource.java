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
   * True when the source holds only objects labelled as ours (the informers select by label), so that an object
   * under one of our names that is not ours is absent from it and must be looked for on the API server.
   */
  boolean ownedOnly();

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
      public boolean ownedOnly() {
        return false;
      }

      @Override
      public <T extends HasMetadata> T write(HasMetadata previous, T desired, Supplier<T> write) {
        return write.get();
      }
    };
  }
}
