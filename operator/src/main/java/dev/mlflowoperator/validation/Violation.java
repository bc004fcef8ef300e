package dev.mlflowoperator.validation;

/** One problem with a spec: the field path (spec.storage.size) and what is wrong and what would be valid. */
public record Violation(String path, String message) {
  /** {@code path: message}, or only the message when it concerns the whole document (empty path). */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
