package dev.mlflowoperator.platform.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The names taken in each namespace per kind but Secrets, whoever made the objects: one paged LIST, reused a while. */
public final class TakenNames {
  /**
   * How long the names read are reused. The trade: an object someone else makes under one of our names within it is
   * not seen before our writes, but met by our create's 409 (then refused, and the names of its kind read again),
   * as a GET just before the create could miss one made in between.
   */
  public static final Duration FRESH = Duration.ofSeconds(5);
  /** What the LIST asks for: object metadata only, else (a server that cannot) the objects. */
  private static final String METADATA_ONLY =
      "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json";
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

  /**
   * The names of every object of the kind in the namespace, page by page, as metadata only: the API server answers a
   * PartialObjectMetadataList (names, labels, no data or spec), or the full list where it cannot.
   */
  private static Set<String> list(KubernetesClient client, Class<? extends HasMetadata> kind, String namespace) {
    String group = HasMetadata.getGroup(kind);
    String path = client.getMasterUrl().toString().replaceAll("/+$", "")
        + (group == null || group.isEmpty() ? "/api/" : "/apis/" + group + "/") + HasMetadata.getVersion(kind)
        + "/namespaces/" + encoded(namespace) + "/" + HasMetadata.getPlural(kind) + "?limit=" + PAGE;
    var found = new HashSet<String>();
    String next = "";
    do {
      JsonNode page = page(client, path + (next.isEmpty() ? "" : "&continue=" + encoded(next)));
      page.path("items").forEach(item -> found.add(item.path("metadata").path("name").asText()));
      next = page.path("metadata").path("continue").asText("");
    } while (!next.isEmpty());
    return found;
  }

  private static JsonNode page(KubernetesClient client, String url) {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(url).header("Accept", METADATA_ONLY).build();
    try {
      var answer = http.sendAsync(request, byte[].class);
      int timeout = client.getConfiguration().getRequestTimeout();
      HttpResponse<byte[]> response = timeout > 0 ? answer.get(timeout, TimeUnit.MILLISECONDS) : answer.get();
      if (!response.isSuccessful()) {
        throw new KubernetesClientException("listing the names taken: HTTP " + response.code() + " from "
            + URI.create(url).getPath(), response.code(), null);
      }
      return Serialization.jsonMapper().readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while listing the names taken", e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new KubernetesClientException("listing the names taken from " + URI.create(url).getPath() + " failed: "
          + e.getMessage(), e);
    }
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
