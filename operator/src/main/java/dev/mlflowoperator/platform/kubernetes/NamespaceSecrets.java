package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** The secret references of a resource, resolved from the Secrets of its namespace, one GET each. */
public final class NamespaceSecrets {
  private NamespaceSecrets() {}

  /** Reads keys of Secrets in the namespace; a missing Secret or key is empty. */
  public static SecretResolver resolver(KubernetesClient client, String namespace) {
    return (name, key) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
        .flatMap(secret -> CredentialsSecret.value(secret, key));
  }
}
