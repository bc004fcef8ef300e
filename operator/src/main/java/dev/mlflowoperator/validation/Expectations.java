package dev.mlflowoperator.validation;

import dev.mlflowoperator.api.v1alpha1.Patterns;
import java.util.Map;

/** What a valid value looks like, in words, for each pattern the API uses. */
public final class Expectations {
  private static final Map<String, String> BY_PATTERN = Map.of(
      Patterns.RESOURCE_NAME,
      "a name of 1 to " + Patterns.RESOURCE_NAME_MAX + " lowercase letters, digits or '-', "
          + "starting with a letter and ending with a letter or digit, such as tracking",
      Patterns.NAMESPACE, "a namespace name of at most 63 lowercase letters, digits or '-'",
      Patterns.RAILWAY_NAME,
      "a Railway name of 1 to 63 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit",
      Patterns.RAILWAY_REGION, "a Railway region such as us-west2",
      Patterns.PINNED_VERSION, "a pinned MLflow release such as 3.17.0 (major.minor.patch)",
      Patterns.CADDY_VERSION, "a Caddy 2 version such as 2.11 or 2.11.2",
      Patterns.USERNAME, "1 to 64 letters, digits, '.', '_' or '-' (no ':', spaces, braces, quotes or '@'), such as mlflow",
      Patterns.SIZE, "a positive quantity such as 5Gi or 500Mi",
      Patterns.QUANTITY, "a Kubernetes quantity such as 500m, 1 or 2Gi",
      Patterns.MOUNT_PATH, "an absolute directory path other than /, such as /mlflow");

  private Expectations() {}

  /** The description of a pattern; the pattern itself when it is not one of ours. */
  public static String forPattern(String pattern) {
    return BY_PATTERN.getOrDefault(pattern, "a value matching " + pattern);
  }
}
