package dev.mlflowoperator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Generated passwords, their bcrypt hashes, and keeping what already exists. */
class CredentialsGeneratorTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final CredentialsGenerator generator = new CredentialsGenerator();

  @Test
  void passwordsCarryAtLeast128BitsOfEntropy() {
    String password = generator.generatePassword();

    assertThat(password).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9]+");
    double bits = password.length() * Math.log(ALPHABET.length()) / Math.log(2);
    assertThat(bits).isGreaterThanOrEqualTo(128);
  }

  @Test
  void passwordsAreDistinctAndDrawOnTheWholeAlphabet() {
    var passwords = IntStream.range(0, 1000).mapToObj(i -> generator.generatePassword()).toList();

    assertThat(new HashSet<>(passwords)).hasSize(1000);
    var used = new HashSet<Character>();
    passwords.forEach(p -> p.chars().forEach(c -> used.add((char) c)));
    // 32,000 draws from 62 symbols: a missing symbol would mean a biased or truncated alphabet.
    assertThat(used).hasSize(ALPHABET.length());
  }

  @Test
  void hashIsBcryptAtCost10() {
    String hash = generator.hash("correct horse battery staple");

    assertThat(hash).startsWith("$2a$10$").hasSize(60);
    assertThat(CredentialsGenerator.BCRYPT_COST).isGreaterThanOrEqualTo(10);
  }

  @Test
  void hashIsSaltedSoTheSamePasswordHashesDifferently() {
    assertThat(generator.hash("same")).isNotEqualTo(generator.hash("same"));
  }

  @Test
  void matchesAcceptsOnlyTheRightPassword() {
    String hash = generator.hash("right");

    assertThat(generator.matches("right", hash)).isTrue();
    assertThat(generator.matches("wrong", hash)).isFalse();
    assertThat(generator.matches("Right", hash)).isFalse();
  }

  @Test
  void matchesIsFalseForMissingOrMalformedHashes() {
    assertThat(generator.matches("right", null)).isFalse();
    assertThat(generator.matches(null, generator.hash("right"))).isFalse();
    assertThat(generator.matches("right", "")).isFalse();
    assertThat(generator.matches("right", "not-a-bcrypt-hash")).isFalse();
  }

  @Test
  void resolveGeneratesAPasswordWhenNoneExists() {
    var credentials = generator.resolve("mlflow", null, null, null);

    assertThat(credentials.username()).isEqualTo("mlflow");
    assertThat(credentials.password()).hasSize(32).matches("[A-Za-z0-9]+");
    assertThat(generator.matches(credentials.password(), credentials.passwordHash())).isTrue();
  }

  @Test
  void resolveKeepsAnExistingPasswordAndHash() {
    String hash = generator.hash("existing-password");

    var credentials = generator.resolve("mlflow", null, "existing-password", hash);

    assertThat(credentials.password()).isEqualTo("existing-password");
    assertThat(credentials.passwordHash()).isEqualTo(hash);
  }

  @Test
  void resolveHashesAnExistingPasswordThatHasNoHashYet() {
    var credentials = generator.resolve("mlflow", null, "existing-password", null);

    assertThat(credentials.password()).isEqualTo("existing-password");
    assertThat(generator.matches("existing-password", credentials.passwordHash())).isTrue();
  }

  @Test
  void resolveHashesAnExistingPasswordWhoseHashIsEmpty() {
    var credentials = generator.resolve("mlflow", null, "existing-password", "");

    assertThat(credentials.password()).isEqualTo("existing-password");
    assertThat(generator.matches("existing-password", credentials.passwordHash())).isTrue();
  }

  @Test
  void resolveReplacesAHashThatNoLongerMatches() {
    String stale = generator.hash("old-password");

    var credentials = generator.resolve("mlflow", null, "existing-password", stale);

    assertThat(credentials.password()).isEqualTo("existing-password");
    assertThat(credentials.passwordHash()).isNotEqualTo(stale);
    assertThat(generator.matches("existing-password", credentials.passwordHash())).isTrue();
  }

  @Test
  void resolveUsesTheUsersPasswordAndRehashesWhenItChanges() {
    String oldHash = generator.hash("existing-password");

    var credentials = generator.resolve("mlflow", "users-new-password", "existing-password", oldHash);

    assertThat(credentials.password()).isEqualTo("users-new-password");
    assertThat(generator.matches("users-new-password", credentials.passwordHash())).isTrue();
    assertThat(generator.matches("existing-password", credentials.passwordHash())).isFalse();
  }

  @Test
  void resolveKeepsTheHashWhileTheUsersPasswordIsUnchanged() {
    String hash = generator.hash("users-password");

    var credentials = generator.resolve("mlflow", "users-password", "users-password", hash);

    assertThat(credentials.passwordHash()).isEqualTo(hash);
  }

  @Test
  void resolveNeverRegeneratesOnLaterReconciles() {
    var first = generator.resolve("mlflow", null, null, null);

    var later = first;
    for (int reconcile = 0; reconcile < 3; reconcile++) {
      later = generator.resolve("mlflow", null, later.password(), later.passwordHash());
    }

    assertThat(later).isEqualTo(first);
  }

  @Test
  void credentialsNeverPrintThePasswordOrHash() {
    var credentials = generator.resolve("mlflow", null, null, null);

    assertThat(credentials.toString())
        .contains("mlflow")
        .doesNotContain(credentials.password(), credentials.passwordHash());
  }

  @Test
  void aUserPasswordLongerThanBcryptCanCheckIsRefusedNamingTheFieldButNotThePassword() {
    String tooLong = "p".repeat(73);
    assertThatThrownBy(() -> new CredentialsGenerator().resolve("mlflow", tooLong, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.proxy.auth.passwordSecretRef")
        .hasMessageContaining("72 bytes")
        .hasMessageNotContaining(tooLong);
  }

  @Test
  void aPairThatMatchedOnceIsNotCheckedWithBcryptAgainButAWrongOneAlwaysIs() {
    var real = new CredentialsGenerator();
    var bcryptRuns = new AtomicInteger();
    var counting = new CredentialsGenerator((password, hash) -> {
      bcryptRuns.incrementAndGet();
      return real.matches(password, hash);
    });
    String hash = real.hash("right");

    assertThat(counting.matches("right", hash)).isTrue();
    assertThat(counting.matches("right", hash)).isTrue();
    assertThat(counting.matches("wrong", hash)).isFalse();
    assertThat(counting.matches("wrong", hash)).isFalse();
    assertThat(counting.matches("right", real.hash("right"))).as("another salt is another pair").isTrue();

    assertThat(bcryptRuns).hasValue(4);
  }
}
