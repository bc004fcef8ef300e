package dev.mlflowoperator.statuspage;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.railway.Redactor;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the operator's status page shows: the MlflowDeployments of the namespaces it watches, listed from the API
 * server's watch cache (resourceVersion 0) at most once per {@code maxAge} however many browsers ask; when a list
 * fails, the last one, with the failure as the page's problem.
 */
public final class WatchedDeployments implements Supplier<StatusPage.Snapshot> {
  private static final ListOptions FROM_CACHE = new ListOptionsBuilder().withResourceVersion("0").build();

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Clock clock;
  private final Duration maxAge;
  private StatusPage.Snapshot last = new StatusPage.Snapshot(List.of(), List.of());
  private Instant listedAt;

  /** @param namespaces the namespaces the operator watches; empty: all of them */
  public WatchedDeployments(KubernetesClient client, Set<String> namespaces, Clock clock, Duration maxAge) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.clock = clock;
    this.maxAge = maxAge;
  }

  @Override
  public synchronized StatusPage.Snapshot get() {
    Instant now = clock.instant();
    if (listedAt != null && now.isBefore(listedAt.plus(maxAge))) {
      return last;
    }
    try {
      last = new StatusPage.Snapshot(list(), List.of());
    } catch (KubernetesClientException e) {
      last = new StatusPage.Snapshot(last.deployments(), List.of("cannot list MlflowDeployments"
          + (namespaces.isEmpty() ? "" : " in " + String.join(",", namespaces.stream().sorted().toList()))
          + " (" + Redactor.none().apply(e.getMessage(), 300) + "); showing the last list; check the operator's"
          + " RBAC and the API server"));
    }
    listedAt = now;
    return last;
  }

  private List<MlflowDeployment> list() {
    var resources = client.resources(MlflowDeployment.class);
    if (namespaces.isEmpty()) {
      return resources.inAnyNamespace().list(FROM_CACHE).getItems();
    }
    var found = new ArrayList<MlflowDeployment>();
    namespaces.stream().sorted().forEach(ns -> found.addAll(resources.inNamespace(ns).list(FROM_CACHE).getItems()));
    return found;
  }
}
