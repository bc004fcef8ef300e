package dev.mlflowoperator.platform;

/** Where one backup of the data volume is: still running, complete (restorable), or failed with the platform's message. */
public record BackupProgress(State state, String message) {
  /** The three states a platform's backup is read in. */
  public enum State { RUNNING, COMPLETE, FAILED }

  public static BackupProgress running() {
    return new BackupProgress(State.RUNNING, null);
  }

  public static BackupProgress complete() {
    return new BackupProgress(State.COMPLETE, null);
  }

  public static BackupProgress failed(String message) {
    return new BackupProgress(State.FAILED, message);
  }
}
