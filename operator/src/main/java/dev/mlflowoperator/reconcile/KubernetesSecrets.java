package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.CredentialsSecret;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The Railway target's proxy credentials, written to the stack's credentials Secret for in-cluster clients. */
final class KubernetesSecrets {
  private KubernetesSecrets() {}

  /**
   * Writes {@code <name>-credentials} for in-cluster clients, as a target: kubernetes stack has it, only when it
   * differs; a Secret of that name that is not ours is left as it is and the reconcile stops (ObjectNotOwned).
   */
  static void writeCredentials(KubernetesClient client, MlflowDeployment resource, Credentials credentials) {
    var names = new StackNames(resource.getMetadata().getName());
    CredentialsSecret.write(client, resource, DesiredStackFactory.credentials(names, credentials));
  }
}
