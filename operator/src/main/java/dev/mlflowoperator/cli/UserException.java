package dev.mlflowoperator.cli;

/** A failure the person at the command line can fix; the message says how, so no stack trace hint follows it. */
final class UserException extends RuntimeException {
  UserException(String message) {
    super(message);
  }

  UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
