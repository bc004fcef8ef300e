package dev.mlflowoperator.target.kubernetes;

import static dev.mlflowoperator.model.StackNames.COMPONENT_MLFLOW;
import static dev.mlflowoperator.model.StackNames.COMPONENT_PROXY;

import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.MlflowServer;
import dev.mlflowoperator.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the MLflow and proxy Deployments. */
final class DeploymentRenderer {
  static final String CADDY_CONFIG_DIR = "/etc/caddy";
  private static final String DATA_VOLUME = "data";
  private static final String CONFIG_VOLUME = "config";

  private DeploymentRenderer() {}

  /** One replica (SQLite allows one writer) replaced stop-then-start, never two at once. */
  static Deployment mlflow(DesiredStack stack, String namespace) {
    MlflowServer mlflow = stack.mlflow();
    var container = new ContainerBuilder()
        .withName(COMPONENT_MLFLOW)
        .withImage(mlflow.image())
        .withArgs(mlflow.command())
        .withEnv(env(mlflow.env()))
        .addNewPort().withName("http").withContainerPort(mlflow.port()).withProtocol("TCP").endPort()
        .withReadinessProbe(httpProbe(mlflow.port(), 5, 3))
        .withLivenessProbe(httpProbe(mlflow.port(), 15, 6))
        .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(mlflow.mountPath()).endVolumeMount()
        .withResources(resources(mlflow.resources()))
        .build();
    Volume data = new VolumeBuilder()
        .withName(DATA_VOLUME)
        .withNewPersistentVolumeClaim().withClaimName(stack.names().dataVolume()).endPersistentVolumeClaim()
        .build();
    var meta = CoreObjectRenderer.meta(stack, stack.names().mlflow(), namespace, COMPONENT_MLFLOW);
    meta.setAnnotations(Map.of(KubernetesStackRenderer.MLFLOW_VERSION_ANNOTATION, mlflow.version()));
    return deployment(stack, meta, COMPONENT_MLFLOW, "Recreate", Map.of(), container, data);
  }

  /** Stock Caddy reading the generated Caddyfile from the ConfigMap; the config hash rolls it. Small and unthrottled. */
  static Deployment proxy(DesiredStack stack, String namespace) {
    int port = stack.proxy().port();
    var container = new ContainerBuilder()
        .withName(COMPONENT_PROXY)
        .withImage(stack.proxy().image())
        .withArgs("caddy", "run", "--config", CADDY_CONFIG_DIR + "/" + CoreObjectRenderer.CADDYFILE_KEY,
            "--adapter", "caddyfile")
        .withEnv(env(stack.proxy().env()))
        .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
        // /health is proxied to MLflow: it gates traffic, but liveness only checks Caddy itself,
        // since restarting Caddy does not help while MLflow is down.
        .withReadinessProbe(httpProbe(port, 5, 3))
        .withLivenessProbe(new ProbeBuilder()
            .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
            .withPeriodSeconds(15).withFailureThreshold(4).build())
        .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(CADDY_CONFIG_DIR).withReadOnly(true)
        .endVolumeMount()
        .withResources(new ResourceRequirementsBuilder()
            .withRequests(new TreeMap<>(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi"))))
            .withLimits(Map.of("memory", new Quantity("256Mi")))
            .build())
        .build();
    Volume config = new VolumeBuilder()
        .withName(CONFIG_VOLUME)
        .withNewConfigMap().withName(stack.names().proxyConfig()).endConfigMap()
        .build();
    var meta = CoreObjectRenderer.meta(stack, stack.names().proxy(), namespace, COMPONENT_PROXY);
    var podAnnotations = Map.of(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION, stack.proxy().configHash());
    return deployment(stack, meta, COMPONENT_PROXY, "RollingUpdate", podAnnotations, container, config);
  }

  private static Deployment deployment(
      DesiredStack stack,
      io.fabric8.kubernetes.api.model.ObjectMeta meta,
      String component,
      String strategy,
      Map<String, String> podAnnotations,
      Container container,
      Volume volume) {
    var pod = new PodSpecBuilder()
        .withContainers(container)
        .withVolumes(volume)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .build();
    return new DeploymentBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(1)
        .withNewStrategy().withType(strategy).endStrategy()
        .withNewSelector().withMatchLabels(stack.names().selector(component)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(stack.names().labels(component)).withAnnotations(podAnnotations).endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<io.fabric8.kubernetes.api.model.EnvVar> env(List<EnvVar> vars) {
    return vars.stream()
        .map(v -> v.isSecret()
            ? new EnvVarBuilder().withName(v.name()).withNewValueFrom().withNewSecretKeyRef()
                .withName(v.secretRef().name).withKey(v.secretRef().key).endSecretKeyRef().endValueFrom().build()
            : new EnvVarBuilder().withName(v.name()).withValue(v.value()).build())
        .toList();
  }

  private static Probe httpProbe(int port, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(MlflowServer.HEALTH_PATH).withPort(new IntOrString(port)).endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** Requests equal limits: the scheduler reserves what the container may use. */
  private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(Resources r) {
    var amounts = new TreeMap<>(Map.of("cpu", new Quantity(r.cpu()), "memory", new Quantity(r.memory())));
    return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
  }
}
