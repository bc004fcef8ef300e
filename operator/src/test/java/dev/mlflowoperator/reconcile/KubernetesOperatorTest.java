package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator against Fabric8's mock API server: create to Ready, spec changes, deletion, invalid specs. */
class KubernetesOperatorTest extends OperatorTestBase {
  @Test
  void createsTheStackAndReportsReadyOnceTheDeploymentsAreAvailable() {
    create("ready", spec -> {});

    awaitStatus("ready", s -> {
      assertThat(condition(s, "Synced").getStatus()).isEqualTo("True");
      assertThat(s.ids).as("the nine objects' UIDs and the storage size applied").hasSize(10)
          .containsEntry("applied/storage.size", "5Gi");
    });
    assertThat(status("ready").components.get("mlflow").state).isEqualTo("Progressing");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      cluster.makeAvailable(NS, "ready");
      var s = status("ready");
      assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
      assertThat(condition(s, "Ready").getReason()).isEqualTo("Available");
      assertThat(s.url).isEqualTo("http://ready-proxy.test.svc.cluster.local:8080");
      assertThat(List.of(s.components.get("mlflow").state, s.components.get("proxy").state, s.components.get("storage").state))
          .containsOnly("Ready");
      assertThat(s.ids).containsKeys("Secret/ready-credentials", "ConfigMap/ready-proxy-config",
          "PersistentVolumeClaim/ready-data", "NetworkPolicy/ready-mlflow", "NetworkPolicy/ready-proxy",
          "Deployment/ready-mlflow", "Service/ready-mlflow",
          "Deployment/ready-proxy", "Service/ready-proxy");
      assertThat(s.ids.get("Deployment/ready-mlflow"))
          .isEqualTo(client.apps().deployments().inNamespace(NS).withName("ready-mlflow").get().getMetadata().getUid());
      assertThat(s.mlflowVersion).isEqualTo("3.17.0");
      assertThat(s.observedGeneration).isEqualTo(1L);
      assertThat(s.conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
      assertThat(s.drift).isNull();
    });
    var names = new StackNames("ready");
    assertThat(client.apps().deployments().inNamespace(NS).withName(names.mlflow()).get().getMetadata()
        .getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("MlflowDeployment"));
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(names.dataVolume()).get().getMetadata()
        .getOwnerReferences()).as("a retained volume has no owner").isNullOrEmpty();
  }

  @Test
  void changingTheCaddyVersionRewritesTheConfigAndRollsTheProxy() {
    create("caddy", spec -> spec.proxy.caddyVersion = "2.11");
    awaitSynced("caddy", 1);
    String hashBefore = proxyConfigHash("caddy");
    assertThat(client.configMaps().inNamespace(NS).withName("caddy-proxy-config").get().getData().get("Caddyfile"))
        .contains("basic_auth");

    edit("caddy", d -> d.getSpec().proxy.caddyVersion = "2.7");

    awaitSynced("caddy", 2);
    assertThat(client.configMaps().inNamespace(NS).withName("caddy-proxy-config").get().getData().get("Caddyfile"))
        .contains("basicauth ").doesNotContain("basic_auth");
    assertThat(proxyConfigHash("caddy")).isNotEqualTo(hashBefore);
    assertThat(client.apps().deployments().inNamespace(NS).withName("caddy-proxy").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).isEqualTo("caddy:2.7");
    assertThat(status("caddy").drift).as("a spec change is not drift").isNull();
  }

  @Test
  void theGeneratedPasswordIsKeptAcrossReconcilesAndNeverShownInStatus() {
    create("password", spec -> {});
    awaitSynced("password", 1);
    String password = secretValue("password", "password");
    String hash = secretValue("password", "passwordHash");
    assertThat(password).hasSizeGreaterThanOrEqualTo(24);

    edit("password", d -> d.getSpec().mlflow.workers = 3);
    awaitSynced("password", 2);
    client.configMaps().inNamespace(NS).withName("password-proxy-config").edit(c -> {
      c.getData().put("Caddyfile", "tampered");
      return c;
    });
    awaitStatus("password", s -> assertThat(s.drift).isNotNull());

    assertThat(secretValue("password", "password")).isEqualTo(password);
    assertThat(secretValue("password", "passwordHash")).isEqualTo(hash);
    String statusJson = Serialization.asJson(status("password"));
    assertThat(statusJson).doesNotContain(password).doesNotContain(hash)
        .doesNotContain(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void threeUsersGetTheirOwnKeysAndAreListedInStatusWithNoPasswordOrHashInStatusOrEvents() {
    create("team", spec -> spec.proxy.auth.users =
        Stream.of("alice", "bob", "ci-train").map(u -> new UserSpec(u, null)).toList());
    awaitSynced("team", 1);

    var secrets = Stream.of("password", "passwordHash", "password-1", "passwordHash-1", "password-2", "passwordHash-2")
        .map(key -> secretValue("team", key)).toList();
    assertThat(secrets).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(List.of(secretValue("team", "username"), secretValue("team", "username-1"),
        secretValue("team", "username-2"))).containsExactly("alice", "bob", "ci-train");
    assertThat(status("team").users).extracting(u -> u.username).containsExactly("alice", "bob", "ci-train");
    assertThat(status("team").users).extracting(u -> u.passwordChanged).doesNotContainNull();
    String statusJson = Serialization.asJson(status("team"));
    String events = Serialization.asJson(client.v1().events().inNamespace(NS).list());
    assertThat(List.of(statusJson, events)).allSatisfy(text -> assertThat(text).doesNotContain(secrets));
  }

  @Test
  void theRotateAnnotationGivesAliceANewPasswordAtOnceRollingTheProxyWithNoUnavailableReplica() {
    create("rotate", spec -> spec.proxy.auth.users =
        Stream.of("alice", "bob", "ci-train").map(u -> new UserSpec(u, null)).toList());
    awaitSynced("rotate", 1);
    var keys = List.of("password", "passwordHash", "password-1", "passwordHash-1", "password-2", "passwordHash-2");
    var before = keys.stream().map(key -> secretValue("rotate", key)).toList();
    String configHash = proxyConfigHash("rotate");

    edit("rotate", d -> d.getMetadata().setAnnotations(Map.of(RotateAnnotation.NAME, "alice@7f3a")));

    awaitStatus("rotate", s -> assertThat(s.users).extracting(u -> u.username + " " + u.rotation)
        .containsExactly("alice 7f3a", "bob null", "ci-train null"));
    var after = keys.stream().map(key -> secretValue("rotate", key)).toList();
    assertThat(after.subList(0, 2)).as("alice's password and hash").doesNotContainAnyElementsOf(before.subList(0, 2));
    assertThat(after.subList(2, 6)).as("bob's and ci-train's keys untouched").isEqualTo(before.subList(2, 6));
    var proxy = client.apps().deployments().inNamespace(NS).withName("rotate-proxy").get();
    assertThat(proxyConfigHash("rotate")).as("the proxy rolls").isNotEqualTo(configHash);
    assertThat(proxy.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(proxy.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(proxy.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    var status = status("rotate");
    assertThat(status.observedGeneration).as("an annotation leaves the generation alone").isEqualTo(1L);
    assertThat(status.drift).as("a rotation is not drift").isNull();
    String statusJson = Serialization.asJson(status);
    String events = Serialization.asJson(client.v1().events().inNamespace(NS).list());
    assertThat(List.of(statusJson, events)).allSatisfy(text -> assertThat(text).doesNotContain(before)
        .doesNotContain(after));
  }

  @Test
  void growingTheStorageResizesTheClaimAndShrinkingIsRefusedWithoutChangingAnything() {
    create("resize", spec -> spec.storage.size = "5Gi");
    awaitSynced("resize", 1);

    edit("resize", d -> d.getSpec().storage.size = "10Gi");
    awaitSynced("resize", 2);
    assertThat(storageOf("resize")).isEqualTo(new Quantity("10Gi"));
    var argsBefore = mlflowArgs("resize");

    edit("resize", d -> {
      d.getSpec().storage.size = "1Gi";
      d.getSpec().mlflow.workers = 7;
    });
    awaitStatus("resize", s -> {
      var synced = condition(s, "Synced");
      assertThat(synced.getStatus()).isEqualTo("False");
      assertThat(synced.getReason()).isEqualTo("StorageShrinkRefused");
      assertThat(synced.getMessage()).contains("spec.storage.size").contains("10Gi");
      assertThat(synced.getObservedGeneration()).isEqualTo(3L);
    });
    assertThat(storageOf("resize")).isEqualTo(new Quantity("10Gi"));
    assertThat(mlflowArgs("resize")).as("nothing else is half-applied").isEqualTo(argsBefore);
  }

  @Test
  void downgradingMlflowBelowTheVersionThatRanIsRefusedWithoutChangingAnything() {
    create("downgrade", spec -> spec.mlflow.version = "3.14.0");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      cluster.makeAvailable(NS, "downgrade");
      var s = status("downgrade");
      assertThat(s).isNotNull();
      assertThat(s.mlflowVersion).isEqualTo("3.14.0");
    });
    var argsBefore = mlflowArgs("downgrade");

    edit("downgrade", d -> {
      d.getSpec().mlflow.version = "3.13.2";
      d.getSpec().mlflow.workers = 5;
    });
    awaitStatus("downgrade", s -> {
      var synced = condition(s, "Synced");
      assertThat(synced.getStatus()).isEqualTo("False");
      assertThat(synced.getReason()).isEqualTo("VersionDowngradeRefused");
      assertThat(synced.getMessage()).contains("spec.mlflow.version").contains("3.14.0");
      assertThat(synced.getObservedGeneration()).isEqualTo(2L);
    });
    assertThat(mlflowArgs("downgrade")).as("nothing is half-applied").isEqualTo(argsBefore);
  }

  @Test
  void anInvalidSpecIsReportedNamingTheFieldAndChangesNothing() {
    var invalid = deployment("rejected", spec -> {});
    invalid.getMetadata().setLabels(Map.of(REJECT_LABEL, "true"));
    client.resource(invalid).create();

    awaitStatus("rejected", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("InvalidSpec");
      assertThat(condition(s, "Synced").getMessage()).contains("spec.mlflow.workers");
      assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    });
    assertNothingCreatedFor("rejected");
  }

  @Test
  void zeroWorkersAreRejectedByTheSpecValidator() {
    var probe = deployment("zero-workers", spec -> spec.mlflow.workers = 0);
    client.resource(probe).create();

    awaitStatus("zero-workers", s -> {
      assertThat(condition(s, "Synced").getStatus()).isEqualTo("False");
      assertThat(condition(s, "Synced").getReason()).isEqualTo("InvalidSpec");
      assertThat(condition(s, "Synced").getMessage()).contains("spec.mlflow.workers");
    });
    assertNothingCreatedFor("zero-workers");
  }

  @Test
  void aRailwayTargetWithoutATokenSaysWhereToPutOne() {
    var railway = deployment("on-railway", spec -> spec.target = Target.RAILWAY);
    railway.getSpec().railway = new RailwaySpec();
    railway.getSpec().railway.project = "demo";
    client.resource(railway).create();

    awaitStatus("on-railway", s -> {
      assertThat(condition(s, "Synced").getReason()).isEqualTo("RailwayTokenMissing");
      assertThat(condition(s, "Synced").getMessage()).contains("spec.railway.tokenSecretRef", "RAILWAY_TOKEN");
    });
    assertNothingCreatedFor("on-railway");
  }

  @Test
  void deletingWithRetainKeepsTheVolumeAndRemovesEverythingElse() {
    create("keep", spec -> spec.deletionPolicy = DeletionPolicy.Retain);
    awaitSynced("keep", 1);

    client.resources(MlflowDeployment.class).inNamespace(NS).withName("keep").delete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(cr("keep").get()).as("finalizer released").isNull();
      assertThat(client.apps().deployments().inNamespace(NS).withName("keep-mlflow").get()).isNull();
      assertThat(client.apps().deployments().inNamespace(NS).withName("keep-proxy").get()).isNull();
      assertThat(client.services().inNamespace(NS).withName("keep-proxy").get()).isNull();
      assertThat(client.secrets().inNamespace(NS).withName("keep-credentials").get()).isNull();
      assertThat(client.configMaps().inNamespace(NS).withName("keep-proxy-config").get()).isNull();
    });
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("keep-data").get()).isNotNull();
  }

  @Test
  void deletingWithDeleteRemovesTheVolumeToo() {
    create("remove", spec -> spec.deletionPolicy = DeletionPolicy.Delete);
    awaitSynced("remove", 1);
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("remove-data").get().getMetadata()
        .getOwnerReferences()).hasSize(1);

    client.resources(MlflowDeployment.class).inNamespace(NS).withName("remove").delete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(cr("remove").get()).as("finalizer released").isNull();
      assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("remove-data").get()).isNull();
      assertThat(client.apps().deployments().inNamespace(NS).withName("remove-mlflow").get()).isNull();
    });
  }
}
