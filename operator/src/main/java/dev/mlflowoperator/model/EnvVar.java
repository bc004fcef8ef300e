package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;

/** One environment variable of a container: a literal value or a reference to a secret key. */
public record EnvVar(String name, String value, SecretKeyRef secretRef) {
  public static EnvVar literal(String name, String value) {
    return new EnvVar(name, value, null);
  }

  public static EnvVar fromSecret(String name, String secretName, String key) {
    return new EnvVar(name, null, new SecretKeyRef(secretName, key));
  }

  public boolean isSecret() {
    return secretRef != null;
  }
}
