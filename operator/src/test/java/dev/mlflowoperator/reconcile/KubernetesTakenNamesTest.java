package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The names taken in a namespace are read with one LIST per kind (Secrets excepted, which are never listed) and
 * shared by the stacks about to create objects, rather than each object looked for with a GET; a create that meets an object of another owner all the same (made
 * after the names were read) leaves the names to be read again, so the next reconcile refuses before any write.
 */
class KubernetesTakenNamesTest extends OperatorTestBase {
  /** A GET of one object of a kind a stack owns. */
  private static final Pattern OWNED_OBJECT_GET = Pattern.compile(
      "GET /apis?/.*/namespaces/" + NS + "/(secrets|configmaps|persistentvolumeclaims|networkpolicies|deployments"
          + "|services|cronjobs)/[^/?]+");
  /** Any write but a status, a finalizer or an event. */
  private static final Pattern OBJECT_WRITE = Pattern.compile(
      "(POST|PUT|PATCH|DELETE) /apis?/.*/namespaces/" + NS + "/(secrets|configmaps|persistentvolumeclaims"
          + "|networkpolicies|deployments|services|cronjobs)([/?].*)?");

  /** Long enough that every stack of a test reuses the names read first. */
  @Override
  Duration namesFresh() {
    return Duration.ofMinutes(1);
  }

  @Test
  void manyNewResourcesInOneNamespaceShareTheListsOfTheNamesTaken() throws InterruptedException {
    cluster.takeRequests();
    var names = IntStream.rangeClosed(1, 5).mapToObj(i -> "shared-" + i).toList();

    names.forEach(name -> create(name, spec -> {}));
    names.forEach(name -> awaitSynced(name, 1));

    var requests = cluster.takeRequests();
    assertThat(requests.stream().filter(r -> OWNED_OBJECT_GET.matcher(r).matches()).toList())
        .as("no object looked for one by one but the credentials Secret (Secrets are never listed)")
        .containsExactlyInAnyOrderElementsOf(names.stream()
            .map(name -> "GET /api/v1/namespaces/" + NS + "/secrets/" + name + "-credentials").toList());
    assertThat(requests.stream().filter(r -> KubernetesQuietReconcileTest.NAMES_LIST.matcher(r).matches()).toList())
        .as("five stacks of five listed kinds, at most one LIST of the names of each kind").doesNotHaveDuplicates()
        .hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void aCreateMeetingAnObjectMadeAfterTheNamesWereReadLeavesThemToBeReadAgainAndNothingMoreIsWritten()
      throws InterruptedException {
    create("early", spec -> {});
    awaitSynced("early", 1);
    var users = Map.of("Caddyfile", ":80 { respond \"mine\" }");
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("late-proxy-config").withNamespace(NS)
        .endMetadata().withData(users).build()).create();

    create("late", spec -> {});

    awaitStatus("late", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("ObjectNotOwned");
      assertThat(condition(s, "Synced").getMessage()).contains("ConfigMap/late-proxy-config");
    });
    int refused = reconcilesOf("late");
    cluster.takeRequests();
    await().atMost(TIMEOUT.plusSeconds(10)).until(() -> reconcilesOf("late") > refused);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(status("late"), "Synced").getReason())
        .isEqualTo("ObjectNotOwned"));

    List<String> writes = cluster.takeRequests().stream().filter(r -> OBJECT_WRITE.matcher(r).matches()).toList();
    assertThat(writes).as("the names are read again and the user's ConfigMap refused before any write").isEmpty();
    assertThat(client.configMaps().inNamespace(NS).withName("late-proxy-config").get().getData()).isEqualTo(users);
  }
}
