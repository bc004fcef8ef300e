package dev.mlflowoperator.platform.kubernetes;


import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.Resources;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.ServiceComponent.Health;
import dev.mlflowoperator.model.ServiceComponent.Liveness;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import dev.mlflowoperator.model.ServiceComponent.Rollout;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
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
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a service component as a Deployment. Every pod run as a fixed non-root user on a read-only root filesystem,
 * without privileges, capabilities (but those the service keeps in its bounding set) or escalation, under the runtime's default seccomp profile;
 * they write only to their volumes.
 */
final class DeploymentRenderer {
  /**
   * The user, group and fsGroup of every pod. The stock MLflow and Caddy images run as root and define no other
   * user; a high UID matches no account of the images or, likely, of the nodes, and the fsGroup makes the data PVC
   * (and a PVC first written as root by an older operator) group-writable for it.
   */
  static final long POD_USER = 10001L;
  /** The pod volume of a service's config files (one ConfigMap). */
  private static final String CONFIG_VOLUME = "config";

  private DeploymentRenderer() {}

  /**
   * One replica; a volume mounted at a scratch directory's path serves as that directory itself. The config files
   * come from the service's ConfigMap, read-only; the restart hash rolls the pods; the version annotates the
   * Deployment.
   */
  static Deployment of(DesiredStack stack, ServiceComponent service, String namespace) {
    var mounts = new ArrayList<VolumeMount>();
    var volumes = new ArrayList<Volume>();
    for (Mount mount : service.mounts()) {
      mounts.add(new VolumeMountBuilder().withName(mount.name()).withMountPath(mount.path()).build());
      String claim = stack.find(VolumeComponent.class, mount.volumeKey()).orElseThrow().name();
      volumes.add(new VolumeBuilder().withName(mount.name())
          .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
    }
    if (!service.files().isEmpty()) {
      mounts.add(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(service.files().get(0).directory())
          .withReadOnly(true).build());
      volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME)
          .withNewConfigMap().withName(CoreObjectRenderer.configName(service)).endConfigMap().build());
    }
    var scratchEnv = new TreeMap<String, String>();
    for (ScratchDir scratch : service.scratchDirs()) {
      scratch.environmentNames().forEach(name -> scratchEnv.put(name, scratch.path()));
      if (service.mounts().stream().noneMatch(m -> m.path().equals(scratch.path()))) {
        mounts.add(new VolumeMountBuilder().withName(scratch.name()).withMountPath(scratch.path()).build());
        volumes.add(new VolumeBuilder().withName(scratch.name()).withNewEmptyDir().endEmptyDir().build());
      }
    }
    int port = service.port();
    var container = new ContainerBuilder()
        .withName(service.key())
        .withImage(service.image())
        .withArgs(service.command())
        .withEnv(env(service.env(), scratchEnv))
        .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
        .withReadinessProbe(httpProbe(service.health().path(), port, 5, 3))
        .withStartupProbe(startupProbe(service.health(), port))
        .withLivenessProbe(service.health().liveness() == Liveness.HEALTH_PATH
            ? httpProbe(service.health().path(), port, 15, 6)
            : new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(15).withFailureThreshold(4).build())
        .withVolumeMounts(mounts)
        .withResources(resources(service.resources()))
        .withSecurityContext(restricted(service.keptCapabilities()))
        .build();
    var meta = CoreObjectRenderer.meta(stack, service.name(), namespace, service.key());
    if (service.version() != null) {
      meta.setAnnotations(Map.of(KubernetesStackRenderer.VERSION_ANNOTATION, service.version()));
    }
    Map<String, String> podAnnotations = service.restartHash() == null ? Map.of()
        : Map.of(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION, service.restartHash());
    return deployment(stack, meta, service.key(), strategy(service.rollout()), podAnnotations, container,
        volumes.toArray(Volume[]::new));
  }

  private static Deployment deployment(
      DesiredStack stack,
      io.fabric8.kubernetes.api.model.ObjectMeta meta,
      String component,
      DeploymentStrategy strategy,
      Map<String, String> podAnnotations,
      Container container,
      Volume... volumes) {
    var pod = new PodSpecBuilder()
        .withContainers(container)
        .withVolumes(volumes)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(podSecurity())
        .build();
    return new DeploymentBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(1)
        .withStrategy(strategy)
        .withNewSelector().withMatchLabels(stack.names().selector(component)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(stack.names().labels(component)).withAnnotations(podAnnotations).endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * STOP_THEN_START: Recreate (a volume only one pod may mount). OVERLAP: a rolling update that starts the new pod
   * first and stops the old one only once the new one is ready (maxUnavailable 0, maxSurge 1): no moment without a
   * ready replica, whatever the replica count.
   */
  static DeploymentStrategy strategy(Rollout rollout) {
    if (rollout == Rollout.STOP_THEN_START) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().build();
  }

  /** A fixed non-root user and group owning the volumes, under the runtime's default seccomp profile. */
  static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(POD_USER)
        .withRunAsGroup(POD_USER)
        .withFsGroup(POD_USER)
        // Only a volume whose top directory is not yet the group's is walked, not every artifact at each start.
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  /** No privileges, nothing written outside the volumes, every capability dropped but {@code kept}. */
  static SecurityContext restricted(List<String> kept) {
    return new SecurityContextBuilder()
        .withPrivileged(false)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").withAdd(kept.isEmpty() ? null : kept).endCapabilities()
        .build();
  }

  /** The stack's variables, then each default the stack does not set itself. */
  static List<io.fabric8.kubernetes.api.model.EnvVar> env(List<EnvVar> vars, Map<String, String> defaults) {
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

  /**
   * With a start-up time: liveness waits until the health path has answered once, or the time has passed (checked
   * every 10 s); null (no probe) without one.
   */
  private static Probe startupProbe(Health health, int port) {
    if (health.startup() == null) {
      return null;
    }
    int period = 10;
    return httpProbe(health.path(), port, period, (int) Math.ceil(health.startup().toSeconds() / (double) period));
  }

  private static Probe httpProbe(String path, int port, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  static io.fabric8.kubernetes.api.model.ResourceRequirements resources(Resources r) {
    return new ResourceRequirementsBuilder()
        .withRequests(quantities(r.cpuRequest(), r.memoryRequest()))
        .withLimits(quantities(r.cpuLimit(), r.memoryLimit()))
        .build();
  }

  private static Map<String, Quantity> quantities(String cpu, String memory) {
    var amounts = new TreeMap<String, Quantity>();
    if (cpu != null) {
      amounts.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      amounts.put("memory", new Quantity(memory));
    }
    return amounts;
  }
}
