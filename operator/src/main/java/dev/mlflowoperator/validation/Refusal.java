package dev.mlflowoperator.validation;

/**
 * A valid spec change the operator will not carry out because it would lose data: the field, a
 * CamelCase condition reason and a message saying what to do instead.
 */
public record Refusal(String path, String reason, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
