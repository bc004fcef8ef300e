package dev.mlflowoperator.platform.kubernetes;

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
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the MLflow and proxy Deployments. Both pods run as a fixed non-root user on a read-only root filesystem,
 * without privileges, capabilities (see {@link #proxy}) or escalation, under the runtime's default seccomp profile;
 * they write only to their volumes.
 */
final class DeploymentRenderer {
  static final String CADDY_CONFIG_DIR = "/etc/caddy";
  /**
   * The user, group and fsGroup of both pods. The stock MLflow and Caddy images run as root and define no other
   * user; a high UID matches no account of the images or, likely, of the nodes, and the fsGroup makes the data PVC
   * (and a PVC first written as root by an older operator) group-writable for it.
   */
  static final long POD_USER = 10001L;
  private static final String DATA_VOLUME = "data";
  private static final String CONFIG_VOLUME = "config";
  /** MLflow's temporary files: Python's tempfile, gunicorn's worker heartbeats, and HOME for caches. */
  private static final String TMP_VOLUME = "tmp";
  private static final String TMP_DIR = "/tmp";
  /** Caddy's XDG_CONFIG_HOME (autosave.json) and XDG_DATA_HOME (instance id, locks), as the stock image sets them. */
  private static final String CADDY_CONFIG_VOLUME = "caddy-config";
  private static final String CADDY_CONFIG_HOME = "/config";
  private static final String CADDY_DATA_VOLUME = "caddy-data";
  private static final String CADDY_DATA_HOME = "/data";

  private DeploymentRenderer() {}

  /**
   * One replica (SQLite allows one writer) replaced stop-then-start, never two at once. A data volume mounted at /tmp
   * serves as /tmp itself.
   */
  static Deployment mlflow(DesiredStack stack, String namespace) {
    MlflowServer mlflow = stack.mlflow();
    boolean ownTmp = !TMP_DIR.equals(mlflow.mountPath());
    var container = new ContainerBuilder()
        .withName(COMPONENT_MLFLOW)
        .withImage(mlflow.image())
        .withArgs(mlflow.command())
        // HOME on the writable /tmp unless the user sets it: the image's /root is neither writable nor ours.
        .withEnv(env(mlflow.env(), Map.of("HOME", TMP_DIR)))
        .addNewPort().withName("http").withContainerPort(mlflow.port()).withProtocol("TCP").endPort()
        .withReadinessProbe(httpProbe(mlflow.port(), 5, 3))
        .withLivenessProbe(httpProbe(mlflow.port(), 15, 6))
        .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(mlflow.mountPath()).endVolumeMount()
        .addAllToVolumeMounts(ownTmp ? List.of(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_DIR)
            .build()) : List.of())
        .withResources(resources(mlflow.resources()))
        .withSecurityContext(restricted(List.of()))
        .build();
    Volume data = new VolumeBuilder()
        .withName(DATA_VOLUME)
        .withNewPersistentVolumeClaim().withClaimName(stack.names().dataVolume()).endPersistentVolumeClaim()
        .build();
    var meta = CoreObjectRenderer.meta(stack, stack.names().mlflow(), namespace, COMPONENT_MLFLOW);
    meta.setAnnotations(Map.of(KubernetesStackRenderer.MLFLOW_VERSION_ANNOTATION, mlflow.version()));
    Volume[] volumes = ownTmp ? new Volume[] {data, emptyDir(TMP_VOLUME)} : new Volume[] {data};
    return deployment(stack, meta, COMPONENT_MLFLOW, "Recreate", Map.of(), container, volumes);
  }

  /**
   * Stock Caddy reading the generated Caddyfile from the ConfigMap; the config hash rolls it. Small and unthrottled.
   * It listens on an unprivileged port and needs no capability, but the stock image's binary carries the file
   * capability cap_net_bind_service=+ep, and the kernel refuses to exec such a binary when that capability is not in
   * the bounding set: so NET_BIND_SERVICE stays there (the only one the restricted Pod Security Standard allows);
   * with no privilege escalation the process never gains it.
   */
  static Deployment proxy(DesiredStack stack, String namespace) {
    int port = stack.proxy().port();
    var container = new ContainerBuilder()
        .withName(COMPONENT_PROXY)
        .withImage(stack.proxy().image())
        .withArgs("caddy", "run", "--config", CADDY_CONFIG_DIR + "/" + CoreObjectRenderer.CADDYFILE_KEY,
            "--adapter", "caddyfile")
        // Set for any Caddy image, as the stock one already does.
        .withEnv(env(stack.proxy().env(),
            Map.of("XDG_CONFIG_HOME", CADDY_CONFIG_HOME, "XDG_DATA_HOME", CADDY_DATA_HOME)))
        .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
        // /health is proxied to MLflow: it gates traffic, but liveness only checks Caddy itself,
        // since restarting Caddy does not help while MLflow is down.
        .withReadinessProbe(httpProbe(port, 5, 3))
        .withLivenessProbe(new ProbeBuilder()
            .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
            .withPeriodSeconds(15).withFailureThreshold(4).build())
        .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(CADDY_CONFIG_DIR).withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount().withName(CADDY_CONFIG_VOLUME).withMountPath(CADDY_CONFIG_HOME).endVolumeMount()
        .addNewVolumeMount().withName(CADDY_DATA_VOLUME).withMountPath(CADDY_DATA_HOME).endVolumeMount()
        .withResources(new ResourceRequirementsBuilder()
            .withRequests(new TreeMap<>(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi"))))
            .withLimits(Map.of("memory", new Quantity("256Mi")))
            .build())
        .withSecurityContext(restricted(List.of("NET_BIND_SERVICE")))
        .build();
    Volume config = new VolumeBuilder()
        .withName(CONFIG_VOLUME)
        .withNewConfigMap().withName(stack.names().proxyConfig()).endConfigMap()
        .build();
    var meta = CoreObjectRenderer.meta(stack, stack.names().proxy(), namespace, COMPONENT_PROXY);
    var podAnnotations = Map.of(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION, stack.proxy().configHash());
    return deployment(stack, meta, COMPONENT_PROXY, "RollingUpdate", podAnnotations, container, config,
        emptyDir(CADDY_CONFIG_VOLUME), emptyDir(CADDY_DATA_VOLUME));
  }

  private static Deployment deployment(
      DesiredStack stack,
      io.fabric8.kubernetes.api.model.ObjectMeta meta,
      String component,
      String strategy,
      Map<String, String> podAnnotations,
      Container container,
      Volume... volumes) {
    var pod = new PodSpecBuilder()
        .withContainers(container)
        .withVolumes(volumes)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(POD_USER)
            .withRunAsGroup(POD_USER)
            .withFsGroup(POD_USER)
            // Only a volume whose top directory is not yet the group's is walked, not every artifact at each start.
            .withFsGroupChangePolicy("OnRootMismatch")
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build())
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

  /** No privileges, nothing written outside the volumes, every capability dropped but {@code kept}. */
  private static SecurityContext restricted(List<String> kept) {
    return new SecurityContextBuilder()
        .withPrivileged(false)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").withAdd(kept.isEmpty() ? null : kept).endCapabilities()
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  /** The stack's variables, then each default the stack does not set itself. */
  private static List<io.fabric8.kubernetes.api.model.EnvVar> env(List<EnvVar> vars, Map<String, String> defaults) {
    var all = new ArrayList<>(vars.stream().map(DeploymentRenderer::envVar).toList());
    new TreeMap<>(defaults).forEach((name, value) -> {
      if (vars.stream().noneMatch(v -> v.name().equals(name))) {
        all.add(new EnvVarBuilder().withName(name).withValue(value).build());
      }
    });
    return all;
  }

  private static io.fabric8.kubernetes.api.model.EnvVar envVar(EnvVar v) {
    return v.isSecret()
        ? new EnvVarBuilder().withName(v.name()).withNewValueFrom().withNewSecretKeyRef()
            .withName(v.secretRef().name).withKey(v.secretRef().key).endSecretKeyRef().endValueFrom().build()
        : new EnvVarBuilder().withName(v.name()).withValue(v.value()).build();
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
