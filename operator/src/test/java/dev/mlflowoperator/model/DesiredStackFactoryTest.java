package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.S3CredentialsRef;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.Target;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The desired stack built from a spec: defaults, store variants, images, config hash and purity. */
class DesiredStackFactoryTest {
  private static final Credentials CREDENTIALS =
      new Credentials("mlflow", "fixture-password", "$2a$10$fixturefixturefixturefuQ8Wm7rS0pGJ1lB2dT3kV4xY5zA6bC7");
  private static final PlatformAddresses ADDRESSES =
      new PlatformAddresses(".railway.internal", List.of("tracking.up.railway.app"));
  private static final StackNames NAMES = new StackNames("tracking");

  @Test
  void defaultsRunSqliteAndArtifactsOnTheVolumeBehindCaddy211() {
    var stack = build(spec -> {});

    var mlflow = stack.service("mlflow");
    assertThat(mlflow.image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0");
    assertThat(mlflow.version()).isEqualTo("3.17.0");
    assertThat(mlflow.command()).containsExactly("/bin/sh", "-c",
        "if [ -e /mlflow/mlflow.db ]; then mlflow db upgrade sqlite:////mlflow/mlflow.db || exit; fi;"
            + " exec mlflow server --host :: --port 5000 --backend-store-uri sqlite:////mlflow/mlflow.db"
            + " --artifacts-destination /mlflow/artifacts --serve-artifacts --workers 2"
            + " --allowed-hosts '" + MlflowCommand.allowedHosts(ADDRESSES, NAMES) + "'");
    assertThat(mlflow.env()).isEmpty();
    assertThat(mlflow.port()).isEqualTo(5000);
    assertThat(mlflow.mounts()).containsExactly(new ServiceComponent.Mount("data", "storage", "/mlflow"));
    assertThat(mlflow.resources()).isEqualTo(Resources.exactly("1", "2Gi"));

    var proxy = stack.service("proxy");
    assertThat(proxy.image()).isEqualTo("caddy:2.11");
    assertThat(proxy.files().get(0).content()).isEqualTo(CaddyConfig.render("2.11", 1));
    assertThat(proxy.port()).isEqualTo(8080);
    assertThat(proxy.env()).containsExactly(
        EnvVar.literal("PORT", "8080"),
        EnvVar.literal("MLFLOW_UPSTREAM", "tracking-mlflow.railway.internal:5000"),
        EnvVar.fromSecret("BASIC_AUTH_USERNAME", "tracking-credentials", "username"),
        EnvVar.fromSecret("BASIC_AUTH_HASH", "tracking-credentials", "passwordHash"));

    assertThat(stack.volumes()).containsExactly(new VolumeComponent("storage", "tracking-data", "5Gi", true,
        List.of()));
    assertThat(stack.names()).isEqualTo(new StackNames("tracking"));
    assertThat(stack.credentials()).isSameAs(CREDENTIALS);
  }

  @Test
  void eachFurtherUserHasKeysAndVariablesSuffixedWithTheirIndexBesideTheFirstUsersOwn() {
    var users = List.of(CREDENTIALS, new Credentials("alice", "pw-a", "$2a$10$a"),
        new Credentials("ci-train", "pw-c", "$2a$10$c"));
    var stack = DesiredStackFactory.build("tracking", new MlflowDeploymentSpec(), users, ADDRESSES);

    assertThat(stack.service("proxy").env()).containsExactly(
        EnvVar.literal("PORT", "8080"),
        EnvVar.literal("MLFLOW_UPSTREAM", "tracking-mlflow.railway.internal:5000"),
        EnvVar.fromSecret("BASIC_AUTH_USERNAME", "tracking-credentials", "username"),
        EnvVar.fromSecret("BASIC_AUTH_HASH", "tracking-credentials", "passwordHash"),
        EnvVar.fromSecret("BASIC_AUTH_USERNAME_1", "tracking-credentials", "username-1"),
        EnvVar.fromSecret("BASIC_AUTH_HASH_1", "tracking-credentials", "passwordHash-1"),
        EnvVar.fromSecret("BASIC_AUTH_USERNAME_2", "tracking-credentials", "username-2"),
        EnvVar.fromSecret("BASIC_AUTH_HASH_2", "tracking-credentials", "passwordHash-2"));
    assertThat(stack.all(CredentialsComponent.class).get(0).data()).containsExactly(
        java.util.Map.entry("username", "mlflow"), java.util.Map.entry("password", "fixture-password"),
        java.util.Map.entry("passwordHash", CREDENTIALS.passwordHash()),
        java.util.Map.entry("username-1", "alice"), java.util.Map.entry("password-1", "pw-a"),
        java.util.Map.entry("passwordHash-1", "$2a$10$a"),
        java.util.Map.entry("username-2", "ci-train"), java.util.Map.entry("password-2", "pw-c"),
        java.util.Map.entry("passwordHash-2", "$2a$10$c"));
    assertThat(stack.service("proxy").files().get(0).content())
        .contains("\t\tbasic_auth {\n\t\t\t{env.BASIC_AUTH_USERNAME} {env.BASIC_AUTH_HASH}\n"
            + "\t\t\t{env.BASIC_AUTH_USERNAME_1} {env.BASIC_AUTH_HASH_1}\n"
            + "\t\t\t{env.BASIC_AUTH_USERNAME_2} {env.BASIC_AUTH_HASH_2}\n\t\t}\n");
  }

  @Test
  void theProxyRestartsWhenAnyUsersHashChangesOrAUserGoes() {
    var spec = new MlflowDeploymentSpec();
    var alice = new Credentials("alice", "pw-a", "$2a$10$a");
    String two = DesiredStackFactory.build("tracking", spec, List.of(CREDENTIALS, alice), ADDRESSES)
        .service("proxy").restartHash();
    String rehashed = DesiredStackFactory.build("tracking", spec,
        List.of(CREDENTIALS, new Credentials("alice", "pw-b", "$2a$10$b")), ADDRESSES).service("proxy").restartHash();
    String one = DesiredStackFactory.build("tracking", spec, List.of(CREDENTIALS), ADDRESSES)
        .service("proxy").restartHash();

    assertThat(List.of(two, rehashed, one)).doesNotHaveDuplicates();
  }

  @Test
  void deletionPolicyDeleteIsTheOnlyWayNotToRetainTheVolume() {
    assertThat(build(spec -> spec.deletionPolicy = DeletionPolicy.Delete).volumes().get(0).retain()).isFalse();
    assertThat(build(spec -> spec.deletionPolicy = DeletionPolicy.Retain).volumes().get(0).retain()).isTrue();
  }

  @Test
  void userEnvIsLiteralAndSortedByName() {
    var stack = build(spec -> {
      spec.mlflow.env.put("ZED", "1");
      spec.mlflow.env.put("ALPHA", "2");
    });

    assertThat(stack.service("mlflow").env())
        .containsExactly(EnvVar.literal("ALPHA", "2"), EnvVar.literal("ZED", "1"));
  }

  @Test
  void postgresMigratesFirstAndReadsTheUriOnlyFromTheSecret() {
    var stack = build(DesiredStackFactoryTest::postgres);

    var mlflow = stack.service("mlflow");
    assertThat(mlflow.command()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(mlflow.command().get(2)).startsWith("python3 -c ").contains(" && exec 'mlflow' 'server' ");
    assertThat(mlflow.command()).noneMatch(arg -> arg.contains("postgresql:") || arg.contains("sqlite:"));
    assertThat(mlflow.env()).containsExactly(EnvVar.fromSecret("MLFLOW_BACKEND_STORE_URI", "db", "uri"));
    assertThat(mlflow.image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0-full");
  }

  @Test
  void s3UsesTheFullImageAndCredentialsFromTheSecret() {
    var stack = build(DesiredStackFactoryTest::s3);

    var mlflow = stack.service("mlflow");
    assertThat(mlflow.image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0-full");
    assertThat(mlflow.command().get(2)).contains(" --artifacts-destination s3://runs/team ");
    assertThat(mlflow.env()).containsExactly(
        EnvVar.literal("MLFLOW_S3_ENDPOINT_URL", "https://s3.example.com"),
        EnvVar.literal("AWS_DEFAULT_REGION", "eu-west-1"),
        EnvVar.fromSecret("AWS_ACCESS_KEY_ID", "s3-creds", "id"),
        EnvVar.fromSecret("AWS_SECRET_ACCESS_KEY", "s3-creds", "secret"));
    assertThat(mlflow.env()).filteredOn(env -> env.name().startsWith("AWS_") && env.name().endsWith("_KEY"))
        .allMatch(EnvVar::isSecret);
  }

  @Test
  void s3WithoutCredentialsLeavesThemToThePlatform() {
    var stack = build(spec -> {
      s3(spec);
      spec.mlflow.artifacts.credentialsSecretRef = null;
      spec.mlflow.artifacts.endpoint = null;
      spec.mlflow.artifacts.region = null;
    });

    assertThat(stack.service("mlflow").env()).isEmpty();
  }

  @Test
  void volumeArtifactsWithSqliteKeepTheSlimImage() {
    assertThat(build(spec -> spec.mlflow.version = "3.10.1").service("mlflow").image())
        .isEqualTo("ghcr.io/mlflow/mlflow:v3.10.1");
  }

  @Test
  void explicitImagesWinEvenWhenDriversAreNeeded() {
    var stack = build(spec -> {
      postgres(spec);
      spec.mlflow.image = "registry.example.com/mlflow:custom";
      spec.proxy.image = "registry.example.com/caddy:custom";
    });

    assertThat(stack.service("mlflow").image()).isEqualTo("registry.example.com/mlflow:custom");
    assertThat(stack.service("proxy").image()).isEqualTo("registry.example.com/caddy:custom");
  }

  @Test
  void blankImagesFallBackToTheDefaults() {
    var stack = build(spec -> {
      spec.mlflow.image = " ";
      spec.proxy.image = "";
    });

    assertThat(stack.service("mlflow").image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0");
    assertThat(stack.service("proxy").image()).isEqualTo("caddy:2.11");
  }

  @Test
  void proxyImageAndConfigFollowTheCaddyVersion() {
    var stack = build(spec -> spec.proxy.caddyVersion = "2.7.6");

    assertThat(stack.service("proxy").image()).isEqualTo("caddy:2.7.6");
    assertThat(stack.service("proxy").files().get(0).content()).isEqualTo(CaddyConfig.render("2.7.6", 1)).contains("basicauth {");
  }

  @Test
  void caddyfileNeverContainsTheCredentials() {
    var credentials = new Credentials("alice.example", "fixture-password", CREDENTIALS.passwordHash());

    var caddyfile = DesiredStackFactory.build("tracking", spec(spec -> {}), credentials, ADDRESSES)
        .service("proxy").files().get(0).content();

    assertThat(caddyfile).doesNotContain("alice", "fixture-password", CREDENTIALS.passwordHash());
  }

  @Test
  void configHashChangesWithTheCaddyfile() {
    assertThat(build(spec -> spec.proxy.caddyVersion = "2.7.6").service("proxy").restartHash())
        .isNotEqualTo(build(spec -> {}).service("proxy").restartHash());
  }

  @Test
  void configHashChangesWithTheCredentialsCaddyReads() {
    var base = hashWith(CREDENTIALS);

    assertThat(hashWith(new Credentials("mlflow", "fixture-password", CREDENTIALS.passwordHash() + "x")))
        .isNotEqualTo(base);
    assertThat(hashWith(new Credentials("someone", "fixture-password", CREDENTIALS.passwordHash())))
        .isNotEqualTo(base);
  }

  @Test
  void configHashIsStableForEverythingCaddyDoesNotRead() {
    var base = build(spec -> {}).service("proxy").restartHash();

    assertThat(base).matches("[0-9a-f]{16}");
    assertThat(build(spec -> spec.mlflow.version = "3.10.1").service("proxy").restartHash()).isEqualTo(base);
    assertThat(build(spec -> spec.mlflow.workers = 8).service("proxy").restartHash()).isEqualTo(base);
    assertThat(build(spec -> spec.storage.size = "50Gi").service("proxy").restartHash()).isEqualTo(base);
    assertThat(build(DesiredStackFactoryTest::postgres).service("proxy").restartHash()).isEqualTo(base);
    assertThat(hashWith(new Credentials("mlflow", "another-plaintext", CREDENTIALS.passwordHash())))
        .isEqualTo(base);
  }

  @Test
  void sameInputsGiveEqualStacks() {
    var first = build(spec -> {
      postgres(spec);
      s3(spec);
    });
    var second = build(spec -> {
      postgres(spec);
      s3(spec);
    });

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
  }

  @Test
  void buildingLeavesTheSpecUntouched() {
    var spec = spec(DesiredStackFactoryTest::s3);
    var before = DesiredStackFactory.build("tracking", spec, CREDENTIALS, ADDRESSES);

    DesiredStackFactory.build("other", spec, CREDENTIALS, ADDRESSES);

    assertThat(DesiredStackFactory.build("tracking", spec, CREDENTIALS, ADDRESSES)).isEqualTo(before);
  }

  private static String hashWith(Credentials credentials) {
    return DesiredStackFactory.build("tracking", spec(spec -> {}), credentials, ADDRESSES).service("proxy").restartHash();
  }

  private static DesiredStack build(Consumer<MlflowDeploymentSpec> customise) {
    return DesiredStackFactory.build("tracking", spec(customise), CREDENTIALS, ADDRESSES);
  }

  private static MlflowDeploymentSpec spec(Consumer<MlflowDeploymentSpec> customise) {
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    customise.accept(spec);
    return spec;
  }

  private static void postgres(MlflowDeploymentSpec spec) {
    spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
    spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");
  }

  private static void s3(MlflowDeploymentSpec spec) {
    var artifacts = spec.mlflow.artifacts;
    artifacts.type = ArtifactsSpec.Type.S3;
    artifacts.bucket = "runs";
    artifacts.prefix = "team";
    artifacts.endpoint = "https://s3.example.com";
    artifacts.region = "eu-west-1";
    artifacts.credentialsSecretRef = new S3CredentialsRef();
    artifacts.credentialsSecretRef.name = "s3-creds";
    artifacts.credentialsSecretRef.accessKeyIdKey = "id";
    artifacts.credentialsSecretRef.secretAccessKeyKey = "secret";
  }
}
