package dev.mlflowoperator.secrets;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private final SecureRandom random = new SecureRandom();
  private final BiPredicate<String, String> bcryptVerify;
  /**
   * The digest of the last hash-and-password pair verified in each credential slot (a deployment's user): a resync
   * checks the same pair every pass, and a slot's new pair replaces its old one, so this holds one entry per slot.
   */
  private final Map<String, String> verified = new ConcurrentHashMap<>();

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

  /** Whether the hash is a bcrypt hash of the password; false for a missing or malformed hash. */
  public boolean matches(String password, String hash) {
    // The parser throws on an empty hash (a Secret whose hash key is empty) instead of failing.
    if (password == null || hash == null || hash.isEmpty()) {
      return false;
    }
    return bcryptVerify.test(password, hash);
  }

  /**
   * As {@link #matches(String, String)}, remembering the pair that last matched in {@code slot} (as a digest), so the
   * ~0.1 s of bcrypt is spent once per change of the password or the hash, not on every resync; a null slot
   * remembers nothing.
   */
  public boolean matches(String slot, String password, String hash) {
    if (slot == null || password == null || hash == null || hash.isEmpty()) {
      return matches(password, hash);
    }
    String pair = pairDigest(password, hash);
    if (pair.equals(verified.get(slot))) {
      return true;
    }
    boolean matches = bcryptVerify.test(password, hash);
    if (matches) {
      verified.put(slot, pair);
    }
    return matches;
  }

  /** The credential slot of user {@code index} (in the spec's order) of deployment {@code namespace/name}. */
  public static String slot(String namespace, String name, int index) {
    return ofDeployment(namespace, name) + index;
  }

  /** Forgets what was verified for every user of a deleted deployment, so its memory goes with it. */
  public void forget(String namespace, String name) {
    String prefix = ofDeployment(namespace, name);
    verified.keySet().removeIf(slot -> slot.startsWith(prefix));
  }

  private static String ofDeployment(String namespace, String name) {
    return namespace + "/" + name + "/";
  }

  private static String pairDigest(String password, String hash) {
    return Sha256.hex(hash + "\n" + password);
  }

  /**
   * Keeps what already exists when it is consistent: the existing password unless the user
   * supplies one, and the existing hash while it still matches that password.
   */
  public Credentials resolve(String username, String userPassword, String existingPassword, String existingHash) {
    return resolve(null, username, userPassword, existingPassword, existingHash);
  }

  /**
   * As {@link #resolve(String, String, String, String)} for the credential slot {@code slot} (a deployment's user),
   * remembering the pair it keeps or makes there, so that the next resync does not run bcrypt again; a null slot
   * remembers nothing.
   */
  public Credentials resolve(String slot, String username, String userPassword, String existingPassword,
      String existingHash) {
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
    if (matches(slot, password, existingHash)) {
      return new Credentials(username, password, existingHash);
    }
    String hash = hash(password);
    if (slot != null) {
      verified.put(slot, pairDigest(password, hash));
    }
    return new Credentials(username, password, hash);
  }
}
