package dev.mlflowoperator.railway.sandbox;

/** A refusal worded as Railway words it; the sandbox returns the message as a GraphQL error. */
final class SandboxException extends RuntimeException {
  SandboxException(String message) {
    super(message, null, false, false);
  }

  static SandboxException notFound(String what) {
    return new SandboxException(what + " not found");
  }
}
