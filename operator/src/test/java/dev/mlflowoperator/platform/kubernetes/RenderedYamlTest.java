package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered objects of today's stack, byte for byte as the release before components-as-data rendered them: an
 * upgrade of the operator changes no object and so rolls no pod. The expected YAML was generated with that release,
 * whose selectors (a Map.of) came out in either order from one JVM to the next; they are now always instance, then
 * component, which is one of those two. Two changes since, on purpose: MLflow on SQLite now runs
 * {@code mlflow db upgrade} before its server (through sh) and has a startup probe (15 minutes, so that liveness never
 * stops a migration), so MLflow's pod rolls once; and the Caddyfile opens HEAD /health beside GET (the proxy
 * ConfigMap and its config-hash annotation), so the proxy rolls once too. The proxy Deployment's rolling update
 * now says maxUnavailable 0 and maxSurge 1 (what Kubernetes' 25% defaults give one replica): its spec is updated,
 * its pod template is not, so no pod rolls for it.
 */
class RenderedYamlTest {
  @ParameterizedTest
  @ValueSource(strings = {"default", "postgres-s3"})
  void rendersTheSameYamlAsThePreviousRelease(String name) {
    var spec = Serialization.unmarshal(resource(name + ".spec.yaml"), MlflowDeploymentSpec.class);
    var options = KubernetesOptions.of("ml", spec.kubernetes);
    var stack = DesiredStackFactory.build("tracking", spec, KubernetesStackRendererTest.CREDENTIALS,
        KubernetesAddresses.of(new StackNames("tracking"), options));

    String yaml = KubernetesStackRenderer.render(stack, options).inApplyOrder().stream()
        .map(Serialization::asYaml).collect(Collectors.joining());

    assertThat(yaml).isEqualTo(resource(name + ".yaml"));
  }

  private static String resource(String file) {
    try (InputStream in = RenderedYamlTest.class.getResourceAsStream("/rendered/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
