package dev.mlflowoperator.platform;

import dev.mlflowoperator.validation.Refusal;

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

  /** A refused spec change, reported with its field path and reason. */
  public static TerminalException of(Refusal refusal) {
    return new TerminalException(refusal.reason(), refusal.toString());
  }

  public String reason() {
    return reason;
  }
}
