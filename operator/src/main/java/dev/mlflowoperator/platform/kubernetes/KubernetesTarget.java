package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Kubernetes target: observe (reads, never writes), plan (pure diff), apply (create or update,
 * idempotent) and delete, for the objects of one MlflowDeployment in its namespace.
 */
public final class KubernetesTarget {
  public static final String FIELD_MANAGER = "mlflow-operator";

  private final KubernetesClient client;
  private final boolean serverSideApply;
  private final CredentialsGenerator generator;

  public KubernetesTarget(KubernetesClient client, boolean serverSideApply, CredentialsGenerator generator) {
    this.client = client;
    this.serverSideApply = serverSideApply;
    this.generator = generator;
  }

  /** Reads the nine objects straight from the API server, so a write just made is always seen. */
  public ObservedStack observe(String namespace, StackNames names) {
    var found = Stream.of(
            client.secrets().inNamespace(namespace).withName(names.credentials()).get(),
            client.configMaps().inNamespace(namespace).withName(names.proxyConfig()).get(),
            client.persistentVolumeClaims().inNamespace(namespace).withName(names.dataVolume()).get(),
            client.network().v1().networkPolicies().inNamespace(namespace).withName(names.mlflow()).get(),
            client.network().v1().networkPolicies().inNamespace(namespace).withName(names.proxy()).get(),
            client.apps().deployments().inNamespace(namespace).withName(names.mlflow()).get(),
            client.services().inNamespace(namespace).withName(names.mlflow()).get(),
            client.apps().deployments().inNamespace(namespace).withName(names.proxy()).get(),
            client.services().inNamespace(namespace).withName(names.proxy()).get())
        .filter(Objects::nonNull)
        .toList();
    return new ObservedStack(found);
  }

  /** Throws TerminalException (ObjectNotOwned) when an object found under one of the stack's names is not ours. */
  public void refuseForeign(MlflowDeployment resource, ObservedStack observed) {
    Ownership.refuseForeign(observed.all(), resource);
  }

  /** The user's password if referenced, else the one already stored; generated only when there is none. */
  public Credentials credentials(MlflowDeployment resource, ObservedStack observed) {
    var auth = resource.getSpec().proxy.auth;
    String namespace = resource.getMetadata().getNamespace();
    String userPassword = auth.passwordSecretRef == null ? null : userPassword(namespace, auth.passwordSecretRef);
    var names = new StackNames(resource.getMetadata().getName());
    var stored = observed.get("Secret/" + names.credentials()).map(Secret.class::cast);
    try {
      return generator.resolve(
          auth.username,
          userPassword,
          stored.map(s -> decode(s, Credentials.PASSWORD_KEY)).orElse(null),
          stored.map(s -> decode(s, Credentials.PASSWORD_HASH_KEY)).orElse(null));
    } catch (IllegalArgumentException e) {
      // Only a user-supplied password can be refused (too long for bcrypt); retrying cannot help.
      throw new TerminalException(Reasons.PASSWORD_REFUSED, e.getMessage());
    }
  }

  /** The objects for the resource, owned by it; the PVC only when the deletion policy is Delete. */
  public KubernetesStack desired(MlflowDeployment resource, Credentials credentials) {
    String name = resource.getMetadata().getName();
    var names = new StackNames(name);
    var options = KubernetesOptions.of(resource.getMetadata().getNamespace(), resource.getSpec().kubernetes);
    var stack = DesiredStackFactory.build(name, resource.getSpec(), credentials, KubernetesAddresses.of(names, options));
    var rendered = KubernetesStackRenderer.render(stack, options);
    var owner = OwnerReferences.to(resource);
    for (HasMetadata object : rendered.inApplyOrder()) {
      if (object != rendered.data() || !stack.storage().retain()) {
        object.getMetadata().setOwnerReferences(List.of(owner));
      }
    }
    return rendered;
  }

  public Plan plan(KubernetesStack desired, ObservedStack observed) {
    return StackPlanner.plan(desired, observed);
  }

  /** Applies the changes in order and records each object as the API server returned it. */
  public void apply(Plan plan, ObservedStack observed) {
    for (Change change : plan.changes()) {
      HasMetadata result;
      if (serverSideApply) {
        result = client.resource(change.desired()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      } else if (change instanceof Change.Update update) {
        result = client.resource(update.merged()).update();
      } else {
        result = client.resource(change.desired()).create();
      }
      observed.put(result);
    }
  }

  /**
   * Deletes what the resource owns, newest first. Explicit rather than left to garbage collection,
   * which is harmless on a cluster and needed where there is none. The PVC goes only with Delete;
   * an object with one of the stack's names that is not ours stays.
   */
  public void delete(MlflowDeployment resource) {
    boolean deleteData = resource.getSpec() != null && resource.getSpec().deletionPolicy == DeletionPolicy.Delete;
    var names = new StackNames(resource.getMetadata().getName());
    var objects = new ArrayList<>(observe(resource.getMetadata().getNamespace(), names).all());
    Collections.reverse(objects);
    for (HasMetadata object : objects) {
      boolean keep = object instanceof PersistentVolumeClaim && !deleteData;
      if (!keep && Ownership.isOurs(object, resource)) {
        client.resource(object).delete();
      }
    }
  }

  private String userPassword(String namespace, SecretKeyRef ref) {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    String password = secret == null ? null : decode(secret, ref.key);
    if (password == null || password.isEmpty()) {
      throw new TerminalException(
          Reasons.PASSWORD_SECRET_NOT_FOUND,
          "spec.proxy.auth.passwordSecretRef: Secret '" + ref.name + "' in namespace '" + namespace
              + "' has no key '" + ref.key + "'; create it or remove the reference to get a generated password.");
    }
    return password;
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }
}
