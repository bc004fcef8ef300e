package dev.mlflowoperator.state;

/** A problem with the local state a person can act on; the message says what to do next. */
public final class StateException extends RuntimeException {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
