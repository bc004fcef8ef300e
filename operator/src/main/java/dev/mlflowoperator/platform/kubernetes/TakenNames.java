package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names taken in a namespace, per kind, whoever made the objects: read with one paged LIST and reused by every
 * stack of that namespace about to create objects for {@link #FRESH}, so that an object of another owner under one
 * of our names is refused before anything is written without a GET per object. Only the names are kept.
 */
public final class TakenNames {
  /**
   * How long the names read are reused. The trade: an object someone else makes under one of our names within it is
   * not seen before our writes, but met by our create's 409 (then refused, and the names of its kind read again),
   * as a GET just before the create could miss one made in between.
   */
  public static final Duration FRESH = Duration.ofSeconds(5);
  /** Names per page of the LIST: a namespace of thousands of objects is read in several bounded answers. */
  static final long PAGE = 500;

  private final Duration fresh;
  private final Clock clock;
  private final ConcurrentHashMap<Key, Names> byKind = new ConcurrentHashMap<>();

  private record Key(Class<? extends HasMetadata> kind, String namespace) {}

  /** One kind's names in one namespace and when they were read; null until read, or when forgotten. */
  private static final class Names {
    private Set<String> names;
    private Instant read;
  }

  public TakenNames(Duration fresh, Clock clock) {
    this.fresh = fresh;
    this.clock = clock;
  }

  /**
   * Whether an object of {@code kind} named {@code name} exists in {@code namespace}: by the names read within the
   * freshness window, else read again now (one paged LIST; a stack waiting for the same kind and namespace shares it).
   */
  public boolean taken(KubernetesClient client, Class<? extends HasMetadata> kind, String namespace, String name) {
    var names = byKind.computeIfAbsent(new Key(kind, namespace), key -> new Names());
    synchronized (names) {
      Instant now = clock.instant();
      if (names.read == null || now.isAfter(names.read.plus(fresh))) {
        names.names = list(client, kind, namespace);
        names.read = now;
      }
      return names.names.contains(name);
    }
  }

  /** Forgets the names of the kind in the namespace: the next look reads them again. */
  public void forget(Class<? extends HasMetadata> kind, String namespace) {
    var names = byKind.get(new Key(kind, namespace));
    if (names != null) {
      synchronized (names) {
        names.names = null;
        names.read = null;
      }
    }
  }

  private static Set<String> list(KubernetesClient client, Class<? extends HasMetadata> kind, String namespace) {
    var found = new HashSet<String>();
    String next = null;
    do {
      KubernetesResourceList<? extends HasMetadata> page = client.resources(kind).inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      page.getItems().forEach(object -> found.add(object.getMetadata().getName()));
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return found;
  }
}
