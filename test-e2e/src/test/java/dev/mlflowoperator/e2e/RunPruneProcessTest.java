package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mlflowctl run --prune` with a `deletionPolicy: Delete` spec: a typo that makes the spec invalid (`metadata.name:
 * tracking` -> `Tracking`) prunes nothing, and the pass says why in its log, the API's problems and a metric; fixed,
 * the deployment is kept and the problems clear.
 */
class RunPruneProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void anInvalidSpecHoldsThePruneUntilItIsFixed() throws Exception {
    Path specs = Files.createDirectories(work.resolve("specs"));
    Path file = specs.resolve("tracking.yaml");
    String spec = RailwaySpecs.basic(2, "Delete", "2.6");
    Files.writeString(file, spec);
    int port = CaddyProcess.freePort();

    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start()) {
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
      try (var run = LongRunningProcess.start(work.resolve("logs"), "run", env, "run", "--specs", specs.toString(),
          "--interval", "1s", "--listen", "127.0.0.1:" + port, "--prune")) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());
        await("converged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(ConnectException.class).failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True"));
        var converged = SandboxView.counts(sandbox);
        assertThat(converged).isEqualTo(new SandboxView.Counts(1, 2, 1, 1));
        String volume = sandbox.state().volumes.get(0).id;

        Files.writeString(file, spec.replace("name: tracking", "name: Tracking"));
        await("the typo reported").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> assertThat(problems(port)).anySatisfy(p -> assertThat(p)
                .startsWith("default/tracking: its spec is gone from")
                .contains("not pruned while a spec there is unreadable or invalid")));
        assertThat(problems(port)).anySatisfy(p -> assertThat(p).contains("tracking.yaml#1: metadata.name"));
        assertThat(SandboxView.counts(sandbox)).as("nothing pruned").isEqualTo(converged);
        assertThat(sandbox.state().volumes).extracting(v -> v.id).containsExactly(volume);
        assertThat(RunProcess.metric(port, "mlflowctl_prune_held")).isEqualTo(1);
        assertThat(run.output()).contains("problem: default/tracking: its spec is gone from");

        Files.writeString(file, spec);
        await("fixed: no problem left").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(problems(port)).isEmpty());
        assertThat(RunProcess.ready(port, "tracking")).isEqualTo("True");
        assertThat(SandboxView.counts(sandbox)).isEqualTo(converged);
        assertThat(RunProcess.metric(port, "mlflowctl_prune_held")).isZero();

        transcript.assertNoSecrets(List.of(sandbox.token()));
      }
    }
  }

  private static List<String> problems(int port) throws Exception {
    var problems = new ArrayList<String>();
    JsonNode body = JSON.readTree(RunProcess.get(port, "/api/v1/deployments"));
    body.path("problems").forEach(p -> problems.add(p.asText()));
    return problems;
  }
}
