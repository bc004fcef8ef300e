package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateLock;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl apply and plan against the local Railway sandbox, on a manual clock that waits move on. */
class ApplyCommandTest {
  static final String FIRST_APPLY = """
      tracking: applying to the local Railway sandbox (project ml-platform)
        + project ml-platform
        + service tracking-mlflow (mlflow)
        + service tracking-proxy (proxy)
        + volume for mlflow
        + public domain for the proxy
        ~ service/mlflow: set variables MLFLOW_OPERATOR_MANAGED_KEYS, PORT
        ~ service/mlflow: set healthcheckPath, healthcheckTimeout, restartPolicyType, source, startCommand
        ~ service/mlflow: set limits (1.0 vCPU, 2.148 GB)
        ~ service/proxy: set variables BASIC_AUTH_HASH, BASIC_AUTH_PASSWORD, BASIC_AUTH_USERNAME, CADDYFILE, \
      MLFLOW_OPERATOR_MANAGED_KEYS, MLFLOW_UPSTREAM, PORT
        ~ service/proxy: set healthcheckPath, restartPolicyType, source, startCommand
        ~ service/mlflow: deploy
        ~ service/proxy: deploy
      """;
  static final String WAITING = """
      tracking: waiting for Ready: mlflow: Progressing (a new deployment was started); proxy: Progressing \
      (a new deployment was started); storage: Progressing (volume created at /mlflow)
      tracking: waiting for Ready: mlflow: Progressing (deployment is queued); proxy: Progressing (deployment is queued)
      tracking: waiting for Ready: mlflow: Progressing (deployment is building); proxy: Progressing (deployment is building)
      tracking: waiting for Ready: mlflow: Progressing (deployment is deploying); proxy: Progressing (deployment is deploying)
      """;

  @TempDir Path home;
  SandboxDeployments sandbox;
  /** One clock for every command of a test, as time goes on between commands. */
  final ManualClock clock = new ManualClock(CliRun.NOW);

  @BeforeEach
  void setUp() {
    sandbox = new SandboxDeployments(home);
  }

  @Test
  void applyWaitReachesReadyThenApplyAndPlanFindNothingUntilAnOutOfBandChangeWhichApplyRepairs() throws Exception {
    var apply = run("apply", "-f", EXAMPLE, "--wait");
    assertThat(apply.code).as(apply.cli.err()).isZero();
    String url = sandbox.recorded("tracking").getStatus().url;
    assertThat(apply.cli.out()).isEqualTo(FIRST_APPLY + WAITING + "tracking: Ready at " + url + "\n");
    assertThat(apply.cli.err()).isEqualTo("mlflowctl: no RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN set; using the local"
        + " Railway sandbox in " + home + " (nothing is really deployed)\n");

    var status = run("status", "tracking", "-o", "json");
    JsonNode json = new ObjectMapper().readTree(status.cli.out());
    assertThat(json.at("/status/url").asText()).matches("https://tracking-proxy-production-[0-9a-f]+\\.up\\.railway\\.app");
    assertThat(condition(json, "Ready").path("status").asText()).isEqualTo("True");
    assertThat(condition(json, "Healthy").path("status").asText()).isEqualTo("Unknown");
    assertThat(condition(json, "Healthy").path("message").asText()).contains("sandbox runs nothing");

    var again = run("apply", "-f", EXAMPLE);
    assertThat(again.code).isZero();
    assertThat(again.cli.out()).isEqualTo("""
        tracking: applying to the local Railway sandbox (project ml-platform)
          no changes
        tracking: Ready at %s
        """.formatted(url));

    var plan = run("plan", "-f", EXAMPLE, "--detailed-exitcode");
    assertThat(plan.code).isZero();
    assertThat(plan.cli.out()).isEqualTo("tracking: no changes on the local Railway sandbox\n");

    var ids = sandbox.recorded("tracking").getStatus().ids;
    sandbox.outOfBand(SandboxDeployments.UPDATE_SETTINGS, Map.of("s", ids.get("service/mlflow"),
        "e", ids.get("environment"), "i", Map.of("startCommand", "sleep infinity")));

    var drifted = run("plan", "-f", EXAMPLE, "--detailed-exitcode");
    assertThat(drifted.code).isEqualTo(2);
    assertThat(drifted.cli.out()).isEqualTo("""
        tracking: 2 changes on the local Railway sandbox
          ~ service/mlflow: startCommand
          ~ service/mlflow: deploy
        """);

    var repair = run("apply", "-f", EXAMPLE, "--wait");
    assertThat(repair.code).as(repair.cli.err()).isZero();
    assertThat(repair.cli.out()).startsWith("""
        tracking: applying to the local Railway sandbox (project ml-platform)
          ~ service/mlflow: startCommand
          ~ service/mlflow: deploy
        tracking: waiting for Ready: mlflow: Progressing (a new deployment was started)
        """).endsWith("tracking: Ready at " + url + "\n");
    assertThat(sandbox.recorded("tracking").getStatus().drift.fields).containsExactly("service/mlflow: startCommand");
    assertThat(run("plan", "-f", EXAMPLE, "--detailed-exitcode").code).isZero();
  }

  @Test
  void planShowsAChangedLimitAndDomainPortAsDriftAndApplyPutsThemBack() {
    assertThat(run("apply", "-f", EXAMPLE, "--wait").code).isZero();
    var ids = sandbox.recorded("tracking").getStatus().ids;
    String url = sandbox.recorded("tracking").getStatus().url;
    sandbox.outOfBand("mutation($i: ServiceInstanceLimitsUpdateInput!) { serviceInstanceLimitsUpdate(input: $i) }",
        Map.of("i", Map.of("environmentId", ids.get("environment"), "serviceId", ids.get("service/mlflow"),
            "memoryGB", 0.5)));
    sandbox.outOfBand("mutation($i: ServiceDomainUpdateInput!) { serviceDomainUpdate(input: $i) }",
        Map.of("i", Map.of("serviceDomainId", ids.get("domain"), "environmentId", ids.get("environment"),
            "serviceId", ids.get("service/proxy"), "domain", url.substring("https://".length()), "targetPort", 80)));

    var drifted = run("plan", "-f", EXAMPLE, "--detailed-exitcode");

    assertThat(drifted.code).isEqualTo(2);
    assertThat(drifted.cli.out()).isEqualTo("""
        tracking: 3 changes on the local Railway sandbox
          ~ domain: targetPort
          ~ service/mlflow: limits memoryGB (1.0 vCPU, 2.148 GB)
          ~ service/mlflow: deploy
        """);
    assertThat(run("apply", "-f", EXAMPLE, "--wait").code).isZero();
    assertThat(sandbox.recorded("tracking").getStatus().drift.fields)
        .containsExactly("domain: targetPort", "service/mlflow: memoryGB");
    assertThat(run("plan", "-f", EXAMPLE, "--detailed-exitcode").code).isZero();
  }

  @Test
  void planShowsAVolumeNamedOtherwiseAndApplyGivesItTheNameThatMarksItAsThisDeployments() {
    assertThat(run("apply", "-f", EXAMPLE, "--wait").code).isZero();
    String volume = sandbox.recorded("tracking").getStatus().ids.get("volume");
    // 5a95db2a: sha256("tracking"), the deployment as the CLI's project marker names it (no namespace).
    String marked = "tracking-data-5a95db2a-" + volume.replace("-", "").substring(0, 8);
    sandbox.outOfBand("mutation($v: String!, $i: VolumeUpdateInput!) { volumeUpdate(volumeId: $v, input: $i) { id } }",
        Map.of("v", volume, "i", Map.of("name", "fluffy-cloud-volume")));

    var drifted = run("plan", "-f", EXAMPLE, "--detailed-exitcode");

    assertThat(drifted.code).isEqualTo(2);
    assertThat(drifted.cli.out()).isEqualTo("""
        tracking: 1 change on the local Railway sandbox
          ~ volume: name -> %s (the name that marks it as this deployment's)
        """.formatted(marked));
    assertThat(run("apply", "-f", EXAMPLE, "--wait").code).isZero();
    assertThat(sandbox.recorded("tracking").getStatus().drift.fields).containsExactly("volume: name");
    assertThat(run("plan", "-f", EXAMPLE, "--detailed-exitcode").code).isZero();
  }

  @Test
  void applyWithoutWaitSaysWhatIsNotReadyYet() {
    var apply = run("apply", "-f", EXAMPLE);
    assertThat(apply.code).isZero();
    assertThat(apply.cli.out()).isEqualTo(FIRST_APPLY + "tracking: applied; Ready=False (ComponentsNotReady): "
        + "mlflow: Progressing (a new deployment was started); proxy: Progressing (a new deployment was started); "
        + "storage: Progressing (volume created at /mlflow)\n");
  }

  @Test
  void waitingLongerThanTheTimeoutExitsThree() {
    var apply = run("apply", "-f", EXAMPLE, "--wait", "--timeout", "10s");
    assertThat(apply.code).isEqualTo(3);
    assertThat(apply.cli.err()).endsWith("""
        error: tracking is not Ready after 10s: mlflow: Progressing (deployment is deploying); \
        proxy: Progressing (deployment is deploying)
        it may still become Ready: check with mlflowctl status tracking, or run apply --wait again with a longer --timeout
        """);
  }

  @Test
  void onATerminalTheWaitIsOneLiveLineCutToTheTerminalsWidth() {
    var cli = new CliRun(home);
    cli.clock = clock;
    cli.terminal.interactive = true;
    cli.env.put("COLUMNS", "100");
    assertThat(cli.run("apply", "-f", EXAMPLE, "--wait")).isZero();
    assertThat(cli.out()).contains("\rtracking: waiting for Ready: mlflow: Progressing (deployment is building); proxy: Progressi... (6s)\r");
    assertThat(cli.out().split("\n")).filteredOn(l -> l.contains("waiting for Ready")).singleElement()
        .satisfies(line -> assertThat(line.split("\r")).allSatisfy(shown -> assertThat(shown).hasSizeLessThan(100)));
  }

  @Test
  void aMissingFileIsNamedAndNothingIsApplied() {
    var apply = run("apply", "-f", "missing.yaml");
    assertThat(apply.code).isEqualTo(1);
    assertThat(apply.cli.err()).isEqualTo("""
        missing.yaml: no such file or directory
        error: 1 problem in the specs, so nothing was applied; fix it and run the command again
        """);
    assertThat(home.resolve("sandbox.json")).doesNotExist();
  }

  @Test
  void unreadableYamlIsNamedWithItsLine() throws Exception {
    Path spec = home.resolve("broken.yaml");
    Files.writeString(spec, "apiVersion: mlflow-operator.dev/v1alpha1\nkind: MlflowDeployment\nmetadata: {name: x\n");
    var plan = run("plan", "-f", spec.toString());
    assertThat(plan.code).isEqualTo(1);
    assertThat(plan.cli.err()).isEqualTo(spec + ": malformed YAML at line 4, column 1: expected ',' or '}', but got"
        + " <stream end> (while parsing a flow mapping that starts at line 3, column 11)\n"
        + "error: 1 problem in the specs, so nothing was planned; fix it and run the command again\n");
  }

  @Test
  void aReferencedPasswordComesFromTheHomesSecretsAndAMissingOneNamesTheFile() throws Exception {
    Path spec = home.resolve("with-secret.yaml");
    Files.writeString(spec, Files.readString(Path.of(EXAMPLE))
        .replace("username: mlflow", "username: mlflow\n      passwordSecretRef: {name: mlflow-auth, key: password}"));

    var missing = run("apply", "-f", spec.toString());
    assertThat(missing.code).isEqualTo(1);
    assertThat(missing.cli.err()).endsWith("error: spec.proxy.auth.passwordSecretRef names secret \"mlflow-auth\" key"
        + " \"password\", but " + home + "/secrets/mlflow-auth/password does not exist; put the value in that file"
        + " (readable by you only), or remove the reference\n");

    Files.createDirectories(home.resolve("secrets/mlflow-auth"));
    Files.writeString(home.resolve("secrets/mlflow-auth/password"), "it's a long enough secret\n");
    assertThat(run("apply", "-f", spec.toString()).code).isZero();
    var env = run("env", "tracking", "--show-secrets");
    assertThat(env.cli.out()).endsWith("export MLFLOW_TRACKING_PASSWORD='it'\\''s a long enough secret'\n");
  }

  @Test
  void aReferencedPasswordTooLongForBcryptIsRefusedAsOnKubernetesAndNothingIsCreated() throws Exception {
    Path spec = home.resolve("with-secret.yaml");
    Files.writeString(spec, Files.readString(Path.of(EXAMPLE))
        .replace("username: mlflow", "username: mlflow\n      passwordSecretRef: {name: mlflow-auth, key: password}"));
    Files.createDirectories(home.resolve("secrets/mlflow-auth"));
    Files.writeString(home.resolve("secrets/mlflow-auth/password"), "p".repeat(73));

    var apply = run("apply", "-f", spec.toString());

    assertThat(apply.code).isOne();
    assertThat(apply.cli.err()).endsWith("error: tracking: the password in spec.proxy.auth.passwordSecretRef is longer"
        + " than 72 bytes, which bcrypt (and so Caddy) cannot check; use a password of at most 72 bytes\n")
        .doesNotContain("p".repeat(73));
    var synced = sandbox.recorded("tracking").getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Synced")).findFirst().orElseThrow();
    assertThat(synced.getReason()).isEqualTo("PasswordRefused");
    assertThat(sandbox.state().services).isEmpty();
  }

  @Test
  void applyRefusesWhileAnotherMlflowctlWrites() {
    try (var running = StateLock.ofStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())))) {
      var apply = run("apply", "-f", EXAMPLE);
      assertThat(apply.code).isEqualTo(1);
      assertThat(apply.cli.err()).isEqualTo("error: another mlflowctl (pid " + ProcessHandle.current().pid()
          + ") is already writing to " + home + "; stop it, or point MLFLOWCTL_HOME at another directory\n");
    }
  }

  @Test
  void planOfANewSpecListsEveryChangeAndTouchesNothing() {
    var plan = run("plan", "-f", EXAMPLE);
    assertThat(plan.code).isZero();
    assertThat(plan.cli.out()).isEqualTo(FIRST_APPLY
        .replace("tracking: applying to the local Railway sandbox (project ml-platform)",
            "tracking: 12 changes on the local Railway sandbox"));
    assertThat(run("plan", "-f", EXAMPLE, "--detailed-exitcode").code).isEqualTo(2);
    assertThat(home.resolve("deployments")).doesNotExist();
    assertThat(sandbox.state().projects).isEmpty();
  }

  @Test
  void aSmallerStorageSizeIsRefusedByPlanAndApplyNamingTheFieldAndNothingChangesOnRailway() throws Exception {
    assertThat(run("apply", "-f", EXAMPLE).code).isZero();
    Path smaller = withSize("1Gi");
    String railwayBefore = Serialization.asJson(sandbox.state());
    String refused = "error: tracking: spec.storage.size: cannot shrink the volume from 5Gi to 1Gi; a volume can only"
        + " grow, so set size to 5Gi or more\n";

    var plan = run("plan", "-f", smaller.toString(), "--detailed-exitcode");
    assertThat(plan.code).isOne();
    assertThat(plan.cli.err()).endsWith(refused);
    var apply = run("apply", "-f", smaller.toString());
    assertThat(apply.code).isOne();
    assertThat(apply.cli.err()).endsWith(refused);

    assertThat(Serialization.asJson(sandbox.state())).as("nothing changed on Railway").isEqualTo(railwayBefore);
    var synced = sandbox.recorded("tracking").getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Synced")).findFirst().orElseThrow();
    assertThat(synced.getStatus()).isEqualTo("False");
    assertThat(synced.getReason()).isEqualTo("StorageShrinkRefused");
    assertThat(run("apply", "-f", smaller.toString()).code).as("still refused once recorded").isOne();
    assertThat(run("apply", "-f", EXAMPLE).code).as("the applied size again").isZero();
  }

  @Test
  void theSizeComparedIsTheOneTheSpecLastAskedForNotRailwaysLargerDefault() throws Exception {
    var first = run("apply", "-f", withSize("1Gi").toString());
    assertThat(first.code).as("1Gi on a plan whose new volumes have 5 GB: %s", first.cli.err()).isZero();
    assertThat(run("apply", "-f", withSize("2Gi").toString()).code).isZero();

    var smaller = run("apply", "-f", withSize("1Gi").toString());
    assertThat(smaller.code).isOne();
    assertThat(smaller.cli.err()).endsWith("error: tracking: spec.storage.size: cannot shrink the volume from 2Gi to"
        + " 1Gi; a volume can only grow, so set size to 2Gi or more\n");
  }

  @Test
  void aSmallerStorageSizeIsRefusedAfterDeleteUnderRetainAsBeforeWhenTheKeptVolumeIsReattached() throws Exception {
    assertThat(run("apply", "-f", EXAMPLE).code).isZero();
    assertThat(sandbox.recorded("tracking").getSpec().deletionPolicy).isEqualTo(DeletionPolicy.Retain);
    assertThat(run("delete", "tracking", "--yes").code).isZero();

    var smaller = run("apply", "-f", withSize("1Gi").toString());

    assertThat(smaller.code).isOne();
    assertThat(smaller.cli.err()).endsWith("error: tracking: spec.storage.size: cannot shrink the volume from 5Gi to"
        + " 1Gi; a volume can only grow, so set size to 5Gi or more\n");
    assertThat(run("apply", "-f", EXAMPLE).code).as("the kept size re-attaches").isZero();
  }

  private Path withSize(String size) throws java.io.IOException {
    Path spec = home.resolve("size-" + size + ".yaml");
    String example = Files.readString(Path.of(EXAMPLE));
    assertThat(example).contains("size: 5Gi");
    return Files.writeString(spec, example.replace("size: 5Gi", "size: " + size));
  }

  private Run run(String... args) {
    var cli = new CliRun(home);
    cli.clock = clock;
    return new Run(cli, cli.run(args));
  }

  private static JsonNode condition(JsonNode deployment, String type) {
    for (JsonNode c : deployment.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError("no " + type + " condition in " + deployment);
  }

  /** One command's run and exit code. */
  record Run(CliRun cli, int code) {}
}
