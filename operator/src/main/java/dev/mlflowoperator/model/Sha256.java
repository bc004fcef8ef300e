package dev.mlflowoperator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a text as lower-case hex: config hashes, token fingerprints, remembered password checks. */
public final class Sha256 {
  private static final int DIGEST_BYTES = 32;

  private Sha256() {}

  /** The whole digest: 64 hex digits. */
  public static String hex(String text) {
    return hex(text, DIGEST_BYTES);
  }

  /** The digest's first {@code bytes} bytes, twice as many hex digits. */
  public static String hex(String text, int bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
