package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every invalid spec of the operator module's fixtures, each with its `# expect:` line: `mlflowctl validate` and
 * `mlflowctl apply` (exit 1) print that message and change nothing on the Railway sandbox or the mock cluster;
 * a few, created as custom resources, get Synced=False with it from the operator process and nothing else.
 */
class BadInputProcessTest {
  static final Path INVALID = Path.of("../operator/src/test/resources/specs/invalid");
  static final Pattern EXPECT = Pattern.compile("(?m)^# expect: (.+)$");
  /** Fixtures that parse as an MlflowDeployment, so they can be created as custom resources. */
  static final List<String> AS_RESOURCES = List.of("workers-zero.yaml", "version-latest.yaml",
      "size-not-a-quantity.yaml", "mount-path-relative.yaml", "unknown-deletion-policy.yaml",
      "users-username-twice.yaml");

  /** Applied alone too: a Railway spec, a Kubernetes spec, and YAML that does not parse. */
  static final List<String> ONE_BY_ONE = List.of("railway-without-project.yaml", "workers-zero.yaml",
      "malformed.yaml");

  @TempDir Path work;
  private final Transcript transcript = new Transcript();

  @Test
  void everyInvalidSpecIsRefusedByValidateApplyAndTheOperatorAndNothingChanges() throws Exception {
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(INVALID)) {
      fixtures = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(20);

    try (var cluster = KubeMock.start();
        var sandbox = RailwaySandbox.builder().build().start()) {
      var env = Map.of("MLFLOWCTL_HOME", work.resolve("home").toString(), "RAILWAY_API_URL", sandbox.url(),
          "RAILWAY_TOKEN", sandbox.token(), "KUBECONFIG", cluster.writeKubeconfig(work).toString());
      var paths = new ArrayList<String>();
      fixtures.forEach(f -> {
        paths.add("-f");
        paths.add(f.toString());
      });
      var validate = MlflowCtlProcess.run(env, concat(List.of("validate"), paths));
      transcript.record("validate (all)", validate);
      assertThat(validate.exitCode()).isEqualTo(1);
      var apply = MlflowCtlProcess.run(env, concat(List.of("apply"), paths));
      transcript.record("apply (all)", apply);
      assertThat(apply.exitCode()).isEqualTo(1);
      for (Path fixture : fixtures) {
        String expect = expectation(fixture);
        assertThat(validate.out() + validate.err()).as("validate names %s", fixture.getFileName()).contains(expect);
        assertThat(apply.out() + apply.err()).as("apply names %s", fixture.getFileName()).contains(expect);
      }
      for (String one : ONE_BY_ONE) {
        var single = MlflowCtlProcess.run(env, "apply", "-f", INVALID.resolve(one).toString());
        transcript.record("apply " + one, single);
        assertThat(single.exitCode()).as("apply %s: %s%s", one, single.out(), single.err()).isEqualTo(1);
        assertThat(single.out() + single.err()).contains(expectation(INVALID.resolve(one)));
      }
      assertThat(sandbox.stats().total()).as("requests to Railway").isZero();
      assertThat(SandboxView.counts(sandbox)).isEqualTo(new SandboxView.Counts(0, 0, 0, 0));
      assertNothingIn(cluster);

      try (var operator = LongRunningProcess.start(work.resolve("logs"), "operator",
          Map.of("KUBECONFIG", env.get("KUBECONFIG")), "operator", "-n", KubeMock.NAMESPACE)) {
        transcript.addLive("operator [stdout]", operator.outFile());
        transcript.addLive("operator [stderr]", operator.errFile());
        var names = new ArrayList<String>();
        for (String file : AS_RESOURCES) {
          var resource = Serialization.unmarshal(Files.readString(INVALID.resolve(file), StandardCharsets.UTF_8),
              GenericKubernetesResource.class);
          String name = "bad-" + names.size();
          resource.setMetadata(new ObjectMeta());
          resource.getMetadata().setName(name);
          resource.getMetadata().setNamespace(KubeMock.NAMESPACE);
          cluster.client.resource(resource).create();
          names.add(name);
        }
        for (int i = 0; i < names.size(); i++) {
          String name = names.get(i);
          String expect = expectation(INVALID.resolve(AS_RESOURCES.get(i)));
          await(name + " Synced=False").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
              .untilAsserted(() -> {
                assertThat(operator.isAlive()).as(operator.output()).isTrue();
                var synced = condition(cluster, name, "Synced");
                assertThat(synced).as(name).isNotNull();
                assertThat(synced.get("status")).isEqualTo("False");
                // The operator reads a typed resource: it names the field, though an unreadable choice's value is lost.
                assertThat(String.valueOf(synced.get("message"))).contains(pathPart(expect));
              });
        }
        transcript.add("events", Serialization.asYaml(
            cluster.client.v1().events().inNamespace(KubeMock.NAMESPACE).list()));
        transcript.add("resources", Serialization.asYaml(cluster.client
            .genericKubernetesResources("mlflow-operator.dev/v1alpha1", "MlflowDeployment")
            .inNamespace(KubeMock.NAMESPACE).list()));
        assertNothingIn(cluster);
      }
      transcript.assertNoSecrets(List.of(sandbox.token()));
    }
  }

  private static String[] concat(List<String> a, List<String> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }

  private static void assertNothingIn(KubeMock cluster) {
    var client = cluster.client;
    assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.secrets().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.persistentVolumeClaims().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.services().inAnyNamespace().list().getItems()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(KubeMock cluster, String name, String type) {
    var resource = cluster.client.genericKubernetesResources("mlflow-operator.dev/v1alpha1", "MlflowDeployment")
        .inNamespace(KubeMock.NAMESPACE).withName(name).get();
    var status = (Map<String, Object>) resource.getAdditionalProperties().get("status");
    if (status == null || status.get("conditions") == null) {
      return null;
    }
    return ((List<Map<String, Object>>) status.get("conditions")).stream()
        .filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
  }

  private static String expectation(Path fixture) throws Exception {
    var m = EXPECT.matcher(Files.readString(fixture, StandardCharsets.UTF_8));
    assertThat(m.find()).as("%s has an # expect: line", fixture).isTrue();
    return m.group(1).strip();
  }

  /** The field path an expectation starts with, e.g. `spec.mlflow.workers`. */
  private static String pathPart(String expect) {
    return expect.substring(0, expect.indexOf(':'));
  }
}
