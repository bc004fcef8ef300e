package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The gc entry of status.components from its CronJob's status: when it last ran and how that went, and Ready
 * whatever the runs did, so the stack's Ready never waits for housekeeping.
 */
class CronJobStatusTest {
  /** ml/tracking runs at 02:09 UTC (JobTime). */
  private static final String SCHEDULED = "scheduled 9 2 * * * (Etc/UTC)";

  @Test
  void aCronJobThatHasNotRunYetIsReady() {
    assertThat(state(status -> {})).isEqualTo(new ComponentStatus("Ready", SCHEDULED + "; not run yet"));
  }

  @Test
  void aSuccessfulLastRunIsSaid() {
    assertThat(state(status -> status.withLastScheduleTime("2026-11-28T02:09:00Z")
        .withLastSuccessfulTime("2026-11-28T02:09:41Z")))
        .isEqualTo(new ComponentStatus("Ready", SCHEDULED + "; last run 2026-11-28T02:09:00Z succeeded"));
  }

  @Test
  void aRunningJobIsSaid() {
    assertThat(state(status -> status.withLastScheduleTime("2026-11-28T02:09:00Z")
        .withActive(new ObjectReferenceBuilder().withName("tracking-gc-29400000").build())))
        .isEqualTo(new ComponentStatus("Ready", SCHEDULED + "; running since 2026-11-28T02:09:00Z"));
  }

  @Test
  void aFailedLastRunIsSaidWithWhereToLookButDoesNotHoldBackReady() {
    var state = state(status -> status.withLastScheduleTime("2026-11-28T02:09:00Z")
        .withLastSuccessfulTime("2026-11-27T02:09:12Z"));

    assertThat(state.state).isEqualTo("Ready");
    assertThat(state.message).isEqualTo(SCHEDULED + "; last run 2026-11-28T02:09:00Z failed (last success:"
        + " 2026-11-27T02:09:12Z); its runs: kubectl get jobs -n ml -l app.kubernetes.io/instance=tracking,"
        + "app.kubernetes.io/component=gc");
  }

  @Test
  void aMissingCronJobIsMissing() {
    var outline = outline();
    var observed = new ObservedStack(outline, List.of());

    assertThat(ComponentStates.of(observed).get("gc").state).isEqualTo("Missing");
  }

  private static ComponentStatus state(Consumer<CronJobStatusBuilder> status) {
    var outline = outline();
    CronJob found = Serialization.clone(outline.all(CronJob.class).get(0));
    var builder = new CronJobStatusBuilder();
    status.accept(builder);
    found.setStatus(builder.build());
    return ComponentStates.of(new ObservedStack(outline, List.of(found))).get("gc");
  }

  private static KubernetesStack outline() {
    var spec = KubernetesStackRendererTest.spec();
    spec.mlflow.gc = new GcSpec();
    spec.mlflow.gc.schedule = BackupKind.DAILY;
    spec.mlflow.gc.olderThan = "30d";
    return KubernetesStackRendererTest.render(spec, "ml");
  }
}
