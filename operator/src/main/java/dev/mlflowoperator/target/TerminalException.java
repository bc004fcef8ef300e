package dev.mlflowoperator.target;

/**
 * A failure that retrying cannot fix: the spec or a referenced secret must change. Carries a
 * CamelCase reason for the Synced condition and a message for the user; never a secret value.
 */
public final class TerminalException extends RuntimeException {
  private final String reason;

  public TerminalException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
