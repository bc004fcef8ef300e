package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.JobTime;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/**
 * spec.mlflow.gc on Kubernetes, through the operator: a CronJob owned by the resource, its status entry, and the
 * CronJob put back when changed or deleted out of band, like every other object.
 */
class KubernetesGcTest extends OperatorTestBase {
  @Test
  void gcBecomesAnOwnedCronJobWithItsOwnReadyStatusEntry() {
    create("gc-fresh", spec -> gc(spec, BackupKind.WEEKLY));
    awaitSynced("gc-fresh", 1);

    CronJob job = cronJob("gc-fresh");
    LocalTime at = JobTime.of(NS, "gc-fresh");
    String weekly = at.getMinute() + " " + at.getHour() + " * * 0";
    assertThat(job.getSpec().getSchedule()).isEqualTo(weekly);
    assertThat(job.getMetadata().getOwnerReferences()).extracting(o -> o.getName()).containsExactly("gc-fresh");
    awaitStatus("gc-fresh", s -> {
      assertThat(s.components.get("gc").state).isEqualTo("Ready");
      assertThat(s.components.get("gc").message).isEqualTo("scheduled " + weekly + " (Etc/UTC); not run yet");
      assertThat(s.ids).containsKey("CronJob/gc-fresh-gc");
    });
  }

  @Test
  void aChangedScheduleIsPutBackAndRecordedAsDrift() {
    create("gc-drift", spec -> gc(spec, BackupKind.DAILY));
    awaitSynced("gc-drift", 1);

    client.batch().v1().cronjobs().inNamespace(NS).withName("gc-drift-gc").edit(c -> {
      c.getSpec().setSchedule("* * * * *");
      c.getSpec().setSuspend(true);
      return c;
    });

    awaitStatus("gc-drift", s -> {
      assertThat(s.drift).isNotNull();
      assertThat(s.drift.fields).contains("CronJob/gc-drift-gc: spec.schedule", "CronJob/gc-drift-gc: spec.suspend");
    });
    LocalTime at = JobTime.of(NS, "gc-drift");
    assertThat(cronJob("gc-drift").getSpec().getSchedule()).isEqualTo(at.getMinute() + " " + at.getHour() + " * * *");
    assertThat(cronJob("gc-drift").getSpec().getSuspend()).isFalse();
  }

  @Test
  void aDeletedCronJobIsRecreated() {
    create("gc-gone", spec -> gc(spec, BackupKind.MONTHLY));
    awaitSynced("gc-gone", 1);
    String uid = cronJob("gc-gone").getMetadata().getUid();

    client.batch().v1().cronjobs().inNamespace(NS).withName("gc-gone-gc").delete();

    awaitStatus("gc-gone", s -> {
      assertThat(s.drift).isNotNull();
      assertThat(s.drift.fields).contains("CronJob/gc-gone-gc: missing");
      assertThat(s.ids.get("CronJob/gc-gone-gc")).isNotEqualTo(uid);
    });
    LocalTime at = JobTime.of(NS, "gc-gone");
    assertThat(cronJob("gc-gone").getSpec().getSchedule()).isEqualTo(at.getMinute() + " " + at.getHour() + " 1 * *");
  }

  @Test
  void turningGcOffDeletesTheCronJobAndItsStatusEntry() {
    create("gc-off", spec -> gc(spec, BackupKind.DAILY));
    awaitSynced("gc-off", 1);

    edit("gc-off", d -> d.getSpec().mlflow.gc = null);

    awaitSynced("gc-off", 2);
    awaitStatus("gc-off", s -> {
      assertThat(s.components).containsOnlyKeys("mlflow", "proxy", "storage");
      assertThat(s.ids).doesNotContainKey("CronJob/gc-off-gc");
    });
    assertThat(client.batch().v1().cronjobs().inNamespace(NS).withName("gc-off-gc").get()).isNull();
  }

  @Test
  void aStackWithoutGcHasNoCronJobAndNoGcEntry() {
    create("gc-none", spec -> {});
    awaitSynced("gc-none", 1);

    assertThat(status("gc-none").components).containsOnlyKeys("mlflow", "proxy", "storage");
    assertThat(client.batch().v1().cronjobs().inNamespace(NS).withName("gc-none-gc").get()).isNull();
  }

  private CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(NS).withName(name + "-gc").get();
  }

  private static void gc(MlflowDeploymentSpec spec, BackupKind schedule) {
    spec.mlflow.gc = new GcSpec();
    spec.mlflow.gc.schedule = schedule;
    spec.mlflow.gc.olderThan = "30d";
  }
}
