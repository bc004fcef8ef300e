package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.secrets.SeenSecrets;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * One deployment as the loop hands it to a platform: the resource (spec and previous status), its generated names,
 * the IDs recorded so far, and its secret references, remembering every secret read so messages can leave without.
 */
public final class Stack {
  private final MlflowDeployment resource;
  private final StackNames names;
  private final RecordedIds ids;
  private final SeenSecrets secrets;

  public Stack(MlflowDeployment resource, SecretResolver secrets) {
    this.resource = resource;
    this.names = new StackNames(resource.getMetadata().getName());
    this.ids = new RecordedIds(resource.getStatus() == null ? null : resource.getStatus().ids);
    this.secrets = new SeenSecrets(secrets);
  }

  private Stack(MlflowDeployment resource, StackNames names, RecordedIds ids, SeenSecrets secrets) {
    this.resource = resource;
    this.names = names;
    this.ids = ids;
    this.secrets = secrets;
  }

  /**
   * The same stack (its IDs and secrets shared) with {@code spec.mlflow.version} set to {@code version}: what the
   * loop applies while an upgrade waits for its backup.
   */
  public Stack atMlflowVersion(String version) {
    MlflowDeployment copy = Serialization.clone(resource);
    copy.getSpec().mlflow.version = version;
    return new Stack(copy, names, ids, secrets);
  }

  public MlflowDeployment resource() {
    return resource;
  }

  public MlflowDeploymentSpec spec() {
    return resource.getSpec();
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public StackNames names() {
    return names;
  }

  public RecordedIds ids() {
    return ids;
  }

  public SeenSecrets secrets() {
    return secrets;
  }
}
