package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The informers' store keeps every field of an owned object that a drift comparison, an ownership check or a status
 * reads, without managedFields, and keeps the strings all stacks have in common once. Objects are today's rendered
 * stack as the API server returns them (a uid, a resource version, an owner reference, managedFields, a status).
 */
class CompactItemStoreTest {
  @Test
  void everyObjectIsKeptEqualToWhatTheServerSentButItsManagedFields() throws IOException {
    for (HasMetadata sent : stack("tracking")) {
      var store = new CompactItemStore<HasMetadata>();
      var expected = Serialization.clone(sent);
      expected.getMetadata().setManagedFields(null);

      store.put(store.getKey(sent), Serialization.clone(sent));

      var kept = store.get(store.getKey(sent));
      assertThat(kept.getMetadata().getManagedFields()).as(sent.getKind()).isNull();
      assertThat(kept).as(sent.getKind()).isEqualTo(expected);
      assertThat(Serialization.asJson(kept)).isEqualTo(Serialization.asJson(expected));
    }
  }

  @Test
  void aChangedImageOfACachedDeploymentIsStillSeenAndStartsAReconcile() throws IOException {
    var store = new CompactItemStore<Deployment>();
    var sent = deployment(stack("tracking"));
    var changed = new DeploymentBuilder(Serialization.clone(sent)).editMetadata().withResourceVersion("2").endMetadata()
        .editSpec().editTemplate().editSpec().editFirstContainer().withImage("example.org/other:1").endContainer()
        .endSpec().endTemplate().endSpec().build();
    String key = store.getKey(sent);

    var previous = store.put(key, sent);
    assertThat(previous).isNull();
    var before = store.get(key);
    store.put(key, changed);
    var after = store.get(key);

    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("example.org/other:1");
    assertThat(new OwnedObjectChanged().accept(after, before)).isTrue();
  }

  @Test
  void twoStacksKeepTheStringsAndEmptyMapsTheyHaveInCommonOnce() throws IOException {
    var store = new CompactItemStore<Deployment>();
    var first = deployment(stack("first"));
    var second = deployment(stack("second"));

    store.put(store.getKey(first), first);
    store.put(store.getKey(second), second);

    var a = store.get(store.getKey(first)).getSpec().getTemplate().getSpec().getContainers().get(0);
    var b = store.get(store.getKey(second)).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(a.getImage()).isEqualTo(b.getImage()).isSameAs(b.getImage());
    assertThat(a.getImagePullPolicy()).isSameAs(b.getImagePullPolicy());
    assertThat(a.getAdditionalProperties()).isEmpty();
    assertThat(a.getAdditionalProperties()).isSameAs(b.getAdditionalProperties());
  }

  /** Today's default stack under a name, each object as a watch delivers it. */
  private static List<HasMetadata> stack(String name) throws IOException {
    String yaml;
    try (InputStream in = CompactItemStoreTest.class.getResourceAsStream("/rendered/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("tracking", name);
    }
    var objects = new ArrayList<HasMetadata>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      HasMetadata object = Serialization.unmarshal(document);
      var meta = object.getMetadata();
      meta.setNamespace("ml");
      meta.setUid(name + "-" + meta.getName() + "-uid");
      meta.setResourceVersion("1");
      meta.setAdditionalProperty("future", Map.of("field", name));
      meta.setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("mlflow-operator")
          .withOperation("Update").withApiVersion(object.getApiVersion())
          .withNewFieldsV1().addToAdditionalProperties("f:metadata", Map.of("f:labels", Map.of())).endFieldsV1()
          .build()));
      meta.setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
          .withApiVersion("mlflow-operator.dev/v1alpha1").withKind("MlflowDeployment").withName(name)
          .withUid(name + "-uid").withController(true).withBlockOwnerDeletion(true).build()));
      if (object instanceof Deployment deployment) {
        deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withAvailableReplicas(1).withReplicas(1).withObservedGeneration(1L).build());
      }
      objects.add(Serialization.unmarshal(Serialization.asJson(object), object.getClass()));
    }
    assertThat(objects).hasSizeGreaterThan(5);
    return objects;
  }

  private static Deployment deployment(List<HasMetadata> stack) {
    return stack.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
  }
}
