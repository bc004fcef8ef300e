package dev.mlflowoperator.secrets;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.railway.Redactor;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets one reconcile has read (through it, as a {@link SecretResolver}) or computed (the proxy credentials),
 * so that its messages can leave without them: Railway may repeat in an error anything it was sent.
 */
public final class SeenSecrets implements SecretResolver {
  private final SecretResolver secrets;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public SeenSecrets(SecretResolver secrets) {
    this.secrets = secrets;
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    Optional<String> value = secrets.value(secretName, key);
    value.ifPresent(seen::add);
    return value;
  }

  /** Remembers the password and hash the proxy is given. */
  public void add(Credentials credentials) {
    Optional.ofNullable(credentials.password()).ifPresent(seen::add);
    Optional.ofNullable(credentials.passwordHash()).ifPresent(seen::add);
  }

  /** Takes every secret seen so far out of a text, and cuts it. */
  public Redactor redactor() {
    return Redactor.of(seen);
  }
}
