package dev.mlflowoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** kubectl kustomize renders manifests/ into the install set, namespaced objects in mlflow-operator. */
class KustomizeRenderTest {
  static final String REQUIRE_ENV = "MLFLOW_OPERATOR_REQUIRE_KUBECTL";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void rendersTheInstallSet() throws IOException, InterruptedException {
    var objects = new ArrayList<String>();
    for (JsonNode object : render(ManifestsTest.MANIFESTS)) {
      String namespace = object.path("metadata").path("namespace").asText("-");
      objects.add(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText() + "@" + namespace);
    }
    assertThat(objects).containsExactlyInAnyOrder(
        "Namespace/mlflow-operator@-",
        "CustomResourceDefinition/mlflowdeployments.mlflow-operator.dev@-",
        "ServiceAccount/mlflow-operator@mlflow-operator",
        "ClusterRole/mlflow-operator@-",
        "ClusterRoleBinding/mlflow-operator@-",
        "Role/mlflow-operator-leader-election@mlflow-operator",
        "RoleBinding/mlflow-operator-leader-election@mlflow-operator",
        "Deployment/mlflow-operator@mlflow-operator",
        "Service/mlflow-operator-metrics@mlflow-operator");
  }

  /** The objects {@code kubectl kustomize dir} renders. */
  static List<JsonNode> render(Path dir) throws IOException, InterruptedException {
    var process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString()).start();
    var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
    assertThat(process.exitValue()).as(err.join()).isZero();
    var objects = new ArrayList<JsonNode>();
    try (var parser = YAML.getFactory().createParser(out.join())) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        objects.add(it.next());
      }
    }
    return objects;
  }

  /** The kubectl on PATH; the test is skipped without it, or fails when REQUIRE_ENV is 1 (as in CI). */
  private static Path kubectl() {
    Optional<Path> found = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
    String hint = "kubectl is not on PATH; install it with: apt-get install -y kubernetes-client";
    if (found.isEmpty()) {
      assertThat("1".equals(System.getenv(REQUIRE_ENV))).as(hint + " (" + REQUIRE_ENV + "=1)").isFalse();
      Assumptions.abort(hint);
    }
    return found.get();
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
