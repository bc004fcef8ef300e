package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.proxy.CaddyProcess;
import dev.mlflowoperator.proxy.StubUpstream;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several users and a rotation on Kubernetes: `mlflowctl operator` as an OS process against Fabric8's mock API
 * server; `apply -f` three users (ci-train's password from a Secret of ours), the real caddy on the ConfigMap's
 * Caddyfile with the proxy's variables from the credentials Secret admits each user with their own password only;
 * `rotate --user alice --cluster` changes alice's keys only and rolls the proxy with no unavailable replica.
 */
class KubernetesUsersProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String NS = KubeMock.NAMESPACE;
  private static final String CI_TRAIN_PASSWORD = "ci-train-pass-0d3f9a1c";
  /** The users in spec order and the suffix of their keys in the credentials Secret. */
  private static final Map<String, String> SUFFIX = orderedMap("alice", "", "bob", "-1", "ci-train", "-2");

  @TempDir Path work;
  private KubeMock cluster;
  private LongRunningProcess operator;
  private Path kubeconfig;
  private final Transcript transcript = new Transcript();

  @BeforeEach
  void startClusterAndOperator() throws Exception {
    cluster = KubeMock.start();
    kubeconfig = cluster.writeKubeconfig(work);
    operator = LongRunningProcess.start(work.resolve("logs"), "operator", Map.of("KUBECONFIG", kubeconfig.toString()),
        "operator", "-n", NS);
    transcript.addLive("operator [stdout]", operator.outFile());
    transcript.addLive("operator [stderr]", operator.errFile());
    transcript.addLive(() -> Map.of("events", Serialization.asYaml(
        cluster.client.v1().events().inNamespace(NS).list())));
    transcript.addLive(() -> Map.of("resource", Serialization.asYaml(cr().get())));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  @Test
  void eachUserHasTheirOwnKeysAndRotatingAliceChangesOnlyHersAndRollsTheProxyWithNoneUnavailable() throws Exception {
    String caddyVersion = ProxyCheck.installedCaddyVersion(work);
    cluster.client.resource(new SecretBuilder().withNewMetadata().withName("ci-train-password").withNamespace(NS)
        .endMetadata().addToStringData("password", CI_TRAIN_PASSWORD).build()).create();
    ok("apply", "-f", Files.writeString(work.resolve("tracking.yaml"), spec(caddyVersion)).toString());
    awaitReady();

    var before = credentials();
    assertThat(before).containsEntry("username", "alice").containsEntry("username-1", "bob")
        .containsEntry("username-2", "ci-train").containsEntry("password-2", CI_TRAIN_PASSWORD);
    var passwords = new LinkedHashMap<String, String>();
    SUFFIX.forEach((user, suffix) -> passwords.put(user, before.get("password" + suffix)));
    assertThat(passwords.values()).doesNotContainNull().doesNotHaveDuplicates();
    SUFFIX.values().forEach(suffix -> assertThat(before.get("passwordHash" + suffix)).startsWith("$2"));
    var bob = ok("env", "tracking", "--cluster", "--user", "bob", "--show-secrets").out();
    assertThat(bob).contains("export MLFLOW_TRACKING_USERNAME=bob\n")
        .containsPattern("(?m)^export MLFLOW_TRACKING_PASSWORD='?" + Pattern.quote(passwords.get("bob")) + "'?$");
    assertThat(ok("env", "tracking", "--cluster", "--user", "bob").out()).contains("MLFLOW_TRACKING_USERNAME=bob")
        .doesNotContain("MLFLOW_TRACKING_PASSWORD");

    try (var proxy = new Proxy("before")) {
      passwords.forEach((user, password) -> {
        assertThat(proxy.status(user, password)).as(user).isEqualTo(200);
        passwords.forEach((other, theirs) -> {
          if (!other.equals(user)) {
            assertThat(proxy.status(user, theirs)).as("%s with the password of %s", user, other).isEqualTo(401);
          }
        });
      });
    }

    Deployment proxyBefore = proxyDeployment();
    var mlflowBefore = mlflowDeployment().getSpec().getTemplate();
    var usersBefore = users();
    assertThat(ok("rotate", "tracking", "--user", "alice", "--yes", "--cluster", "-n", NS).out())
        .contains("tracking: asked the operator to rotate the password of alice");
    await("alice rotated").atMost(WAIT).untilAsserted(() -> assertThat(credentials().get("password"))
        .isNotEqualTo(passwords.get("alice")));
    awaitReady();

    var after = credentials();
    assertThat(after.get("passwordHash")).isNotEqualTo(before.get("passwordHash"));
    assertThat(after).as("bob's and ci-train's keys byte-identical").containsAllEntriesOf(only(before, "-1", "-2"))
        .hasSameSizeAs(before);
    Deployment proxyAfter = proxyDeployment();
    assertThat(configHash(proxyAfter)).as("the proxy's template rolls").isNotEqualTo(configHash(proxyBefore));
    assertThat(proxyAfter.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(proxyAfter.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(mlflowDeployment().getSpec().getTemplate()).as("MLflow does not roll").isEqualTo(mlflowBefore);
    var usersAfter = users();
    assertThat(usersAfter.get("alice")).as("alice's passwordChanged moved").isNotEqualTo(usersBefore.get("alice"));
    assertThat(usersAfter.get("bob")).isEqualTo(usersBefore.get("bob"));
    assertThat(usersAfter.get("ci-train")).isEqualTo(usersBefore.get("ci-train"));

    String alice = after.get("password");
    try (var proxy = new Proxy("after")) {
      assertThat(proxy.status("alice", passwords.get("alice"))).as("alice's old password").isEqualTo(401);
      assertThat(proxy.status("alice", alice)).as("alice's new password").isEqualTo(200);
      assertThat(proxy.status("bob", passwords.get("bob"))).isEqualTo(200);
      assertThat(proxy.status("ci-train", CI_TRAIN_PASSWORD)).isEqualTo(200);
    }
    assertThat(ok("status", "tracking", "--cluster").out()).contains("  alice  ", "  bob  ", "  ci-train  ");
    assertThat(operator.isAlive()).as(operator.output()).isTrue();

    var secrets = new ArrayList<>(passwords.values());
    secrets.add(alice);
    for (var values : List.of(before, after)) {
      values.forEach((key, value) -> {
        if (key.startsWith("passwordHash")) {
          secrets.add(value);
        }
      });
    }
    transcript.assertNoSecrets(secrets);
  }

  /** The spec: three users, ci-train's password from the Secret ci-train-password. */
  private static String spec(String caddyVersion) {
    return """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: tracking
          namespace: test
        spec:
          target: kubernetes
          mlflow:
            version: "3.14.0"
            backendStore:
              type: sqlite
            artifacts:
              type: volume
          proxy:
            caddyVersion: "%s"
            auth:
              users:
                - username: alice
                - username: bob
                - username: ci-train
                  passwordSecretRef:
                    name: ci-train-password
                    key: password
          storage:
            size: 5Gi
            mountPath: /mlflow
          deletionPolicy: Retain
        """.formatted(caddyVersion);
  }

  private void awaitReady() {
    await("Ready").atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(operator.isAlive()).as(operator.output()).isTrue();
      cluster.makeAvailable("tracking");
      var resource = cr().get();
      assertThat(resource).isNotNull();
      assertThat(KubernetesUserFlowProcessTest.condition(resource, "Ready")).as(Serialization.asYaml(resource))
          .isEqualTo("True");
    });
  }

  /** The credentials Secret's keys and decoded values. */
  private Map<String, String> credentials() {
    var secret = cluster.client.secrets().inNamespace(NS).withName("tracking-credentials").get();
    var values = new LinkedHashMap<String, String>();
    secret.getData().forEach((key, value) ->
        values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return values;
  }

  /** The entries whose key ends in one of {@code suffixes}. */
  private static Map<String, String> only(Map<String, String> values, String... suffixes) {
    var kept = new LinkedHashMap<String, String>();
    values.forEach((key, value) -> {
      for (String suffix : suffixes) {
        if (key.endsWith(suffix)) {
          kept.put(key, value);
        }
      }
    });
    return kept;
  }

  /** status.users: each username with its passwordChanged. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> users() {
    var status = (Map<String, Object>) cr().get().getAdditionalProperties().get("status");
    var users = new LinkedHashMap<String, Object>();
    for (var user : (List<Map<String, Object>>) status.get("users")) {
      users.put((String) user.get("username"), user.get("passwordChanged"));
    }
    assertThat(users.keySet()).containsExactlyElementsOf(SUFFIX.keySet());
    assertThat(users.values()).doesNotContainNull();
    return users;
  }

  private Deployment proxyDeployment() {
    return cluster.client.apps().deployments().inNamespace(NS).withName("tracking-proxy").get();
  }

  private Deployment mlflowDeployment() {
    return cluster.client.apps().deployments().inNamespace(NS).withName("tracking-mlflow").get();
  }

  private static String configHash(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("mlflow-operator.dev/config-hash");
  }

  private Resource<GenericKubernetesResource> cr() {
    return cluster.client.genericKubernetesResources("mlflow-operator.dev/v1alpha1", "MlflowDeployment")
        .inNamespace(NS).withName("tracking");
  }

  private MlflowCtlProcess.Result ok(String... args) throws Exception {
    var result = MlflowCtlProcess.run(Map.of("KUBECONFIG", kubeconfig.toString()), args);
    transcript.record(String.join(" ", args), result);
    assertThat(result.exitCode()).as("mlflowctl %s: %s%s", String.join(" ", args), result.out(), result.err())
        .isZero();
    return result;
  }

  private static Map<String, String> orderedMap(String... pairs) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /**
   * The real caddy on the ConfigMap's Caddyfile with the proxy container's variables as the pod would get them (the
   * values from the credentials Secret), in front of a stub MLflow.
   */
  private final class Proxy implements AutoCloseable {
    private final StubUpstream upstream = StubUpstream.start();
    private final CaddyProcess caddy;

    Proxy(String dir) throws Exception {
      String caddyfile = cluster.client.configMaps().inNamespace(NS).withName("tracking-proxy-config").get()
          .getData().get("Caddyfile");
      var credentials = credentials();
      var env = new HashMap<String, String>();
      for (var variable : proxyDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
        if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
          assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tracking-credentials");
          env.put(variable.getName(), credentials.get(variable.getValueFrom().getSecretKeyRef().getKey()));
        } else {
          env.put(variable.getName(), variable.getValue());
        }
      }
      assertThat(env).containsKeys(CaddyConfig.ENV_USERNAME, CaddyConfig.ENV_PASSWORD_HASH);
      env.put(CaddyConfig.ENV_UPSTREAM, upstream.address());
      env.put(CaddyConfig.ENV_PORT, Integer.toString(CaddyProcess.freePort()));
      caddy = CaddyProcess.run(CaddyProcess.binary(), Files.createDirectory(work.resolve(dir)), caddyfile, env);
    }

    int status(String user, String password) {
      var request = HttpRequest.newBuilder(caddy.uri(StubUpstream.SEARCH_PATH)).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Basic " + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      try {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        throw new AssertionError("GET " + StubUpstream.SEARCH_PATH + ": " + caddy.log(), e);
      }
    }

    @Override
    public void close() {
      caddy.close();
      upstream.close();
    }
  }
}
