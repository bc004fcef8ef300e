package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.OwnerReferences;
import dev.mlflowoperator.platform.kubernetes.Ownership;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Secrets of one namespace for the Railway target: references resolved from them, credentials written to one. */
final class KubernetesSecrets {
  private KubernetesSecrets() {}

  /** Reads keys of Secrets in the namespace; a missing Secret or key is empty. */
  static SecretResolver resolver(KubernetesClient client, String namespace) {
    return (name, key) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
        .map(secret -> decode(secret, key));
  }

  /**
   * Writes {@code <name>-credentials} (username, password) for in-cluster clients, only when it differs; a Secret of
   * that name that is not ours is left as it is and the reconcile stops (ObjectNotOwned).
   */
  static void writeCredentials(KubernetesClient client, MlflowDeployment resource, Credentials credentials) {
    String namespace = resource.getMetadata().getNamespace();
    var names = new StackNames(resource.getMetadata().getName());
    var data = new LinkedHashMap<String, String>();
    data.put(Credentials.USERNAME_KEY, encode(credentials.username()));
    data.put(Credentials.PASSWORD_KEY, encode(credentials.password()));
    Secret current = client.secrets().inNamespace(namespace).withName(names.credentials()).get();
    if (current != null) {
      Ownership.refuseForeign(List.of(current), resource);
    }
    if (current != null && data.equals(current.getData())) {
      return;
    }
    Secret desired = new SecretBuilder()
        .withNewMetadata()
        .withName(names.credentials())
        .withNamespace(namespace)
        .withLabels(names.labels("secrets"))
        .withOwnerReferences(List.of(OwnerReferences.to(resource)))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
    client.resource(desired).createOr(existing -> existing.update());
  }

  private static String decode(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
