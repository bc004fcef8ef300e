package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator lists and watches only the Secrets it labelled, and reads a Secret a spec references by name. */
class KubernetesSecretAccessTest extends OperatorTestBase {
  private static final String OUR_SELECTOR = "labelSelector=" + ManagedObjectEventSources.MANAGED_BY_SELECTOR;

  @Test
  void secretsAreListedAndWatchedOnlyWithOurLabelAndAReferencedSecretIsReadByName() throws InterruptedException {
    String password = "a-password-the-user-chose";
    client.resource(new SecretBuilder().withNewMetadata().withName("unrelated").withNamespace(NS).endMetadata()
        .addToStringData("token", "not-the-operators-business").build()).create();
    client.resource(new SecretBuilder().withNewMetadata().withName("user-auth").withNamespace(NS).endMetadata()
        .addToStringData("password", password).build()).create();

    create("by-ref", spec -> spec.proxy.auth.passwordSecretRef = new SecretKeyRef("user-auth", "password"));
    awaitSynced("by-ref", 1);

    assertThat(secretValue("by-ref", "password")).isEqualTo(password);
    List<String> secretCalls = cluster.takeRequests().stream().filter(r -> r.contains("/secrets")).toList();
    assertThat(secretCalls.stream().filter(KubernetesSecretAccessTest::isCollectionRead).toList())
        .as("every list and watch of Secrets asks only for ours").isNotEmpty()
        .allSatisfy(r -> assertThat(r).contains(OUR_SELECTOR));
    assertThat(secretCalls).contains("GET /api/v1/namespaces/" + NS + "/secrets/user-auth")
        .noneMatch(r -> r.contains("/secrets/unrelated"));
  }

  /** A GET of the Secrets collection (list or watch), as opposed to one Secret by name. */
  private static boolean isCollectionRead(String request) {
    String path = request.split("[ ?]")[1];
    return request.startsWith("GET ") && path.endsWith("/secrets");
  }
}
