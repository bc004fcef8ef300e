package dev.mlflowoperator.api.v1alpha1;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request to rotate one user's password: the annotation {@code mlflow-operator.dev/rotate: USERNAME@NONCE} on the
 * MlflowDeployment. A nonce not yet handled for that user (its {@code status.users[].rotation}) gives the user a new
 * password (or re-reads their passwordSecretRef); the same nonce seen again does nothing. A username holds no
 * {@code @}, so the first one splits the two.
 */
public record RotateAnnotation(String username, String nonce) {
  public static final String NAME = "mlflow-operator.dev/rotate";
  /** Where a violation of the annotation is reported. */
  public static final String PATH = "metadata.annotations[" + NAME + "]";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The annotation of {@code resource}; empty when it has none, or when it is malformed (see {@link #problem}). */
  public static Optional<RotateAnnotation> of(MlflowDeployment resource) {
    return value(resource).flatMap(RotateAnnotation::parse);
  }

  /** The annotation's raw value, if set. */
  public static Optional<String> value(MlflowDeployment resource) {
    Map<String, String> annotations = resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(NAME));
  }

  /** A fresh nonce: 8 random bytes in hex. */
  public static String newNonce() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** What is wrong with the annotation of {@code resource}, naming the users it may name; empty when valid or unset. */
  public static Optional<String> problem(MlflowDeployment resource) {
    var value = value(resource);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    var parsed = parse(value.get());
    if (parsed.isEmpty()) {
      return Optional.of("found \"" + value.get().replaceAll("\\p{Cntrl}", "?")
          + "\"; expected USERNAME@NONCE, e.g. alice@2026-11-29-1 (a new nonce for each rotation)");
    }
    var usernames = resource.getSpec() == null || resource.getSpec().proxy == null ? List.<String>of()
        : resource.getSpec().proxy.auth.userList().stream().map(user -> user.username).toList();
    if (!usernames.contains(parsed.get().username())) {
      return Optional.of("names user \"" + parsed.get().username() + "\", who is not in spec.proxy.auth.users; name"
          + " one of " + String.join(", ", usernames) + ", or remove the annotation");
    }
    return Optional.empty();
  }

  /** {@code USERNAME@NONCE}. */
  @Override
  public String toString() {
    return username + "@" + nonce;
  }

  private static Optional<RotateAnnotation> parse(String value) {
    int at = value.indexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    return Optional.of(new RotateAnnotation(value.substring(0, at), value.substring(at + 1)));
  }
}
