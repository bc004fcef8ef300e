package dev.mlflowoperator.status;

/** Whether the last reconcile applied the spec, and if not the CamelCase reason and a message for the user. */
public record SyncResult(boolean synced, String reason, String message) {
  public static SyncResult success() {
    return new SyncResult(true, Reasons.RECONCILE_SUCCESS, "The spec is applied.");
  }

  public static SyncResult failed(String reason, String message) {
    return new SyncResult(false, reason, message);
  }
}
