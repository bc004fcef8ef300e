package dev.mlflowoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** manifests/ installs what the operator needs, the way its code expects, and keeps the CRD copy current. */
class ManifestsTest {
  static final Path MANIFESTS = Path.of("../manifests");
  private static final String CRD = "mlflowdeployments.mlflow-operator.dev-v1.yml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void crdCopyIsIdenticalToTheGeneratedOne() throws IOException {
    assertThat(Files.readString(MANIFESTS.resolve("crd").resolve(CRD)))
        .as("manifests/crd/%s is stale; run: cp crds/%s manifests/crd/", CRD, CRD)
        .isEqualTo(Files.readString(Path.of("../crds").resolve(CRD)));
  }

  @Test
  void kustomizationListsEveryInstallFile() throws IOException {
    var listed = new ArrayList<String>();
    kustomization().path("resources").forEach(r -> listed.add(r.asText()));
    List<String> files;
    try (Stream<Path> walk = Files.walk(MANIFESTS)) {
      files = walk.filter(Files::isRegularFile)
          .map(p -> MANIFESTS.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.endsWith(".yaml") || p.endsWith(".yml"))
          .filter(p -> !p.startsWith("examples/") && !p.startsWith("gitops/") && !p.startsWith("monitoring/")
              && !p.equals("kustomization.yaml"))
          .toList();
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
    assertThat(kustomization().path("namespace").asText()).isEqualTo("mlflow-operator");
  }

  @Test
  void deploymentRunsTwoNonRootReplicasWithLeaderElectionAndProbes() throws IOException {
    JsonNode deployment = read(MANIFESTS.resolve("operator/deployment.yaml"));
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("mlflow-operator");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(texts(container.path("args"))).startsWith("operator").contains("--leader-election");
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.path("volumeMounts").get(0).path("mountPath").asText()).isEqualTo("/tmp");
    assertThat(pod.path("volumes").get(0).has("emptyDir")).isTrue();
    for (String bound : new String[] {"requests", "limits"}) {
      assertThat(container.path("resources").path(bound).has("cpu")).as(bound).isTrue();
      assertThat(container.path("resources").path(bound).has("memory")).as(bound).isTrue();
    }
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8081);
    var env = new ArrayList<String>();
    container.path("env").forEach(e -> env.add(e.path("name").asText() + "="
        + e.path("valueFrom").path("fieldRef").path("fieldPath").asText(e.path("value").asText())));
    assertThat(env).contains("POD_NAME=metadata.name", "POD_NAMESPACE=metadata.namespace",
        "MLFLOW_OPERATOR_HEALTH_PORT=8081");
  }

  @Test
  void metricsServiceSelectsTheOperatorPods() throws IOException {
    JsonNode service = read(MANIFESTS.resolve("operator/metrics-service.yaml"));
    JsonNode deployment = read(MANIFESTS.resolve("operator/deployment.yaml"));

    assertThat(service.path("spec").path("selector"))
        .isEqualTo(deployment.path("spec").path("template").path("metadata").path("labels"));
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo(deployment.path("spec").path("template").path("spec").path("containers").get(0)
            .path("ports").get(0).path("name").asText());
  }

  @Test
  void dockerfileRunsTheShadedJarAsNonRootWithTheOperatorCommand() throws IOException {
    String dockerfile = Files.readString(Path.of("../Dockerfile"));

    assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre")
        .contains("COPY operator/target/mlflowctl.jar /app/mlflowctl.jar")
        .contains("USER 10001")
        .contains("\"-jar\", \"/app/mlflowctl.jar\"]")
        .contains("CMD [\"operator\"]");
  }

  private static JsonNode kustomization() throws IOException {
    return read(MANIFESTS.resolve("kustomization.yaml"));
  }

  private static JsonNode read(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  private static List<String> texts(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
