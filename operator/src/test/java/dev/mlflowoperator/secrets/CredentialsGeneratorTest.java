package dev.mlflowoperator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
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
  void aThousandDeploymentsOfTwoUsersReconciledTwiceRunBcryptOncePerPair() {
    var bcryptRuns = new AtomicInteger();
    var counting = countingGenerator(bcryptRuns);

    for (int pass = 0; pass < 2; pass++) {
      for (int deployment = 0; deployment < 1000; deployment++) {
        for (String user : List.of("alice", "bob")) {
          String password = "pw-" + deployment + "-" + user;
          var resolved = counting.resolve("ns/d" + deployment + "/" + user, user, null, password, fakeHash(password));
          assertThat(resolved.passwordHash()).isEqualTo(fakeHash(password));
        }
      }
    }

    assertThat(bcryptRuns).hasValue(2000);
  }

  @Test
  void aChangedPasswordOrHashIsVerifiedAgain() {
    var bcryptRuns = new AtomicInteger();
    var counting = countingGenerator(bcryptRuns);

    assertThat(counting.matches("slot", "one", fakeHash("one"))).isTrue();
    assertThat(counting.matches("slot", "one", fakeHash("one"))).isTrue();
    assertThat(bcryptRuns).as("the same pair twice").hasValue(1);
    assertThat(counting.matches("slot", "two", fakeHash("one"))).as("a changed password").isFalse();
    assertThat(counting.matches("slot", "one", fakeHash("one") + "-other-salt")).as("a changed hash").isFalse();
    assertThat(bcryptRuns).hasValue(3);
  }

  @Test
  void aSlotsNewPairReplacesItsOldOneSoTheMemoryIsOnePairPerSlot() {
    var bcryptRuns = new AtomicInteger();
    var counting = countingGenerator(bcryptRuns);

    counting.matches("slot", "one", fakeHash("one"));
    counting.matches("slot", "two", fakeHash("two"));
    counting.matches("other-slot", "one", fakeHash("one"));
    counting.matches("slot", "two", fakeHash("two"));
    assertThat(bcryptRuns).as("only the slot's latest pair is remembered").hasValue(3);
    counting.matches("slot", "one", fakeHash("one"));
    assertThat(bcryptRuns).hasValue(4);
  }

  @Test
  void aDeletedDeploymentsSlotsAreForgottenAndNoOtherDeployments() {
    var bcryptRuns = new AtomicInteger();
    var counting = countingGenerator(bcryptRuns);
    for (String name : List.of("d1", "d10")) {
      for (int user = 0; user < 2; user++) {
        counting.matches(CredentialsGenerator.slot("ns", name, user), "pw", fakeHash("pw"));
      }
    }
    assertThat(bcryptRuns).hasValue(4);

    counting.forget("ns", "d1");

    for (String name : List.of("d1", "d10")) {
      for (int user = 0; user < 2; user++) {
        counting.matches(CredentialsGenerator.slot("ns", name, user), "pw", fakeHash("pw"));
      }
    }
    assertThat(bcryptRuns).as("d1's two users verified again, d10's remembered").hasValue(6);
  }

  @Test
  void aWrongPairIsNeverRememberedAsMatching() {
    var bcryptRuns = new AtomicInteger();
    var counting = countingGenerator(bcryptRuns);

    assertThat(counting.matches("slot", "wrong", fakeHash("right"))).isFalse();
    assertThat(counting.matches("slot", "wrong", fakeHash("right"))).isFalse();
    assertThat(counting.matches("slot", "right", fakeHash("right"))).isTrue();
    assertThat(counting.matches("slot", "wrong", fakeHash("right"))).isFalse();

    assertThat(bcryptRuns).hasValue(4);
  }

  @Test
  void aHashJustMadeIsNotVerifiedOnTheNextReconcile() {
    var bcryptRuns = new AtomicInteger();
    var real = new CredentialsGenerator();
    var counting = new CredentialsGenerator((password, hash) -> {
      bcryptRuns.incrementAndGet();
      return real.matches(password, hash);
    });

    var first = counting.resolve("ns/d/alice", "alice", null, null, null);
    var next = counting.resolve("ns/d/alice", "alice", null, first.password(), first.passwordHash());

    assertThat(next).isEqualTo(first);
    assertThat(real.matches(first.password(), first.passwordHash())).isTrue();
    assertThat(bcryptRuns).hasValue(0);
  }

  /** A generator whose slow check compares against {@link #fakeHash} and counts its runs. */
  private static CredentialsGenerator countingGenerator(AtomicInteger runs) {
    return new CredentialsGenerator((password, hash) -> {
      runs.incrementAndGet();
      return hash.equals(fakeHash(password));
    });
  }

  private static String fakeHash(String password) {
    return "bcrypt(" + password + ")";
  }
}
