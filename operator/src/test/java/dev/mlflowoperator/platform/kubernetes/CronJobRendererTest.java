package dev.mlflowoperator.platform.kubernetes;

import static dev.mlflowoperator.platform.kubernetes.KubernetesStackRendererTest.object;
import static dev.mlflowoperator.platform.kubernetes.KubernetesStackRendererTest.render;
import static dev.mlflowoperator.platform.kubernetes.KubernetesStackRendererTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** spec.mlflow.gc rendered as a CronJob beside MLflow: schedule, one run at a time, its volume, its pod's limits. */
class CronJobRendererTest {
  @Test
  void gcIsACronJobAtTheDeploymentsOwnMinuteUtcThatNeverOverlapsItselfAndRunsLastInApplyOrder() {
    var stack = render(gc(BackupKind.DAILY), "ml");

    var job = object(stack, CronJob.class, "tracking-gc");
    assertThat(job.getSpec().getSchedule()).as("ml/tracking runs at 02:09").isEqualTo("9 2 * * *");
    assertThat(job.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(job.getSpec().getSuspend()).isFalse();
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "gc")
        .containsEntry("app.kubernetes.io/managed-by", "mlflow-operator");
    assertThat(stack.inApplyOrder().get(stack.inApplyOrder().size() - 1)).isSameAs(job);
    assertThat(object(render(gc(BackupKind.WEEKLY), "ml"), CronJob.class, "tracking-gc").getSpec().getSchedule())
        .isEqualTo("9 2 * * 0");
    assertThat(object(render(gc(BackupKind.MONTHLY), "ml"), CronJob.class, "tracking-gc").getSpec().getSchedule())
        .isEqualTo("9 2 1 * *");
  }

  @Test
  void theSameNameInAnotherNamespaceRunsAtAnotherMinuteOnEveryRender() {
    var schedules = Stream.of("other", "other").map(namespace ->
        object(render(gc(BackupKind.DAILY), namespace), CronJob.class, "tracking-gc").getSpec().getSchedule());

    assertThat(schedules).as("other/tracking runs at 03:15").containsExactly("15 3 * * *", "15 3 * * *");
  }

  @Test
  void itsPodRunsOnMlflowsNodeWithTheDataVolumeAsRestrictedAsTheDeployments() {
    var stack = render(gc(BackupKind.DAILY), "ml");

    var pod = object(stack, CronJob.class, "tracking-gc").getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    var mlflowPod = object(stack, Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec();
    var affinity = pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(affinity).hasSize(1);
    assertThat(affinity.get(0).getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(affinity.get(0).getLabelSelector().getMatchLabels())
        .isEqualTo(object(stack, Deployment.class, "tracking-mlflow").getSpec().getSelector().getMatchLabels());
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext()).isEqualTo(mlflowPod.getSecurityContext());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext()).isEqualTo(mlflowPod.getContainers().get(0).getSecurityContext());
    assertThat(container.getImage()).isEqualTo(mlflowPod.getContainers().get(0).getImage());
    assertThat(container.getArgs()).containsExactly(
        "mlflow", "gc", "--older-than", "30d", "--backend-store-uri", "sqlite:////mlflow/mlflow.db");
    assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("MLFLOW_TRACKING_URI=http://tracking-mlflow:5000", "HOME=/tmp");
    assertThat(container.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("data:/mlflow", "tmp:/tmp");
    assertThat(pod.getVolumes()).extracting(v -> v.getName() + ":"
            + (v.getPersistentVolumeClaim() == null ? "emptyDir" : v.getPersistentVolumeClaim().getClaimName()))
        .containsExactly("data:tracking-data", "tmp:emptyDir");
  }

  @Test
  void mlflowsNetworkPolicyAdmitsTheGcPodsBesideTheProxy() {
    var policy = object(render(gc(BackupKind.DAILY), "ml"), NetworkPolicy.class, "tracking-mlflow");

    assertThat(policy.getSpec().getIngress().get(0).getFrom())
        .extracting(f -> f.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
        .containsExactly("proxy", "gc");
  }

  @Test
  void withPostgresTheStoreUriComesFromTheSecretNotFromTheArguments() {
    var spec = gc(BackupKind.DAILY);
    spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
    spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");

    var container = object(render(spec, "ml"), CronJob.class, "tracking-gc").getSpec().getJobTemplate().getSpec()
        .getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs()).noneMatch(a -> a.contains("postgres"));
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MLFLOW_BACKEND_STORE_URI");
      assertThat(e.getValue()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("uri");
    });
  }

  private static MlflowDeploymentSpec gc(BackupKind schedule) {
    var spec = spec();
    spec.mlflow.gc = new GcSpec();
    spec.mlflow.gc.schedule = schedule;
    spec.mlflow.gc.olderThan = "30d";
    return spec;
  }
}
