package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.kubernetes.CredentialsSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** MlflowDeployment resources in the cluster of the current kubeconfig context, found by name for env and delete. */
final class ClusterDeployments implements StatusSource {
  private final KubernetesClient client;
  private final String namespace;

  /** Looks in {@code namespace}, else the context's namespace, else default (as kubectl does). */
  ClusterDeployments(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespaceOr(namespace, client);
  }

  /** The namespace to use: the given one, else the kubeconfig context's, else default. */
  static String namespaceOr(String namespace, KubernetesClient client) {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    return client.getNamespace() == null ? "default" : client.getNamespace();
  }

  /** The resource named {@code name}; a user error naming the namespace when there is none. */
  MlflowDeployment get(String name) {
    return load(name).orElseThrow(() -> new UserException("no MlflowDeployment named \"" + name + "\" in namespace "
        + namespace + " of the cluster; list them with kubectl get mlflowdeployments -A, and pick one with"
        + " -n NAMESPACE"));
  }

  @Override
  public Optional<MlflowDeployment> load(String name) {
    return Optional.ofNullable(resource(name).get());
  }

  @Override
  public List<MlflowDeployment> list() {
    return client.resources(MlflowDeployment.class).inNamespace(namespace).list().getItems();
  }

  @Override
  public String where() {
    return "namespace " + namespace + " of the cluster";
  }

  /**
   * The generated (or user-given) password of {@code username}, one of the spec's users, that the operator keeps in
   * the credentials Secret ({@link Credentials#heldFor}).
   */
  Optional<String> password(MlflowDeployment deployment, String username) {
    Secret secret = client.secrets().inNamespace(namespace)
        .withName(new StackNames(deployment.getMetadata().getName()).credentials()).get();
    var stored = secret == null ? List.<Credentials>of() : CredentialsSecret.read(secret);
    var usernames = deployment.getSpec().proxy.auth.userList().stream().map(user -> user.username).toList();
    return Credentials.heldFor(stored, usernames, usernames.indexOf(username)).map(Credentials::password);
  }

  /** Asks the API server to delete the resource; the operator's finalizer then removes what it made. */
  void delete(MlflowDeployment deployment) {
    resource(deployment.getMetadata().getName()).delete();
  }

  /** Sets one annotation on the resource, keeping the others. */
  void annotate(String name, Map<String, String> values) {
    resource(name).edit(deployment -> {
      var annotations = new LinkedHashMap<String, String>();
      if (deployment.getMetadata().getAnnotations() != null) {
        annotations.putAll(deployment.getMetadata().getAnnotations());
      }
      annotations.putAll(values);
      deployment.getMetadata().setAnnotations(annotations);
      return deployment;
    });
  }

  /** Whether the resource is gone, i.e. the operator's finalizer has finished. */
  boolean isGone(String name) {
    return resource(name).get() == null;
  }

  /** The namespace it looks in. */
  String namespace() {
    return namespace;
  }

  private Resource<MlflowDeployment> resource(String name) {
    return client.resources(MlflowDeployment.class).inNamespace(namespace).withName(name);
  }
}
