package dev.mlflowoperator.secrets;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mlflowoperator.model.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Makes and checks the proxy credentials: a random password (generated once, then kept) and its
 * bcrypt hash for Caddy.
 */
public final class CredentialsGenerator {
  /**
   * Caddy checks the hash on every request, so the cost is the floor that is still considered
   * safe rather than Caddy's slower default.
   */
  public static final int BCRYPT_COST = 10;

  /** bcrypt only reads this many bytes; Caddy refuses longer passwords outright. */
  public static final int BCRYPT_MAX_BYTES = 72;

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  /** 32 characters from 62 symbols: about 190 bits. */
  private static final int PASSWORD_LENGTH = 32;

  private final SecureRandom random = new SecureRandom();

  public String generatePassword() {
    var sb = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  public String hash(String password) {
    return BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
  }

  /** Whether the hash is a bcrypt hash of the password; false for a missing or malformed hash. */
  public boolean matches(String password, String hash) {
    // The parser throws on an empty hash (a Secret whose hash key is empty) instead of failing.
    if (password == null || hash == null || hash.isEmpty()) {
      return false;
    }
    return BCrypt.verifyer()
        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
        .verified;
  }

  /**
   * Keeps what already exists when it is consistent: the existing password unless the user
   * supplies one, and the existing hash while it still matches that password.
   */
  public Credentials resolve(String username, String userPassword, String existingPassword, String existingHash) {
    if (userPassword != null && userPassword.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
      throw new IllegalArgumentException(
          "the password in spec.proxy.auth.passwordSecretRef is longer than " + BCRYPT_MAX_BYTES
              + " bytes, which bcrypt (and so Caddy) cannot check; use a password of at most "
              + BCRYPT_MAX_BYTES + " bytes");
    }
    String password = userPassword != null ? userPassword : existingPassword;
    if (password == null || password.isEmpty()) {
      password = generatePassword();
    }
    String hash = matches(password, existingHash) ? existingHash : hash(password);
    return new Credentials(username, password, hash);
  }
}
