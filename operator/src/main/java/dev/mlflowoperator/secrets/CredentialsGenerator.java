package dev.mlflowoperator.secrets;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

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

  /** Hash-and-password pairs already verified, by digest: a resync checks the same pair every pass. */
  private static final int VERIFIED_REMEMBERED = 256;

  private final SecureRandom random = new SecureRandom();
  private final BiPredicate<String, String> bcryptVerify;
  private final Set<String> verified = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > VERIFIED_REMEMBERED;
    }
  });

  public CredentialsGenerator() {
    this((password, hash) -> BCrypt.verifyer()
        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
        .verified);
  }

  /** With {@code bcryptVerify} doing the slow check, so that a test can count how often it runs. */
  CredentialsGenerator(BiPredicate<String, String> bcryptVerify) {
    this.bcryptVerify = bcryptVerify;
  }

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

  /**
   * Whether the hash is a bcrypt hash of the password; false for a missing or malformed hash. A pair that matched
   * once is remembered (as a digest), so the ~0.1 s of bcrypt is not spent again on every resync.
   */
  public boolean matches(String password, String hash) {
    // The parser throws on an empty hash (a Secret whose hash key is empty) instead of failing.
    if (password == null || hash == null || hash.isEmpty()) {
      return false;
    }
    String pair = Sha256.hex(hash + "\n" + password);
    synchronized (verified) {
      if (verified.contains(pair)) {
        return true;
      }
    }
    boolean matches = bcryptVerify.test(password, hash);
    if (matches) {
      synchronized (verified) {
        verified.add(pair);
      }
    }
    return matches;
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
