package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.JobTime;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Renders a scheduled job as a CronJob: at the deployment's {@link JobTime} UTC (daily; Sundays for weekly, the 1st
 * for monthly), never two runs at once, its pods as restricted as the Deployments'. A job that runs beside a service shares that service's
 * ReadWriteOnce volume, which only pods on the same node may mount: its pods must be scheduled where the service's
 * pods run.
 */
final class CronJobRenderer {
  /** The node label that makes "beside" mean the same node. */
  static final String SAME_NODE = "kubernetes.io/hostname";
  /** The schedules' time zone, whatever the cluster's controller manager runs in. */
  static final String TIME_ZONE = "Etc/UTC";

  private CronJobRenderer() {}

  static CronJob of(DesiredStack stack, ScheduledJobComponent job, String namespace) {
    var mounts = new ArrayList<VolumeMount>();
    var volumes = new ArrayList<Volume>();
    for (Mount mount : job.mounts()) {
      mounts.add(new VolumeMountBuilder().withName(mount.name()).withMountPath(mount.path()).build());
      String claim = stack.find(VolumeComponent.class, mount.volumeKey()).orElseThrow().name();
      volumes.add(new VolumeBuilder().withName(mount.name())
          .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
    }
    var scratchEnv = new TreeMap<String, String>();
    for (ScratchDir scratch : job.scratchDirs()) {
      scratch.environmentNames().forEach(name -> scratchEnv.put(name, scratch.path()));
      if (job.mounts().stream().noneMatch(m -> m.path().equals(scratch.path()))) {
        mounts.add(new VolumeMountBuilder().withName(scratch.name()).withMountPath(scratch.path()).build());
        volumes.add(new VolumeBuilder().withName(scratch.name()).withNewEmptyDir().endEmptyDir().build());
      }
    }
    var container = new ContainerBuilder()
        .withName(job.key())
        .withImage(job.image())
        .withArgs(job.command())
        .withEnv(DeploymentRenderer.env(job.env(), scratchEnv))
        .withVolumeMounts(mounts)
        .withResources(DeploymentRenderer.resources(job.resources()))
        .withSecurityContext(DeploymentRenderer.restricted(List.of()))
        .build();
    var pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withContainers(container)
        .withVolumes(volumes)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(DeploymentRenderer.podSecurity());
    if (job.runsBeside() != null) {
      pod.withNewAffinity().withNewPodAffinity()
          .withRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
              .withNewLabelSelector().withMatchLabels(stack.names().selector(job.runsBeside())).endLabelSelector()
              .withTopologyKey(SAME_NODE)
              .build())
          .endPodAffinity().endAffinity();
    }
    return new CronJobBuilder()
        .withMetadata(CoreObjectRenderer.meta(stack, job.name(), namespace, job.key()))
        .withNewSpec()
        .withSchedule(schedule(job.schedule(), JobTime.of(namespace, stack.names().deployment())))
        .withTimeZone(TIME_ZONE)
        .withConcurrencyPolicy("Forbid")
        .withSuspend(false)
        .withNewJobTemplate()
        .withNewMetadata().withLabels(stack.names().labels(job.key())).endMetadata()
        .withNewSpec()
        .withBackoffLimit(1)
        .withNewTemplate()
        .withNewMetadata().withLabels(stack.names().labels(job.key())).endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /** {@code time} every day, every Sunday, or on the first of every month. */
  static String schedule(BackupKind kind, LocalTime time) {
    String at = time.getMinute() + " " + time.getHour();
    return switch (kind) {
      case DAILY -> at + " * * *";
      case WEEKLY -> at + " * * 0";
      case MONTHLY -> at + " 1 * *";
    };
  }
}
