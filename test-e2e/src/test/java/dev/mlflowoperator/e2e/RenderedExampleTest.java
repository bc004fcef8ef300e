package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mlflowctl render` of the Kubernetes example prints the nine objects, and real Caddy accepts the config. */
class RenderedExampleTest {
  private static final String EXAMPLE = "../manifests/examples/kubernetes-basic.yaml";

  @Test
  void renderPrintsTheNineObjectsInApplyOrderWithoutThePassword() throws Exception {
    var objects = render();
    assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
        .containsExactly(
            "Secret/tracking-credentials",
            "ConfigMap/tracking-proxy-config",
            "PersistentVolumeClaim/tracking-data",
            "NetworkPolicy/tracking-mlflow",
            "NetworkPolicy/tracking-proxy",
            "Deployment/tracking-mlflow",
            "Service/tracking-mlflow",
            "Deployment/tracking-proxy",
            "Service/tracking-proxy");
    JsonNode secret = objects.get(0);
    assertThat(secret.path("stringData").has("password")).isFalse();
    assertThat(secret.path("data").has("password")).isFalse();
  }

  /**
   * Debian's caddy (the one CI installs) is 2.6.2, which predates the basic_auth spelling of Caddy
   * 2.8. On such a caddy the example's config for 2.11 is checked with only that directive spelled
   * the old way; on 2.8 or later it is checked exactly as rendered.
   */
  @Test
  void renderedCaddyConfigPassesCaddyValidate(@TempDir Path dir) throws Exception {
    Path caddy = CaddyProcess.binary();
    JsonNode configMap = render().stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
        .findFirst().orElseThrow();
    String caddyfile = configMap.path("data").elements().next().asText();
    assertThat(caddyfile).contains("basic_auth");
    if (!CaddyProcess.version(caddy, dir).atLeast(2, 8)) {
      caddyfile = caddyfile.replace("basic_auth", "basicauth");
    }
    // caddy validate provisions the accounts, so it needs the credentials the pod would get.
    var env = Map.of(
        CaddyConfig.ENV_UPSTREAM, "127.0.0.1:5000",
        CaddyConfig.ENV_USERNAME, "mlflow",
        CaddyConfig.ENV_PASSWORD_HASH, new CredentialsGenerator().hash("validate-only"));
    var result = CaddyProcess.validate(caddy, dir, caddyfile, env);
    assertThat(result.succeeded()).as(result.output()).isTrue();
  }

  private static List<JsonNode> render() throws Exception {
    var result = MlflowCtlProcess.run("render", "-f", EXAMPLE);
    assertThat(result.exitCode()).as(result.err()).isZero();
    var objects = new ArrayList<JsonNode>();
    try (var parser = new YAMLMapper().createParser(result.out())) {
      new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(node -> {
        if (node != null && !node.isEmpty()) {
          objects.add(node);
        }
      });
    }
    return objects;
  }
}
