package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user flow on Railway with the shaded jar against a sandbox the test serves over HTTP: apply, Ready,
 * status, env, real caddy on the proxy's CADDYFILE, drift repaired, spec change rolled out, delete with
 * Retain (volume kept) and with Delete (gone); no generated secret in any output.
 */
class RailwayUserFlowProcessTest {
  static final Pattern PASSWORD = Pattern.compile("export MLFLOW_TRACKING_PASSWORD=(\\S+)\n");

  @TempDir Path home;
  @TempDir Path work;
  private RailwaySandbox sandbox;
  private final Transcript transcript = new Transcript();

  @BeforeEach
  void serveSandbox() {
    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofSeconds(1)).build().start();
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void applyStatusEnvProxyDriftSpecChangeAndDeleteWithRetainThenDelete() throws Exception {
    String caddyVersion = ProxyCheck.installedCaddyVersion(work);
    Path spec = writeSpec(2, "Retain", caddyVersion);

    var apply = ok("apply", "-f", spec.toString(), "--wait");
    assertThat(apply.out()).contains("  + project ml-platform\n").containsPattern("tracking: Ready at https://\\S+\n$");
    assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
    String volume = sandbox.state().volumes.get(0).id;

    JsonNode status = new ObjectMapper().readTree(ok("status", "tracking", "-o", "json").out());
    String url = status.at("/status/url").asText();
    assertThat(url).startsWith("https://");
    assertThat(condition(status, "Ready")).isEqualTo("True");
    assertThat(ok("status", "tracking").out()).contains("tracking");

    assertThat(ok("env", "tracking").out())
        .isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=mlflow\n");
    String password = showSecrets();

    // The proxy's Caddyfile, read back through the sandbox's GraphQL API, run by the real caddy.
    var proxy = SandboxView.variables(sandbox, "tracking-proxy");
    assertThat(proxy.get("BASIC_AUTH_PASSWORD")).isEqualTo(password);
    ProxyCheck.assertGuards(work, proxy.get("CADDYFILE"), proxy, "mlflow", password);

    // Out of band: someone changes MLflow's start command in the dashboard; apply puts it back.
    String startCommand = SandboxView.instance(sandbox, "tracking-mlflow").startCommand;
    SandboxView.setStartCommand(sandbox, "tracking-mlflow", "sleep infinity");
    var plan = ctl("plan", "-f", spec.toString(), "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    assertThat(ok("apply", "-f", spec.toString(), "--wait").out()).contains("  ~ service/mlflow: startCommand\n");
    assertThat(SandboxView.instance(sandbox, "tracking-mlflow").startCommand).isEqualTo(startCommand);

    // Spec change: three workers, 4Gi of memory and a 10Gi volume, rolled out; the same volume grown, same password.
    spec = Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(3, "Retain", caddyVersion, "4Gi", "10Gi"));
    assertThat(ok("apply", "-f", spec.toString(), "--wait").out()).endsWith("tracking: Ready at " + url + "\n");
    var mlflow = SandboxView.instance(sandbox, "tracking-mlflow");
    assertThat(mlflow.startCommand).contains("--workers 3");
    assertThat(mlflow.memoryGB).as("4Gi in Railway's decimal GB").isEqualTo(4.295);
    assertThat(sandbox.state().volumeInstances).singleElement()
        .satisfies(v -> assertThat(v.sizeMB).as("10Gi in MB").isEqualTo(10738));
    assertThat(condition(new ObjectMapper().readTree(ok("status", "tracking", "-o", "json").out()), "Ready"))
        .isEqualTo("True");
    assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
    assertThat(sandbox.state().volumes.get(0).id).isEqualTo(volume);
    assertThat(showSecrets()).isEqualTo(password);

    // delete with Retain: the services go, the volume with MLflow's data stays.
    assertThat(ok("delete", "tracking", "--yes").out()).contains("deletionPolicy: Retain");
    assertThat(sandbox.state().services).isEmpty();
    assertThat(sandbox.state().volumes).extracting(v -> v.id).containsExactly(volume);

    // Applied again it finds the kept volume, refusing a size below the one it was grown to; delete with Delete then
    // removes it too.
    spec = writeSpec(3, "Delete", caddyVersion);
    var smaller = ctl("apply", "-f", spec.toString(), "--wait");
    assertThat(smaller.exitCode()).as(smaller.err()).isEqualTo(1);
    assertThat(smaller.err()).contains("spec.storage.size: cannot shrink the volume from 10Gi to 5Gi");
    spec = Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(3, "Delete", caddyVersion, "2Gi", "10Gi"));
    ok("apply", "-f", spec.toString(), "--wait");
    assertThat(sandbox.state().volumes).extracting(v -> v.id).containsExactly(volume);
    assertThat(sandbox.state().volumeInstances).noneSatisfy(i -> assertThat(i.isPendingDeletion).isTrue());
    String secondPassword = showSecrets();
    ok("delete", "tracking", "--yes");
    assertThat(sandbox.state().services).isEmpty();
    // Railway, and so the sandbox, deletes a volume asynchronously: its instances go DELETING at once.
    assertThat(sandbox.state().volumeInstances).isNotEmpty()
        .allSatisfy(i -> assertThat(i.isPendingDeletion).as("volume instance %s pending deletion", i.id).isTrue());
    assertThat(sandbox.state().serviceDomains).isEmpty();

    transcript.assertNoSecrets(List.of(password, secondPassword, sandbox.token(),
        proxy.get(CaddyConfig.ENV_PASSWORD_HASH)));
  }

  private String showSecrets() throws Exception {
    var env = ctl("env", "tracking", "--show-secrets");
    assertThat(env.exitCode()).as(env.err()).isZero();
    var m = PASSWORD.matcher(env.out());
    assertThat(m.find()).as(env.out()).isTrue();
    return m.group(1);
  }

  private static String condition(JsonNode status, String type) {
    for (JsonNode c : status.at("/status/conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText();
      }
    }
    return "absent";
  }

  private Path writeSpec(int workers, String deletionPolicy, String caddyVersion) throws Exception {
    return Files.writeString(work.resolve("tracking.yaml"), RailwaySpecs.basic(workers, deletionPolicy, caddyVersion));
  }

  private MlflowCtlProcess.Result ok(String... args) throws Exception {
    var result = ctl(args);
    assertThat(result.exitCode()).as("mlflowctl %s: %s%s", String.join(" ", args), result.out(), result.err())
        .isZero();
    return result;
  }

  private MlflowCtlProcess.Result ctl(String... args) throws Exception {
    var result = MlflowCtlProcess.run(Map.of("MLFLOWCTL_HOME", home.toString(),
        "RAILWAY_API_URL", sandbox.url(), "RAILWAY_TOKEN", sandbox.token()), args);
    transcript.record(String.join(" ", args), result);
    return result;
  }
}
