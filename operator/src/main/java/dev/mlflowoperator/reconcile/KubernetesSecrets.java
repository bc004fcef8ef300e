package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.CredentialsSecret;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Secrets of one namespace: references resolved from them, and the Railway target's credentials written to one. */
final class KubernetesSecrets {
  private KubernetesSecrets() {}

  /** Reads keys of Secrets in the namespace; a missing Secret or key is empty. */
  static SecretResolver resolver(KubernetesClient client, String namespace) {
    return (name, key) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
        .flatMap(secret -> CredentialsSecret.value(secret, key));
  }

  /**
   * Writes {@code <name>-credentials} for in-cluster clients, as a target: kubernetes stack has it, only when it
   * differs; a Secret of that name that is not ours is left as it is and the reconcile stops (ObjectNotOwned).
   */
  static void writeCredentials(KubernetesClient client, MlflowDeployment resource, Credentials credentials) {
    var names = new StackNames(resource.getMetadata().getName());
    CredentialsSecret.write(client, resource, DesiredStackFactory.credentials(names, credentials));
  }
}
