package dev.mlflowoperator.secrets;

import java.util.Optional;

/** Reads one key of a named secret (a Kubernetes Secret, a local file, ...); empty when it does not exist. */
@FunctionalInterface
public interface SecretResolver {
  Optional<String> value(String secretName, String key);

  /** Knows no secrets: every reference is missing. */
  static SecretResolver none() {
    return (name, key) -> Optional.empty();
  }
}
