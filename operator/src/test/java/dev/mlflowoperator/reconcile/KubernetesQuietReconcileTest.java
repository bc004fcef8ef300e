package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator reads a stack's objects from its informers' caches and reconciles only when something it reads
 * changed: no GET of an owned object, no reconcile for its own writes or a status it does not report, no timed
 * re-poll of what is watched.
 */
class KubernetesQuietReconcileTest extends OperatorTestBase {
  /** Long enough for an event the operator should ignore to have started a reconcile if it were not ignored. */
  private static final Duration QUIET = Duration.ofSeconds(3);
  /** A GET of one object (not a list, not a watch) of a kind a stack owns. */
  private static final Pattern OWNED_OBJECT_GET = Pattern.compile(
      "GET /apis?/.*/namespaces/" + NS + "/(secrets|configmaps|persistentvolumeclaims|networkpolicies|deployments"
          + "|services|cronjobs)/[^/?]+");
  /** A LIST of every object of a kind a stack owns in the namespace, ours or not: the names taken. */
  static final Pattern NAMES_LIST = Pattern.compile(
      "GET /apis?/.*/namespaces/" + NS + "/(secrets|configmaps|persistentvolumeclaims|networkpolicies|deployments"
          + "|services|cronjobs)\\?limit=\\d+");

  @Test
  void aReconcileOfAConvergedResourceReadsNoneOfItsObjectsFromTheApiServer() throws InterruptedException {
    create("cached", spec -> {});
    awaitSynced("cached", 1);
    cluster.makeAvailable(NS, "cached");
    awaitStatus("cached", s -> assertThat(condition(s, "Ready").getStatus()).isEqualTo("True"));
    var config = client.configMaps().inNamespace(NS).withName("cached-proxy-config").get();
    int before = reconcilesOf("cached");
    cluster.takeRequests();

    client.resource(new ConfigMapBuilder(config).editMetadata().addToLabels("team", "a").endMetadata().build())
        .update();

    await().atMost(TIMEOUT).until(() -> reconcilesOf("cached") > before);
    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> reconcilesOf("cached") == before + 1);
    List<String> gets = cluster.takeRequests().stream().filter(r -> OWNED_OBJECT_GET.matcher(r).matches()).toList();
    assertThat(gets).as("objects read from the informers' caches").isEmpty();
  }

  @Test
  void aFreshConvergeGetsOnlyItsCredentialsSecretAndListsTheOtherNamesTakenAtMostOncePerKind()
      throws InterruptedException {
    cluster.takeRequests();

    create("fresh", spec -> {});
    awaitSynced("fresh", 1);

    var requests = cluster.takeRequests();
    assertThat(requests.stream().filter(r -> OWNED_OBJECT_GET.matcher(r).matches()).toList())
        .as("the names taken are listed rather than each object looked for; Secrets are never listed")
        .containsExactly("GET /api/v1/namespaces/" + NS + "/secrets/fresh-credentials");
    assertThat(requests.stream().filter(r -> NAMES_LIST.matcher(r).matches()).toList())
        .as("at most one LIST of the names per kind, before anything is written").doesNotHaveDuplicates()
        .hasSizeLessThanOrEqualTo(5).noneMatch(r -> r.contains("/secrets"));
  }

  @Test
  void aResourceWithoutBackupsConvergesAndResyncsWithoutAnyVolumeSnapshotRequest() throws InterruptedException {
    cluster.takeRequests();

    create("no-backups", spec -> {});
    awaitSynced("no-backups", 1);
    cluster.makeAvailable(NS, "no-backups");
    awaitStatus("no-backups", s -> assertThat(condition(s, "Ready").getStatus()).isEqualTo("True"));

    assertThat(reconcilesOf("no-backups")).as("converged, then reconciled again as the kubelet reported")
        .isGreaterThan(1);
    List<String> snapshotRequests = cluster.takeRequests().stream().filter(r -> r.contains("volumesnapshots"))
        .toList();
    assertThat(snapshotRequests).as("nothing to take, prune or report without backups").isEmpty();
    assertThat(status("no-backups").backup).isNull();
  }

  @Test
  void theOperatorsOwnWritesStartNoFurtherReconcileAndAStackNotYetAvailableIsNotPolled() {
    create("own-writes", spec -> {});
    awaitSynced("own-writes", 1);

    await().during(QUIET).atMost(QUIET.plusSeconds(12)).untilAsserted(() -> assertThat(reconcilesOf("own-writes"))
        .isEqualTo(1));
    assertThat(condition(status("own-writes"), "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aStatusOnlyChangeOfAServiceStartsNoReconcile() {
    create("lb", spec -> {});
    awaitSynced("lb", 1);
    cluster.makeAvailable(NS, "lb");
    awaitStatus("lb", s -> assertThat(condition(s, "Ready").getStatus()).isEqualTo("True"));
    int before = reconcilesOf("lb");

    var service = client.services().inNamespace(NS).withName("lb-proxy").get();
    service.setStatus(new ServiceStatusBuilder().withNewLoadBalancer()
        .withIngress(new LoadBalancerIngressBuilder().withIp("203.0.113.7").build()).endLoadBalancer().build());
    client.resource(service).updateStatus();

    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> reconcilesOf("lb") == before);
  }

  @Test
  void deploymentsBecomingAvailableMakeTheResourceReadyInOneReconcile() {
    create("available", spec -> {});
    awaitSynced("available", 1);
    await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).untilAsserted(() -> assertThat(reconcilesOf("available"))
        .isEqualTo(1));

    cluster.makeAvailable(NS, "available");

    awaitStatus("available", s -> assertThat(condition(s, "Ready").getStatus()).isEqualTo("True"));
    assertThat(reconcilesOf("available")).as("one reconcile per change the kubelet reported, none timed")
        .isLessThanOrEqualTo(4);
  }
}
