package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of managed object, changed or deleted out of band, is put back and recorded as drift. */
class KubernetesDriftRepairTest extends OperatorTestBase {
  /** Reads the value a tampering changes, so the test can see it put back. */
  interface Probe extends BiFunction<KubernetesClient, String, Object> {}

  /** Changes an object of the named stack behind the operator's back. */
  interface Tamper extends BiConsumer<KubernetesClient, String> {}

  static Stream<Arguments> modifications() {
    return Stream.of(
        arguments("secret-user", "Secret/%s-credentials: data.username",
            (Probe) (c, n) -> c.secrets().inNamespace(NS).withName(n + "-credentials").get().getData().get("username"),
            (Tamper) (c, n) -> c.secrets().inNamespace(NS).withName(n + "-credentials").edit(s -> {
              s.getData().put("username", base64("intruder"));
              return s;
            })),
        arguments("secret-hash", "Secret/%s-credentials: data.passwordHash",
            (Probe) (c, n) -> c.secrets().inNamespace(NS).withName(n + "-credentials").get().getData().get("password"),
            (Tamper) (c, n) -> c.secrets().inNamespace(NS).withName(n + "-credentials").edit(s -> {
              s.getData().remove("passwordHash");
              return s;
            })),
        arguments("configmap", "ConfigMap/%s-proxy-config: data.Caddyfile",
            (Probe) (c, n) -> c.configMaps().inNamespace(NS).withName(n + "-proxy-config").get().getData(),
            (Tamper) (c, n) -> c.configMaps().inNamespace(NS).withName(n + "-proxy-config").edit(m -> {
              m.getData().put("Caddyfile", ":8080 { respond \"open\" }");
              return m;
            })),
        arguments("image", "Deployment/%s-mlflow: spec.template.spec.containers[0].image",
            (Probe) (c, n) -> mlflowContainer(c, n).getImage(),
            (Tamper) (c, n) -> c.apps().deployments().inNamespace(NS).withName(n + "-mlflow").edit(d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("mlflow:evil");
              return d;
            })),
        arguments("replicas", "Deployment/%s-mlflow: spec.replicas",
            (Probe) (c, n) -> c.apps().deployments().inNamespace(NS).withName(n + "-mlflow").get().getSpec().getReplicas(),
            (Tamper) (c, n) -> c.apps().deployments().inNamespace(NS).withName(n + "-mlflow").edit(d -> {
              d.getSpec().setReplicas(3);
              return d;
            })),
        arguments("args", "Deployment/%s-proxy: spec.template.spec.containers[0].args",
            (Probe) (c, n) -> c.apps().deployments().inNamespace(NS).withName(n + "-proxy").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getArgs(),
            (Tamper) (c, n) -> c.apps().deployments().inNamespace(NS).withName(n + "-proxy").edit(d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("caddy", "file-server"));
              return d;
            })),
        arguments("service-port", "Service/%s-mlflow: spec.ports[0].port",
            (Probe) (c, n) -> c.services().inNamespace(NS).withName(n + "-mlflow").get().getSpec().getPorts().get(0).getPort(),
            (Tamper) (c, n) -> c.services().inNamespace(NS).withName(n + "-mlflow").edit(s -> {
              s.getSpec().getPorts().get(0).setPort(5001);
              s.getSpec().getPorts().get(0).setTargetPort(new IntOrString(5001));
              return s;
            })),
        arguments("policy-from", "NetworkPolicy/%s-mlflow: spec.ingress[0].from",
            (Probe) (c, n) -> c.network().v1().networkPolicies().inNamespace(NS).withName(n + "-mlflow").get()
                .getSpec().getIngress().get(0).getFrom(),
            (Tamper) (c, n) -> c.network().v1().networkPolicies().inNamespace(NS).withName(n + "-mlflow").edit(p -> {
              p.getSpec().getIngress().get(0).setFrom(List.of());
              return p;
            })),
        arguments("pvc-labels", "PersistentVolumeClaim/%s-data: metadata.labels",
            (Probe) (c, n) -> c.persistentVolumeClaims().inNamespace(NS).withName(n + "-data").get().getMetadata()
                .getLabels().get("app.kubernetes.io/component"),
            (Tamper) (c, n) -> c.persistentVolumeClaims().inNamespace(NS).withName(n + "-data").edit(p -> {
              p.getMetadata().getLabels().remove("app.kubernetes.io/component");
              return p;
            })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modifications")
  void aModifiedObjectIsPutBackAndRecordedAsDrift(String name, String expectedField, Probe probe, Tamper tamper) {
    create(name, spec -> {});
    awaitSynced(name, 1);
    Object before = probe.apply(client, name);

    tamper.accept(client, name);

    awaitStatus(name, s -> {
      assertThat(s.drift).isNotNull();
      assertThat(s.drift.count).isEqualTo(1);
      assertThat(s.drift.lastTime).isNotBlank();
      assertThat(s.drift.fields).contains(expectedField.formatted(name));
    });
    assertThat(probe.apply(client, name)).isEqualTo(before);
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        arguments("del-secret", "Secret", "%s-credentials"),
        arguments("del-configmap", "ConfigMap", "%s-proxy-config"),
        arguments("del-pvc", "PersistentVolumeClaim", "%s-data"),
        arguments("del-mlflow-policy", "NetworkPolicy", "%s-mlflow"),
        arguments("del-proxy-policy", "NetworkPolicy", "%s-proxy"),
        arguments("del-mlflow", "Deployment", "%s-mlflow"),
        arguments("del-mlflow-svc", "Service", "%s-mlflow"),
        arguments("del-proxy", "Deployment", "%s-proxy"),
        arguments("del-proxy-svc", "Service", "%s-proxy"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void aDeletedObjectIsRecreatedAndRecordedAsDrift(String name, String kind, String objectName) {
    create(name, spec -> {});
    awaitSynced(name, 1);
    String key = kind + "/" + objectName.formatted(name);
    String uidBefore = status(name).ids.get(key);
    HasMetadata object = find(kind, objectName.formatted(name));

    client.resource(object).delete();

    awaitStatus(name, s -> {
      assertThat(s.drift).isNotNull();
      assertThat(s.drift.count).isEqualTo(1);
      assertThat(s.drift.fields).contains(key + ": missing");
      assertThat(s.ids.get(key)).isNotEqualTo(uidBefore);
    });
    assertThat(find(kind, objectName.formatted(name))).isNotNull();
  }

  @Test
  void aDeletedDataVolumeIsRecreatedEmptyAndSaidInSyncedOnceInTheEventsAndInTheStorageMessageWhileItLives() {
    create("lost", spec -> {});
    awaitSynced("lost", 1);
    String uidBefore = status("lost").ids.get("PersistentVolumeClaim/lost-data");

    client.persistentVolumeClaims().inNamespace(NS).withName("lost-data").delete();

    awaitStatus("lost", s -> {
      var synced = condition(s, "Synced");
      assertThat(synced.getStatus()).isEqualTo("True");
      assertThat(synced.getReason()).isEqualTo("DataVolumeRecreated");
      assertThat(synced.getMessage()).contains("data volume was deleted outside the operator",
          "a new empty volume was created", "earlier experiment data is gone");
      assertThat(s.ids.get("PersistentVolumeClaim/lost-data")).isNotEqualTo(uidBefore);
    });
    assertThat(status("lost").components.get("storage").message).contains("a new empty volume was created");
    assertThat(volumeEvents("lost")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("MlflowDeployment");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(cr("lost").get().getMetadata().getUid());
      assertThat(e.getMessage()).contains("a new empty volume was created");
    });

    cluster.makeAvailable(NS, "lost");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status("lost").components.get("storage").state).isEqualTo("Ready"));
    assertThat(condition(status("lost"), "Synced").getReason()).as("said until the spec changes")
        .isEqualTo("DataVolumeRecreated");
    edit("lost", d -> d.getSpec().mlflow.workers = 3);
    awaitSynced("lost", 2);

    assertThat(condition(status("lost"), "Synced").getReason()).isEqualTo("ReconcileSuccess");
    assertThat(status("lost").components.get("storage").message).as("said as long as the replacement volume exists")
        .contains("a new empty volume was created").contains("bound");
    assertThat(volumeEvents("lost")).as("the warning is recorded once, not every reconcile").hasSize(1);
  }

  private List<Event> volumeEvents(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "DataVolumeRecreated".equals(e.getReason()) && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private HasMetadata find(String kind, String objectName) {
    return switch (kind) {
      case "Secret" -> client.secrets().inNamespace(NS).withName(objectName).get();
      case "ConfigMap" -> client.configMaps().inNamespace(NS).withName(objectName).get();
      case "PersistentVolumeClaim" -> client.persistentVolumeClaims().inNamespace(NS).withName(objectName).get();
      case "Deployment" -> client.apps().deployments().inNamespace(NS).withName(objectName).get();
      case "Service" -> client.services().inNamespace(NS).withName(objectName).get();
      case "NetworkPolicy" -> client.network().v1().networkPolicies().inNamespace(NS).withName(objectName).get();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static io.fabric8.kubernetes.api.model.Container mlflowContainer(KubernetesClient c, String name) {
    return c.apps().deployments().inNamespace(NS).withName(name + "-mlflow").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
