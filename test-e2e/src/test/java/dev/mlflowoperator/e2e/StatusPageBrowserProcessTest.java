package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of `mlflowctl run` in a real headless browser: two deployments on a sandbox, one whose proxy
 * password names a secret that does not exist; the page shows one Ready and one failing with its reason, the browser
 * applies its style under the page's CSP, and screenshots (desktop and phone) are saved in target/artifacts.
 */
class StatusPageBrowserProcessTest {
  private static final Path ARTIFACTS = Path.of("target", "artifacts");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final String BROKEN = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: broken
      spec:
        target: railway
        railway:
          project: ml-broken
          environment: production
        proxy:
          caddyVersion: "2.6"
          auth:
            username: mlflow
            passwordSecretRef: {name: missing-auth, key: password}
      """;

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void thePageShowsTheReadyDeploymentAndTheFailingOneWithItsReasonInChromium() throws Exception {
    var chromium = HeadlessChromium.find(work.resolve("chromium"));
    Path specs = Files.createDirectories(work.resolve("specs"));
    Files.writeString(specs.resolve("tracking.yaml"), RailwaySpecs.basic(2, "Delete", "2.6"));
    Files.writeString(specs.resolve("broken.yaml"), BROKEN);
    int port = CaddyProcess.freePort();
    String page = "http://127.0.0.1:" + port + "/";

    try (var sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ofMillis(300)).build().start()) {
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "RAILWAY_PLAN", "pro");
      try (var run = RunProcess.start(work.resolve("logs"), "run", env, specs, port)) {
        transcript.addLive("run [stdout]", run.outFile());
        transcript.addLive("run [stderr]", run.errFile());
        await("one Ready, one failing").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(ConnectException.class).failFast("run exited", () -> !run.isAlive())
            .untilAsserted(() -> {
              assertThat(condition(port, "tracking", "Ready")).isEqualTo("True");
              assertThat(condition(port, "broken", "Synced")).isEqualTo("False");
            });

        var loaded = chromium.dumpDom(page);
        transcript.add("chromium dom", loaded.dom());
        var desktop = ARTIFACTS.resolve("status-page.png");
        var phone = ARTIFACTS.resolve("status-page-phone.png");
        Files.deleteIfExists(desktop);
        Files.deleteIfExists(phone);
        var shots = List.of(chromium.screenshot(page, desktop, 1280, 800), chromium.screenshot(page, phone, 390, 844));

        assertThat(loaded.dom()).contains("<title>mlflowctl run: 1/2 ready</title>")
            .contains("2 deployments: 1 ready, 1 failing, 0 waiting");
        assertThat(row(loaded.dom(), "default/tracking")).contains("class=\"row-ok\"")
            .contains("<span class=\"st\">True</span> <span class=\"r\">Available</span>")
            .contains("<span class=\"st\">True</span> <span class=\"r\">ReconcileSuccess</span>")
            .contains("railway · MLflow 3.14.0").contains("<a href=\"http");
        assertThat(row(loaded.dom(), "default/broken")).contains("class=\"row-bad\"")
            .contains("<td data-label=\"Synced\" class=\"bad\"><span class=\"st\">False</span> <span class=\"r\">"
                + "PasswordSecretNotFound</span>").contains("missing-auth");
        var outputs = new ArrayList<>(shots);
        outputs.add(loaded);
        for (var output : outputs) {
          assertThat(output.log()).as("the browser's console").doesNotContain("Content Security Policy");
        }
        assertThat(pngWidth(desktop)).isEqualTo(1280);
        assertThat(pngWidth(phone)).isEqualTo(390);
        transcript.assertNoSecrets(List.of(sandbox.token()));
      }
    }
  }

  /** The status of one condition of a deployment in the JSON status API, or "absent". */
  private static String condition(int port, String deployment, String type) throws Exception {
    JsonNode status = new ObjectMapper().readTree(RunProcess.get(port, "/api/v1/deployments/" + deployment));
    for (JsonNode c : status.at("/status/conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText();
      }
    }
    return "absent";
  }

  /** The table row of one deployment in the DOM. */
  private static String row(String dom, String key) {
    int at = dom.indexOf("data-deployment=\"" + key + "\"");
    assertThat(at).as("the row of %s in%n%s", key, dom).isPositive();
    return dom.substring(dom.lastIndexOf("<tr ", at), dom.indexOf("</tr>", at) + 5);
  }

  /** The width in the IHDR of a PNG file, after checking it is a non-empty PNG. */
  private static int pngWidth(Path png) throws Exception {
    assertThat(png).as("the screenshot").exists();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("%s's size", png).isGreaterThan(1000);
    assertThat(Arrays.copyOf(bytes, 8)).as("%s's signature", png).isEqualTo(PNG);
    return ByteBuffer.wrap(bytes, 16, 4).getInt();
  }
}
