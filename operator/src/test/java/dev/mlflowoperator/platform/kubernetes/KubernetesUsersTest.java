package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatformContractTest.KubernetesFixture;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several users on the Kubernetes mock: each user's keys in the credentials Secret (the first user's as they always
 * were), the proxy reading each one's username and hash from them, a removed user's keys gone, and a user's keys
 * changed out of band put back.
 */
class KubernetesUsersTest {
  private static final String NS = KubernetesPlatformContractTest.NAMESPACE;

  private final KubernetesFixture cluster = new KubernetesFixture();
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(cluster.platform(), new CredentialsGenerator());
  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  private final MlflowDeployment stack = cluster.deployment("tracking");

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void eachUserHasTheirKeysInTheSecretAndTheProxyReadsEachUsersUsernameAndHash() {
    users("alice", "bob", "ci-train");

    run();

    assertThat(secret().getData()).containsOnlyKeys("username", "password", "passwordHash",
        "username-1", "password-1", "passwordHash-1", "username-2", "password-2", "passwordHash-2");
    assertThat(List.of(value("username"), value("username-1"), value("username-2")))
        .containsExactly("alice", "bob", "ci-train");
    var env = proxy().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env).filteredOn(e -> e.getValueFrom() != null)
        .extracting(e -> e.getName() + "<-" + e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly("BASIC_AUTH_USERNAME<-username", "BASIC_AUTH_HASH<-passwordHash",
            "BASIC_AUTH_USERNAME_1<-username-1", "BASIC_AUTH_HASH_1<-passwordHash-1",
            "BASIC_AUTH_USERNAME_2<-username-2", "BASIC_AUTH_HASH_2<-passwordHash-2");
    assertThat(proxy().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName()).contains(CaddyConfig.env(CaddyConfig.ENV_USERNAME, 2));
  }

  @Test
  void aRemovedUsersKeysAreGoneAndTheOthersKeepTheirPasswords() {
    users("alice", "bob", "ci-train");
    run();
    String alice = value("password");
    String ciTrain = value("password-2");

    users("alice", "ci-train");
    stack.getMetadata().setGeneration(2L);
    run();

    assertThat(secret().getData()).containsOnlyKeys("username", "password", "passwordHash",
        "username-1", "password-1", "passwordHash-1");
    assertThat(List.of(value("username"), value("password"), value("username-1"), value("password-1")))
        .containsExactly("alice", alice, "ci-train", ciTrain);
  }

  @Test
  void aUsersKeysChangedOutOfBandArePutBackAsDrift() {
    users("alice", "bob");
    run();
    cluster.finishRollouts();
    run();
    String bob = value("password-1");
    cluster.client().secrets().inNamespace(NS).withName("tracking-credentials").edit(s -> {
      s.getData().put("passwordHash-1", base64("$2a$10$planted"));
      s.getData().remove("username-1");
      return s;
    });

    var report = run();

    assertThat(report.drift()).contains("Secret/tracking-credentials: data.username-1",
        "Secret/tracking-credentials: data.passwordHash-1");
    assertThat(List.of(value("username-1"), value("password-1"))).containsExactly("bob", bob);
    assertThat(value("passwordHash-1")).isNotEqualTo("$2a$10$planted")
        .satisfies(hash -> assertThat(new CredentialsGenerator().matches(bob, hash)).as("the hash of bob's password")
            .isTrue());
  }

  @Test
  void aUsersReferencedPasswordIsReadFromItsSecretAndAMissingOneIsRefusedNamingTheEntry() {
    stack.getSpec().proxy.auth.users = List.of(new UserSpec("alice", null),
        new UserSpec("ci-train", new SecretKeyRef("ci-creds", "password")));
    var secrets = new HashMap<String, String>();

    run(SecretResolver.none());
    var missing = stack.getStatus().conditions.stream().filter(c -> c.getType().equals("Synced")).findFirst()
        .orElseThrow();
    secrets.put("ci-creds/password", "ci-train-password-0123456789");
    run((name, key) -> Optional.ofNullable(secrets.get(name + "/" + key)));

    assertThat(missing.getReason()).isEqualTo("PasswordSecretNotFound");
    assertThat(missing.getMessage()).startsWith("spec.proxy.auth.users[1].passwordSecretRef: Secret 'ci-creds'");
    assertThat(value("password-1")).isEqualTo("ci-train-password-0123456789");
    assertThat(value("username-1")).isEqualTo("ci-train");
  }

  @Test
  void aReferencedPasswordChangedInItsSecretIsTakenByTheNextRunAndARotationOfAnUnchangedOneChangesNothing() {
    var clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
    var timed = new ReconcileLoop<>(cluster.platform(), new CredentialsGenerator(), clock);
    stack.getSpec().proxy.auth.users = List.of(new UserSpec("alice", null),
        new UserSpec("ci-train", new SecretKeyRef("ci-creds", "password")));
    var secrets = new HashMap<String, String>(Map.of("ci-creds/password", "ci-train-password-0000000001"));
    SecretResolver resolver = (name, key) -> Optional.ofNullable(secrets.get(name + "/" + key));
    run(timed, resolver);
    String alice = value("password");
    String aliceHash = value("passwordHash");

    secrets.put("ci-creds/password", "ci-train-password-0000000002");
    clock.advance(Duration.ofHours(1));
    run(timed, resolver);

    assertThat(value("password-1")).isEqualTo("ci-train-password-0000000002");
    assertThat(new CredentialsGenerator().matches("ci-train-password-0000000002", value("passwordHash-1"))).isTrue();
    assertThat(List.of(value("password"), value("passwordHash"))).containsExactly(alice, aliceHash);
    assertThat(stack.getStatus().users).extracting(u -> u.username + " " + u.passwordChanged)
        .containsExactly("alice 2026-11-01T12:00:00Z", "ci-train 2026-11-01T13:00:00Z");

    String hash = value("passwordHash-1");
    String configHash = proxy().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION);
    stack.getMetadata().setAnnotations(Map.of(RotateAnnotation.NAME, "ci-train@n1"));
    clock.advance(Duration.ofHours(1));
    run(timed, resolver);

    assertThat(List.of(value("password-1"), value("passwordHash-1")))
        .containsExactly("ci-train-password-0000000002", hash);
    assertThat(proxy().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION)).as("the proxy does not roll").isEqualTo(configHash);
    assertThat(stack.getStatus().users).extracting(u -> u.username + " " + u.passwordChanged + " " + u.rotation)
        .containsExactly("alice 2026-11-01T12:00:00Z null", "ci-train 2026-11-01T13:00:00Z n1");
  }

  @Test
  void aUsersReferencedPasswordTooLongForBcryptIsRefusedNamingTheEntryWithoutShowingIt() {
    String tooLong = "p".repeat(73);
    stack.getSpec().proxy.auth.users = List.of(new UserSpec("alice", null),
        new UserSpec("ci-train", new SecretKeyRef("ci-creds", "password")));

    run((name, key) -> Optional.of(tooLong).filter(p -> name.equals("ci-creds")));

    var synced = stack.getStatus().conditions.stream().filter(c -> c.getType().equals("Synced")).findFirst()
        .orElseThrow();
    assertThat(synced.getReason()).isEqualTo("PasswordRefused");
    assertThat(synced.getMessage()).contains("spec.proxy.auth.users[1].passwordSecretRef", "72 bytes")
        .doesNotContain(tooLong);
    assertThat(secret()).as("nothing applied").isNull();
  }

  private void users(String... usernames) {
    stack.getSpec().proxy.auth.users = Stream.of(usernames).map(u -> new UserSpec(u, null)).toList();
  }

  private dev.mlflowoperator.status.ReconcileReport run() {
    return run(SecretResolver.none());
  }

  private dev.mlflowoperator.status.ReconcileReport run(SecretResolver secrets) {
    return run(loop, secrets);
  }

  private dev.mlflowoperator.status.ReconcileReport run(ReconcileLoop<?, ?> on, SecretResolver secrets) {
    var report = on.run(stack, secrets, ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
    return report;
  }

  private Secret secret() {
    return cluster.client().secrets().inNamespace(NS).withName("tracking-credentials").get();
  }

  private String value(String key) {
    return CredentialsSecret.value(secret(), key).orElse(null);
  }

  private Deployment proxy() {
    return cluster.client().apps().deployments().inNamespace(NS).withName("tracking-proxy").get();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
