package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An object that already exists under one of the stack's names but is not ours is never changed or deleted. */
class KubernetesOwnershipTest extends OperatorTestBase {
  /** Long enough for the requeue that follows a refusal (10 s) to see the user's fix. */
  private static final Duration AFTER_REQUEUE = Duration.ofSeconds(30);

  /**
   * Each test makes the user's object just before the resource: names read by an earlier stack a moment before would
   * not have it (the trade TakenNames documents), so every stack reads them afresh here.
   */
  @Override
  Duration namesFresh() {
    return Duration.ZERO;
  }

  @Test
  void aUsersSecretWithTheCredentialsNameIsLeftUntouchedUntilTheUserRemovesIt() {
    var users = Map.of("password", "dXNlcg==", "apiKey", "a2VlcA==");
    client.resource(new SecretBuilder().withNewMetadata().withName("own-secret-credentials").withNamespace(NS)
        .endMetadata().withData(users).build()).create();

    create("own-secret", spec -> {});

    awaitStatus("own-secret", s -> {
      var synced = condition(s, "Synced");
      assertThat(synced.getStatus()).isEqualTo("False");
      assertThat(synced.getReason()).isEqualTo("ObjectNotOwned");
      assertThat(synced.getMessage()).contains("Secret/own-secret-credentials", "rename or remove it",
          "give the MlflowDeployment another name");
      assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    });
    var secret = client.secrets().inNamespace(NS).withName("own-secret-credentials").get();
    assertThat(secret.getData()).as("the user's keys are all kept, none rewritten").isEqualTo(users);
    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(secret.getMetadata().getLabels()).isNullOrEmpty();
    assertNothingElseCreatedFor("own-secret");

    client.secrets().inNamespace(NS).withName("own-secret-credentials").delete();

    await().atMost(AFTER_REQUEUE).untilAsserted(() ->
        assertThat(condition(status("own-secret"), "Synced").getStatus()).isEqualTo("True"));
    assertThat(client.secrets().inNamespace(NS).withName("own-secret-credentials").get().getMetadata().getLabels())
        .containsEntry(StackNames.MANAGED_BY_LABEL, StackNames.MANAGED_BY);
  }

  @Test
  void aUsersConfigMapWithTheProxyConfigNameIsNeitherRewrittenNorDeletedWithTheResource() {
    var users = Map.of("Caddyfile", ":80 { respond \"mine\" }", "notes", "keep me");
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("own-config-proxy-config").withNamespace(NS)
        .endMetadata().withData(users).build()).create();

    create("own-config", spec -> spec.deletionPolicy = DeletionPolicy.Delete);

    awaitStatus("own-config", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("ObjectNotOwned");
      assertThat(condition(s, "Synced").getMessage()).contains("ConfigMap/own-config-proxy-config");
    });
    assertThat(client.secrets().inNamespace(NS).withName("own-config-credentials").get())
        .as("nothing else of the stack is written").isNull();

    cr("own-config").delete();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cr("own-config").get()).as("finalizer released").isNull());
    var config = client.configMaps().inNamespace(NS).withName("own-config-proxy-config").get();
    assertThat(config).as("the finalizer does not delete the user's ConfigMap").isNotNull();
    assertThat(config.getData()).isEqualTo(users);
  }

  @Test
  void aUsersVolumeWithTheDataNameIsNeitherGrownNorOwnedNorDeletedWithTheResource() {
    client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("own-pvc-data").withNamespace(NS)
        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build()).create();

    create("own-pvc", spec -> {
      spec.storage.size = "5Gi";
      spec.deletionPolicy = DeletionPolicy.Delete;
    });

    awaitStatus("own-pvc", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("ObjectNotOwned");
      assertThat(condition(s, "Synced").getMessage()).contains("PersistentVolumeClaim/own-pvc-data");
    });
    assertThat(storageOf("own-pvc")).isEqualTo(new Quantity("1Gi"));
    assertNothingElseCreatedFor("own-pvc");

    cr("own-pvc").delete();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cr("own-pvc").get()).as("finalizer released").isNull());
    var claim = client.persistentVolumeClaims().inNamespace(NS).withName("own-pvc-data").get();
    assertThat(claim).as("deletionPolicy Delete does not delete a volume that is not ours").isNotNull();
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void anotherDeploymentsObjectWithOurLabelsCopiedIsNotTakenOver() {
    create("first", spec -> {});
    awaitSynced("first", 1);
    var stolen = client.configMaps().inNamespace(NS).withName("first-proxy-config").get();
    var copy = new ConfigMapBuilder(stolen).editMetadata().withName("second-proxy-config").withResourceVersion(null)
        .withUid(null).addToLabels(StackNames.INSTANCE_LABEL, "second").endMetadata().build();
    client.resource(copy).create();

    create("second", spec -> {});

    awaitStatus("second", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("ObjectNotOwned");
      assertThat(condition(s, "Synced").getMessage())
          .contains("ConfigMap/second-proxy-config (it is owned by another MlflowDeployment)");
    });
    assertThat(client.configMaps().inNamespace(NS).withName("second-proxy-config").get().getData())
        .isEqualTo(stolen.getData());
    assertThat(client.resources(MlflowDeployment.class).inNamespace(NS).withName("first").get()).isNotNull();
  }

  /** Only the foreign object exists: none of the stack's other objects was written. */
  private void assertNothingElseCreatedFor(String name) {
    var names = new StackNames(name);
    assertThat(client.configMaps().inNamespace(NS).withName(names.proxy() + "-config").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(NS).withName(names.mlflow()).get()).isNull();
    assertThat(client.services().inNamespace(NS).withName(names.proxy()).get()).isNull();
  }
}
