package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.KubernetesSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nine objects rendered for a stack, and the fields the operator relies on. */
class KubernetesStackRendererTest {
  static final Credentials CREDENTIALS = new Credentials("mlflow", "s3cret-password", "$2a$10$hash");

  static KubernetesStack render(MlflowDeploymentSpec spec, String namespace) {
    var names = new StackNames("tracking");
    var options = KubernetesOptions.of(namespace, spec.kubernetes);
    DesiredStack stack = DesiredStackFactory.build("tracking", spec, CREDENTIALS, KubernetesAddresses.of(names, options));
    return KubernetesStackRenderer.render(stack, options);
  }

  /** The rendered object of this kind and name. */
  static <T extends HasMetadata> T object(KubernetesStack stack, Class<T> kind, String name) {
    return stack.all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  static MlflowDeploymentSpec spec() {
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    return spec;
  }

  @Test
  void rendersNineLabelledObjectsInApplyOrderWithoutOwners() {
    var objects = render(spec(), "ml").inApplyOrder();

    assertThat(objects).extracting(ObjectKeys::of).containsExactly(
        "Secret/tracking-credentials", "ConfigMap/tracking-proxy-config", "PersistentVolumeClaim/tracking-data",
        "NetworkPolicy/tracking-mlflow", "NetworkPolicy/tracking-proxy", "Deployment/tracking-mlflow", "Service/tracking-mlflow", "Deployment/tracking-proxy", "Service/tracking-proxy");
    assertThat(objects).allSatisfy(o -> {
      assertThat(o.getMetadata().getNamespace()).isEqualTo("ml");
      assertThat(o.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/instance", "tracking")
          .containsEntry("app.kubernetes.io/managed-by", "mlflow-operator");
      assertThat(o.getMetadata().getOwnerReferences()).isNullOrEmpty();
    });
  }

  @Test
  void theMlflowDeploymentRunsOneReplicaStopThenStartWithProbesAndTheVolume() {
    var spec = spec();
    spec.mlflow.env.put("MLFLOW_EXTRA", "1");
    var deployment = object(render(spec, "ml"), Deployment.class, "tracking-mlflow");

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getMetadata().getAnnotations()).containsEntry("mlflow-operator.dev/mlflow-version", "3.17.0");
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0");
    assertThat(container.getArgs()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(container.getArgs().get(2))
        .contains("mlflow db upgrade sqlite:////mlflow/mlflow.db || exit; fi; exec mlflow server ");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(5000);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
        .as("seconds before liveness may stop a schema migration").isEqualTo(900);
    assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo("/mlflow");
    assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("tracking-data");
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("MLFLOW_EXTRA"));
  }

  @Test
  void bothPodsRunAsAFixedNonRootUserOnAReadOnlyRootWithoutPrivilegesWritingOnlyToTheirVolumes() {
    var stack = render(spec(), "ml");
    for (var deployment : List.of(object(stack, Deployment.class, "tracking-mlflow"), object(stack, Deployment.class, "tracking-proxy"))) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      String what = deployment.getMetadata().getName();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(what).isEqualTo(10001L);
      assertThat(pod.getSecurityContext().getRunAsGroup()).as(what).isEqualTo(10001L);
      assertThat(pod.getSecurityContext().getFsGroup()).as(what).isEqualTo(10001L);
      assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).as(what).isEqualTo("OnRootMismatch");
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
      var container = pod.getContainers().get(0).getSecurityContext();
      assertThat(container.getReadOnlyRootFilesystem()).as(what).isTrue();
      assertThat(container.getAllowPrivilegeEscalation()).as(what).isFalse();
      assertThat(container.getPrivileged()).as(what).isFalse();
      assertThat(container.getCapabilities().getDrop()).as(what).containsExactly("ALL");
    }
    var mlflow = object(stack, Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec();
    assertThat(mlflow.getContainers().get(0).getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(mlflow.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("data:/mlflow", "tmp:/tmp");
    assertThat(mlflow.getVolumes()).extracting(v -> v.getName() + ":" + (v.getEmptyDir() != null))
        .containsExactly("data:false", "tmp:true");
    assertThat(mlflow.getContainers().get(0).getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("HOME");
      assertThat(e.getValue()).isEqualTo("/tmp");
    });

    var proxy = object(stack, Deployment.class, "tracking-proxy").getSpec().getTemplate().getSpec();
    // The stock image's caddy binary carries cap_net_bind_service=+ep: exec fails unless it stays in the bounding set.
    assertThat(proxy.getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
        .containsExactly("NET_BIND_SERVICE");
    assertThat(proxy.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("config:/etc/caddy", "caddy-config:/config", "caddy-data:/data");
    assertThat(proxy.getVolumes()).extracting(v -> v.getName() + ":" + (v.getEmptyDir() != null))
        .containsExactly("config:false", "caddy-config:true", "caddy-data:true");
    assertThat(proxy.getContainers().get(0).getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
        .contains("XDG_CONFIG_HOME=/config", "XDG_DATA_HOME=/data");
  }

  @Test
  void aDataVolumeMountedAtTmpServesAsTmpWithoutASecondMountThere() {
    var spec = spec();
    spec.storage.mountPath = "/tmp";
    var pod = object(render(spec, "ml"), Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("data:/tmp");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("data");
  }

  @Test
  void aHomeInTheUsersMlflowEnvironmentIsKept() {
    var spec = spec();
    spec.mlflow.env.put("HOME", "/mlflow/home");
    var env = object(render(spec, "ml"), Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

    assertThat(env).filteredOn(e -> e.getName().equals("HOME")).extracting(e -> e.getValue())
        .containsExactly("/mlflow/home");
  }

  @Test
  void secretEnvironmentVariablesReferenceTheSecretInsteadOfCarryingValues() {
    var proxy = object(render(spec(), "ml"), Deployment.class, "tracking-proxy");
    var env = proxy.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

    assertThat(env).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("BASIC_AUTH_HASH");
      assertThat(e.getValue()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tracking-credentials");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("passwordHash");
    });
  }

  @Test
  void theProxyRunsCaddyOnTheConfigMapAndCarriesTheConfigHash() {
    var stack = render(spec(), "ml");
    var pod = object(stack, Deployment.class, "tracking-proxy").getSpec().getTemplate();
    var container = pod.getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("caddy:2.11");
    assertThat(container.getArgs())
        .containsExactly("caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile");
    assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo("/etc/caddy");
    assertThat(pod.getSpec().getVolumes().get(0).getConfigMap().getName()).isEqualTo("tracking-proxy-config");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(container.getStartupProbe()).as("the proxy starts at once").isNull();
    assertThat(pod.getMetadata().getAnnotations()).containsKey("mlflow-operator.dev/config-hash");
    assertThat(object(stack, ConfigMap.class, "tracking-proxy-config").getData().get("Caddyfile")).contains("basic_auth");
  }

  @Test
  void servicesVolumeAndSecretFollowTheSpec() {
    var spec = spec();
    spec.kubernetes = new KubernetesSpec();
    spec.kubernetes.serviceType = KubernetesSpec.ServiceType.LoadBalancer;
    spec.kubernetes.storageClassName = "fast";
    spec.storage.size = "20Gi";
    var stack = render(spec, "ml");

    assertThat(object(stack, Service.class, "tracking-mlflow").getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(object(stack, Service.class, "tracking-mlflow").getSpec().getPorts().get(0).getPort()).isEqualTo(5000);
    assertThat(object(stack, Service.class, "tracking-proxy").getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(object(stack, Service.class, "tracking-proxy").getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(object(stack, PersistentVolumeClaim.class, "tracking-data").getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(object(stack, PersistentVolumeClaim.class, "tracking-data").getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(object(stack, PersistentVolumeClaim.class, "tracking-data").getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("20Gi"));
    assertThat(object(stack, Secret.class, "tracking-credentials").getData()).containsOnlyKeys("username", "password", "passwordHash");
    assertThat(decode(object(stack, Secret.class, "tracking-credentials").getData().get("password"))).isEqualTo("s3cret-password");
  }

  @Test
  void addressesCoverTheProxyServiceNamesAndPreferTheUsersHostForTheUrl() {
    var names = new StackNames("tracking");
    var plain = KubernetesOptions.of("ml", null);
    var withHosts = new KubernetesOptions("ml", null, null, List.of("mlflow.example.com"));

    assertThat(KubernetesAddresses.of(names, plain).privateHost(names.mlflow())).isEqualTo("tracking-mlflow");
    assertThat(KubernetesAddresses.of(names, withHosts).publicHosts()).containsExactly("mlflow.example.com",
        "tracking-proxy", "tracking-proxy.ml", "tracking-proxy.ml.svc", "tracking-proxy.ml.svc.cluster.local");
    assertThat(KubernetesAddresses.url(names, plain)).isEqualTo("http://tracking-proxy.ml.svc.cluster.local:8080");
    assertThat(KubernetesAddresses.url(names, withHosts)).isEqualTo("https://mlflow.example.com");
  }

  @Test
  void theNetworkPoliciesLetOnlyTheProxyPodsReachMlflowsPortAndAnyoneReachTheProxyPort() {
    var stack = render(spec(), "ml");
    var mlflowPod = podLabels(object(stack, Deployment.class, "tracking-mlflow"));
    var proxyPod = podLabels(object(stack, Deployment.class, "tracking-proxy"));
    var anotherStacksPod = new HashMap<>(mlflowPod);
    anotherStacksPod.put("app.kubernetes.io/instance", "other");
    var pods = Map.of("mlflow", mlflowPod, "proxy", proxyPod, "other", anotherStacksPod);
    var policies = stack.inApplyOrder().stream().filter(NetworkPolicy.class::isInstance)
        .map(NetworkPolicy.class::cast).toList();

    var mlflow = policies.stream().filter(p -> selected(p.getSpec().getPodSelector(), pods).contains("mlflow"))
        .toList();
    assertThat(mlflow).singleElement().satisfies(p -> {
      assertThat(selected(p.getSpec().getPodSelector(), pods)).containsExactly("mlflow");
      assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
        assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
          assertThat(peer.getNamespaceSelector()).isNull();
          assertThat(peer.getIpBlock()).isNull();
          assertThat(selected(peer.getPodSelector(), pods)).containsExactly("proxy");
        });
        assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal())
            .isEqualTo(object(stack, Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                .getContainerPort()));
      });
    });
    var proxy = policies.stream().filter(p -> selected(p.getSpec().getPodSelector(), pods).contains("proxy"))
        .toList();
    assertThat(proxy).singleElement().satisfies(p -> {
      assertThat(selected(p.getSpec().getPodSelector(), pods)).containsExactly("proxy");
      assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
        assertThat(rule.getFrom()).as("from anywhere").isNullOrEmpty();
        assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort())
            .isEqualTo(object(stack, Service.class, "tracking-proxy").getSpec().getPorts().get(0).getTargetPort()));
      });
    });
    assertThat(policies).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "mlflow-operator"));
  }

  private static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** The names of the pods whose labels the selector matches (matchLabels and matchExpressions In/NotIn/Exists). */
  private static List<String> selected(LabelSelector selector, Map<String, Map<String, String>> pods) {
    return pods.entrySet().stream().filter(pod -> matches(selector, pod.getValue())).map(Map.Entry::getKey)
        .sorted().toList();
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    boolean labelsMatch = selector.getMatchLabels() == null
        || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    boolean expressionsMatch = selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream().allMatch(e -> switch (e.getOperator()) {
          case "In" -> e.getValues().contains(labels.get(e.getKey()));
          case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
          case "Exists" -> labels.containsKey(e.getKey());
          default -> !labels.containsKey(e.getKey());
        });
    return labelsMatch && expressionsMatch;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

}
