package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.AuthSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <name>-credentials} Secret, whatever the target: the one place that renders it (its keys and labels),
 * writes it outside a Kubernetes stack's plan, and decodes a Secret's values.
 */
public final class CredentialsSecret {
  private CredentialsSecret() {}

  /** The Secret with the keys of {@link Credentials} for each user, labelled as a part of the service that reads it. */
  static Secret render(StackNames names, CredentialsComponent component, String namespace) {
    var data = new LinkedHashMap<String, String>();
    component.data().forEach((key, value) -> data.put(key, base64(value)));
    return new SecretBuilder()
        .withMetadata(CoreObjectRenderer.meta(names, component.name(), namespace, component.usedBy()))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * Writes the Secret, owned by the resource, only when its data or labels differ; a Secret of that name that is
   * not ours is left as it is and the reconcile stops (ObjectNotOwned).
   */
  public static void write(KubernetesClient client, MlflowDeployment resource, CredentialsComponent component) {
    String namespace = resource.getMetadata().getNamespace();
    var names = new StackNames(resource.getMetadata().getName());
    Secret desired = render(names, component, namespace);
    desired.getMetadata().setOwnerReferences(List.of(OwnerReferences.to(resource)));
    Secret current = client.secrets().inNamespace(namespace).withName(component.name()).get();
    if (current == null) {
      client.resource(desired).create();
      return;
    }
    Ownership.refuseForeign(List.of(current), resource);
    if (!desired.getData().equals(current.getData())
        || !desired.getMetadata().getLabels().equals(current.getMetadata().getLabels())) {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  /** The credentials of each user the Secret holds a password for, the first user's keys first. */
  public static List<Credentials> read(Secret secret) {
    var users = new ArrayList<Credentials>();
    for (int i = 0; i < AuthSpec.MAX_USERS; i++) {
      int index = i;
      value(secret, Credentials.key(Credentials.PASSWORD_KEY, i)).ifPresent(password -> users.add(new Credentials(
          value(secret, Credentials.key(Credentials.USERNAME_KEY, index)).orElse(null), password,
          value(secret, Credentials.key(Credentials.PASSWORD_HASH_KEY, index)).orElse(null))));
    }
    return users;
  }

  /** The decoded value of a key, from data or else stringData; empty when the Secret lacks the key. */
  public static Optional<String> value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.ofNullable(secret.getStringData()).map(data -> data.get(key));
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
