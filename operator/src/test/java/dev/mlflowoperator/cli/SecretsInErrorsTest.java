package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.statuspage.StatusPage;
import dev.mlflowoperator.testing.EchoingRailway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error text from Railway that repeats the token and the secrets sent: apply, status and the status page show
 * neither, and cut it.
 */
class SecretsInErrorsTest {
  static final String PASSWORD = "proxy-pass-5e0c2b71";
  static final String URI = "postgresql://mlflow:pg-pass-93ad41@db.internal:5432/mlflow";
  static final String ACCESS_KEY = "AKIA-key-4471aa";
  static final String SECRET_KEY = "s3-secret-key-0c9d2f";
  static final String BCRYPT = "\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}";
  static final String SPEC = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: tracking
      spec:
        target: railway
        railway: {project: ml-platform, environment: production}
        mlflow:
          version: "3.14.0"
          backendStore: {type: postgres, uriSecretRef: {name: pg, key: uri}}
          artifacts: {type: s3, bucket: mlflow-artifacts, credentialsSecretRef: {name: s3}}
        proxy:
          auth: {username: mlflow, passwordSecretRef: {name: mlflow-auth, key: password}}
      """;

  @TempDir Path home;

  @Test
  void aGraphqlErrorEchoingTheTokenAndTheSecretsIsPrintedAndRecordedWithoutThemAndCut() throws Exception {
    Path spec = specWithItsSecrets();
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
        var railway = EchoingRailway.start(sandbox.url(), PASSWORD)) {
      var secrets = List.of(sandbox.token(), PASSWORD, URI, "pg-pass-93ad41", ACCESS_KEY, SECRET_KEY);

      var apply = cli(sandbox, railway);
      assertThat(apply.run("apply", "-f", spec.toString())).isEqualTo(1);

      assertThat(railway.echoed()).as("requests answered with the echo").isEqualTo(1);
      String error = apply.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
      assertThat(error).contains("more characters cut)").hasSizeLessThan(700);
      var status = cli(sandbox, railway);
      assertThat(status.run("status", "tracking", "-o", "json")).isZero();
      assertThat(status.out()).contains("more characters cut)");
      for (String shown : List.of(apply.out(), apply.err(), status.out())) {
        assertThat(shown).doesNotContain(secrets).doesNotContainPattern(BCRYPT);
      }
    }
  }

  @Test
  void theStatusPageOfADeploymentWhoseRailwayErrorEchoedItsSecretsShowsNoneOfThem() throws Exception {
    Path spec = specWithItsSecrets();
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
        var railway = EchoingRailway.start(sandbox.url(), PASSWORD)) {
      assertThat(cli(sandbox, railway).run("apply", "-f", spec.toString())).isEqualTo(1);
      assertThat(railway.echoed()).as("requests answered with the echo").isEqualTo(1);

      var records = new StateStore(MlflowctlHome.resolve(cli(sandbox, railway).env)).list();
      String page = new StatusPage("mlflowctl run", Clock.systemUTC()).render(new StatusPage.Snapshot(records,
          List.of("a problem quoting " + URI)));

      assertThat(page).contains("data-deployment=\"default/tracking\"").contains("more characters cut)")
          .contains("postgresql://***@db.internal:5432/mlflow")
          .doesNotContain(sandbox.token(), PASSWORD, URI, "pg-pass-93ad41", ACCESS_KEY, SECRET_KEY)
          .doesNotContainPattern(BCRYPT);
    }
  }

  @Test
  void planPrintsARailwayErrorEchoingTheTokenWithoutItAndCut() throws Exception {
    Path spec = specWithItsSecrets();
    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
        var railway = EchoingRailway.start(sandbox.url(), "query FindProjects")) {
      var plan = cli(sandbox, railway);
      assertThat(plan.run("plan", "-f", spec.toString())).isEqualTo(1);

      assertThat(railway.echoed()).as("requests answered with the echo").isEqualTo(1);
      assertThat(plan.err()).startsWith("error: ").contains("more characters cut)").hasSizeLessThan(700)
          .doesNotContain(sandbox.token());
    }
  }

  @Test
  void anErrorRepeatingTheEnvironmentsTokenIsPrintedWithoutIt() {
    var cli = new CliRun(home);
    cli.env.put("RAILWAY_TOKEN", "rw-env-token-2d7f9e");
    cli.env.put("RAILWAY_API_URL", "http://railway.example.com/graphql/v2?token=rw-env-token-2d7f9e");

    assertThat(cli.run("plan", "-f", SandboxDeployments.EXAMPLE)).isEqualTo(1);

    assertThat(cli.err()).isEqualTo("error: RAILWAY_API_URL is http://railway.example.com/graphql/v2?token=***: plain"
        + " http to another machine would send the Railway token unencrypted; use https://, or http:// only to this"
        + " machine (localhost, 127.x.x.x or [::1])\n");
  }

  @Test
  void aProjectTokenThatCannotBeSentInAHeaderIsNamedAndNeverShownEvenWithDebug() {
    var cli = new CliRun(home);
    cli.env.put("RAILWAY_PROJECT_TOKEN", "\uFEFFrw-project-token-8b1c4e");
    cli.env.put("RAILWAY_API_URL", "http://127.0.0.1:1/graphql/v2");

    assertThat(cli.run("--debug", "plan", "-f", SandboxDeployments.EXAMPLE)).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: RAILWAY_PROJECT_TOKEN has a character that cannot be sent in an HTTP"
        + " header (U+FEFF at position 1); set it to the token alone").doesNotContain("rw-project-token-8b1c4e");
  }

  private CliRun cli(RailwaySandbox sandbox, EchoingRailway railway) {
    var cli = new CliRun(home);
    cli.env.put("RAILWAY_API_URL", railway.url());
    cli.env.put("RAILWAY_TOKEN", sandbox.token());
    return cli;
  }

  /** Writes the secrets the spec references into the home and the spec itself; returns the spec's file. */
  private Path specWithItsSecrets() throws Exception {
    secret("mlflow-auth", "password", PASSWORD);
    secret("pg", "uri", URI);
    secret("s3", "AWS_ACCESS_KEY_ID", ACCESS_KEY);
    secret("s3", "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    return Files.writeString(home.resolve("tracking.yaml"), SPEC);
  }

  private void secret(String name, String key, String value) throws Exception {
    Files.createDirectories(home.resolve("secrets").resolve(name));
    Files.writeString(home.resolve("secrets").resolve(name).resolve(key), value);
  }
}
