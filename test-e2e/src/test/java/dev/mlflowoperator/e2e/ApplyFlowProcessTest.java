package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start as a user runs it with the shaded jar: apply, status, plan, drift repair, env, delete on the sandbox. */
class ApplyFlowProcessTest {
  static final String SPEC = "../manifests/examples/railway-basic.yaml";
  static final String UPDATE_SETTINGS = "mutation($s: String!, $e: String!, $i: ServiceInstanceUpdateInput!) "
      + "{ serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: $i) }";

  @TempDir Path home;
  private final Transcript transcript = new Transcript();

  @Test
  void applyWaitStatusPlanDriftRepairEnvAndDeleteAgainstTheSandbox() throws Exception {
    var apply = mlflowctl("apply", "-f", SPEC, "--wait");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).startsWith("tracking: applying to the local Railway sandbox (project ml-platform)\n"
        + "  + project ml-platform\n").containsPattern("tracking: Ready at https://\\S+\\.up\\.railway\\.app\n$");
    assertThat(apply.err()).isEqualTo("mlflowctl: no RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN set; using the local"
        + " Railway sandbox in " + home + " (nothing is really deployed)\n");

    JsonNode status = new ObjectMapper().readTree(mlflowctl("status", "tracking", "-o", "json").out());
    String url = status.at("/status/url").asText();
    assertThat(url).startsWith("https://");
    assertThat(status.at("/status/conditions/0/type").asText()).isEqualTo("Ready");
    assertThat(status.at("/status/conditions/0/status").asText()).isEqualTo("True");

    assertThat(mlflowctl("apply", "-f", SPEC).out()).contains("  no changes\n");
    assertThat(mlflowctl("plan", "-f", SPEC, "--detailed-exitcode").exitCode()).isZero();

    outOfBand(status.at("/status/ids"));
    var drift = mlflowctl("plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(drift.exitCode()).isEqualTo(2);
    assertThat(drift.out()).contains("  ~ service/mlflow: startCommand\n");
    var repair = mlflowctl("apply", "-f", SPEC, "--wait");
    assertThat(repair.exitCode()).as(repair.err()).isZero();
    assertThat(repair.out()).contains("  ~ service/mlflow: startCommand\n").endsWith("tracking: Ready at " + url + "\n");
    assertThat(mlflowctl("plan", "-f", SPEC, "--detailed-exitcode").exitCode()).isZero();

    var env = mlflowctl("env", "tracking");
    assertThat(env.out()).isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=mlflow\n");
    var password = Pattern.compile("export MLFLOW_TRACKING_PASSWORD=(\\S{24,})\n")
        .matcher(mlflowctl("env", "tracking", "--show-secrets").out());
    assertThat(password.find()).as("env --show-secrets prints the password").isTrue();

    // What the home records holds no secret either.
    try (var records = Files.walk(home.resolve("deployments"))) {
      var files = records.filter(Files::isRegularFile).toList();
      assertThat(files).isNotEmpty();
      for (Path record : files) {
        transcript.add("state " + home.relativize(record), Files.readString(record));
      }
    }

    var delete = mlflowctl("delete", "tracking", "--yes");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("tracking: deleted services tracking-mlflow and tracking-proxy on the local"
        + " Railway sandbox; kept the volume with MLflow's data (deletionPolicy: Retain)\n");
    transcript.assertNoSecrets(List.of(password.group(1)));
  }

  /** Changes MLflow's start command in the home's sandbox, under its lock, as mlflowctl sandbox serve would. */
  private void outOfBand(JsonNode ids) {
    var mlflowHome = new MlflowctlHome(home, home.toString());
    try (var lock = StateLock.ofSandbox(mlflowHome);
        var sandbox = RailwaySandbox.builder().stateFile(home.resolve("sandbox.json")).build()) {
      var body = sandbox.execute(UPDATE_SETTINGS, Map.of("s", ids.path("service/mlflow").asText(),
          "e", ids.path("environment").asText(), "i", Map.of("startCommand", "sleep infinity")));
      assertThat(body.get("errors")).isNull();
    }
  }

  private MlflowCtlProcess.Result mlflowctl(String... args) throws Exception {
    var result = MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(), "MLFLOWCTL_SANDBOX_DEPLOY_SECONDS", "1"),
        args);
    transcript.record(String.join(" ", args), result);
    return result;
  }
}
