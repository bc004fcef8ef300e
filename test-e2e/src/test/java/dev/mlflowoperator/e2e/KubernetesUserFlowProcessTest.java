package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.proxy.CaddyProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user flow on Kubernetes: `mlflowctl operator` as an OS process against Fabric8's mock API server (CRUD)
 * through a kubeconfig; the test applies the CR, plays the Deployment controller, runs the real caddy on the
 * ConfigMap's Caddyfile with the credentials Secret, then drift, spec change, delete with Retain and Delete; the
 * operator's status page (--status-page) shows the resource Ready.
 */
class KubernetesUserFlowProcessTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private KubeMock cluster;
  private LongRunningProcess operator;
  private Path kubeconfig;
  private int healthPort;
  private final Transcript transcript = new Transcript();

  @BeforeEach
  void startClusterAndOperator() throws Exception {
    cluster = KubeMock.start();
    kubeconfig = cluster.writeKubeconfig(work);
    healthPort = CaddyProcess.freePort();
    operator = LongRunningProcess.start(work.resolve("logs"), "operator", Map.of("KUBECONFIG", kubeconfig.toString()),
        "operator", "-n", KubeMock.NAMESPACE, "--health-port", String.valueOf(healthPort), "--status-page");
    transcript.addLive("operator [stdout]", operator.outFile());
    transcript.addLive("operator [stderr]", operator.errFile());
    transcript.addLive(() -> Map.of("events", Serialization.asYaml(
        cluster.client.v1().events().inNamespace(KubeMock.NAMESPACE).list())));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  @Test
  void applyReadyProxyDriftSpecChangeAndDeleteWithRetainThenDelete() throws Exception {
    String caddyVersion = ProxyCheck.installedCaddyVersion(work);
    var client = cluster.client;
    apply(2, "Retain", caddyVersion);
    awaitReady();

    assertThat(ok("status", "--cluster").out()).containsPattern("(?m)^tracking +kubernetes +True +True ");
    String page = RunProcess.get(healthPort, "/");
    transcript.add("operator status page", page);
    assertThat(page).contains("data-deployment=\"" + KubeMock.NAMESPACE + "/tracking\"")
        .contains("<span class=\"st\">True</span> <span class=\"r\">Available</span>");

    // The credentials a user gets from mlflowctl env --cluster open the proxy the ConfigMap configures.
    var configMap = client.configMaps().inNamespace(KubeMock.NAMESPACE).withName("tracking-proxy-config").get();
    String caddyfile = configMap.getData().get("Caddyfile");
    Secret secret = client.secrets().inNamespace(KubeMock.NAMESPACE).withName("tracking-credentials").get();
    String hash = decode(secret, "passwordHash");
    Map<String, String> shown = exports(ok("env", "tracking", "--cluster", "--show-secrets").out());
    String username = shown.get("MLFLOW_TRACKING_USERNAME");
    String password = shown.get("MLFLOW_TRACKING_PASSWORD");
    assertThat(shown.get("MLFLOW_TRACKING_URI")).isEqualTo(status(cr().get()).get("url"));
    assertThat(exports(ok("env", "tracking", "--cluster").out())).doesNotContainKey("MLFLOW_TRACKING_PASSWORD");
    ProxyCheck.assertGuards(work, caddyfile, Map.of(CaddyConfig.ENV_USERNAME, username,
        CaddyConfig.ENV_PASSWORD_HASH, hash), username, password);

    // Out of band: the ConfigMap is edited and the proxy Deployment scaled; the operator puts both back.
    client.configMaps().inNamespace(KubeMock.NAMESPACE).withName("tracking-proxy-config")
        .edit(cm -> { cm.getData().put("Caddyfile", "tampered"); return cm; });
    await("ConfigMap repaired").atMost(WAIT).untilAsserted(() -> assertThat(client.configMaps()
        .inNamespace(KubeMock.NAMESPACE).withName("tracking-proxy-config").get().getData().get("Caddyfile"))
        .isEqualTo(caddyfile));

    // Spec change: three workers, rolled out to MLflow's Deployment, then Ready again; same PVC and password.
    String pvcUid = client.persistentVolumeClaims().inNamespace(KubeMock.NAMESPACE).withName("tracking-data").get()
        .getMetadata().getUid();
    apply(3, "Retain", caddyVersion);
    await("workers rolled out").atMost(WAIT).untilAsserted(() -> assertThat(String.join(" ", client.apps()
        .deployments().inNamespace(KubeMock.NAMESPACE).withName("tracking-mlflow").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getArgs())).contains("--workers 3"));
    awaitReady();
    assertThat(decode(client.secrets().inNamespace(KubeMock.NAMESPACE).withName("tracking-credentials").get(),
        "password")).isEqualTo(password);

    // mlflowctl delete --cluster --wait with Retain: the objects go, the PVC stays.
    assertThat(ok("delete", "tracking", "--cluster", "--wait").out()).contains("keeps the PVC tracking-data");
    await("deleted").atMost(WAIT).untilAsserted(() -> {
      assertThat(cr().get()).isNull();
      assertThat(client.apps().deployments().inNamespace(KubeMock.NAMESPACE).list().getItems()).isEmpty();
      assertThat(client.configMaps().inNamespace(KubeMock.NAMESPACE).withName("tracking-proxy-config").get()).isNull();
    });
    assertThat(client.persistentVolumeClaims().inNamespace(KubeMock.NAMESPACE).withName("tracking-data").get()
        .getMetadata().getUid()).isEqualTo(pvcUid);

    // Again with Delete: the PVC is adopted, then deleted with everything else.
    apply(3, "Delete", caddyVersion);
    awaitReady();
    String secondPassword = decode(client.secrets().inNamespace(KubeMock.NAMESPACE).withName("tracking-credentials")
        .get(), "password");
    transcript.add("status before delete", Serialization.asYaml(cr().get()));
    assertThat(ok("delete", "tracking", "--cluster", "--yes", "--wait").out()).contains("the PVC tracking-data");
    await("deleted with data").atMost(WAIT).untilAsserted(() -> {
      assertThat(cr().get()).isNull();
      assertThat(client.persistentVolumeClaims().inNamespace(KubeMock.NAMESPACE).list().getItems()).isEmpty();
      assertThat(client.apps().deployments().inNamespace(KubeMock.NAMESPACE).list().getItems()).isEmpty();
    });
    assertThat(operator.isAlive()).as(operator.output()).isTrue();
    transcript.assertNoSecrets(List.of(password, secondPassword, hash));
  }

  private void awaitReady() {
    await("Ready").atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(operator.isAlive()).as(operator.output()).isTrue();
      cluster.makeAvailable("tracking");
      var resource = cr().get();
      assertThat(resource).isNotNull();
      assertThat(condition(resource, "Ready")).as(Serialization.asYaml(resource)).isEqualTo("True");
    });
    transcript.add("status", Serialization.asYaml(cr().get()));
  }

  /** Runs mlflowctl against the mock cluster; it must succeed. */
  private MlflowCtlProcess.Result ok(String... args) throws Exception {
    var result = MlflowCtlProcess.run(Map.of("KUBECONFIG", kubeconfig.toString()), args);
    transcript.record(String.join(" ", args), result);
    assertThat(result.exitCode()).as("%s%n%s", result.out(), result.err()).isZero();
    return result;
  }

  /** The variables of export lines, unquoted. */
  private static Map<String, String> exports(String lines) {
    var values = new LinkedHashMap<String, String>();
    lines.lines().map(line -> line.substring("export ".length()).split("=", 2))
        .forEach(pair -> values.put(pair[0], pair[1].replaceAll("^'|'$", "")));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("status");
  }

  @SuppressWarnings("unchecked")
  static String condition(GenericKubernetesResource resource, String type) {
    var status = status(resource);
    if (status == null || status.get("conditions") == null) {
      return "absent";
    }
    for (var c : (List<Map<String, Object>>) status.get("conditions")) {
      if (type.equals(c.get("type"))) {
        return String.valueOf(c.get("status"));
      }
    }
    return "absent";
  }

  private Resource<GenericKubernetesResource> cr() {
    return cluster.client.genericKubernetesResources("mlflow-operator.dev/v1alpha1", "MlflowDeployment")
        .inNamespace(KubeMock.NAMESPACE).withName("tracking");
  }

  private void apply(int workers, String deletionPolicy, String caddyVersion) {
    String yaml = """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: tracking
          namespace: test
        spec:
          target: kubernetes
          mlflow:
            version: "3.14.0"
            workers: %d
            backendStore:
              type: sqlite
            artifacts:
              type: volume
          proxy:
            caddyVersion: "%s"
            auth:
              username: mlflow
          storage:
            size: 5Gi
            mountPath: /mlflow
          deletionPolicy: %s
        """.formatted(workers, caddyVersion, deletionPolicy);
    var resource = Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        GenericKubernetesResource.class);
    var existing = cr().get();
    if (existing == null) {
      cluster.client.resource(resource).create();
    } else {
      cr().edit(r -> {
        r.getAdditionalProperties().put("spec", resource.getAdditionalProperties().get("spec"));
        return r;
      });
    }
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
