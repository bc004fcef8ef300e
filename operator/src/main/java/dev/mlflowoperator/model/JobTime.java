package dev.mlflowoperator.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalTime;

/**
 * The time of day (UTC) at which a deployment's scheduled jobs run: a minute within 02:00-05:59 taken from a hash of
 * its namespace and name, so that it is the same on every reconcile and every platform, and many deployments do not
 * all run their housekeeping in the same minute.
 */
public final class JobTime {
  /** The first minute of the window. */
  static final LocalTime EARLIEST = LocalTime.of(2, 0);
  /** The window's length in minutes: 02:00 to 05:59. */
  static final int WINDOW_MINUTES = 4 * 60;

  private JobTime() {}

  /** The time for the deployment {@code name} in {@code namespace} (null where the platform has none). */
  public static LocalTime of(String namespace, String name) {
    byte[] key = ((namespace == null ? "" : namespace) + "/" + name).getBytes(StandardCharsets.UTF_8);
    try {
      int hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key)).getInt();
      return EARLIEST.plusMinutes(Integer.remainderUnsigned(hash, WINDOW_MINUTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
