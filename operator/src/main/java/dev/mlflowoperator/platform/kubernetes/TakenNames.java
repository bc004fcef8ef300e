package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The names taken in each namespace per kind but Secrets, whoever made the objects: one paged LIST, reused a while. */
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
   * Whether an object of {@code kind} named {@code name} may exist in {@code namespace}: by the names whose LIST began
   * within the freshness window before this question, else read again (one paged LIST, which the stacks asking
   * meanwhile wait for and share, so that a slow LIST does not make each of them read again). Always for a Secret:
   * Secrets are never listed (the operator reads only those it labelled, and others by name), so one is read by name.
   */
  public boolean mayBeTaken(KubernetesClient client, Class<? extends HasMetadata> kind, String namespace,
      String name) {
    if (Secret.class.equals(kind)) {
      return true;
    }
    Instant asked = clock.instant();
    var names = byKind.computeIfAbsent(new Key(kind, namespace), key -> new Names());
    synchronized (names) {
      if (names.read == null || names.read.plus(fresh).isBefore(asked)) {
        Instant read = clock.instant();
        names.names = list(client, kind, namespace);
        names.read = read;
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
