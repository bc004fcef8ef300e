package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import java.util.Objects;

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

  /** Compares the secret reference by name and key, since SecretKeyRef has identity equality. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EnvVar e
        && Objects.equals(name, e.name)
        && Objects.equals(value, e.value)
        && Objects.equals(secretName(), e.secretName())
        && Objects.equals(secretKey(), e.secretKey());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, secretName(), secretKey());
  }

  @Override
  public String toString() {
    return isSecret()
        ? "EnvVar[" + name + " from secret " + secretRef.name + "/" + secretRef.key + "]"
        : "EnvVar[" + name + "=" + value + "]";
  }

  private String secretName() {
    return secretRef == null ? null : secretRef.name;
  }

  private String secretKey() {
    return secretRef == null ? null : secretRef.key;
  }
}
