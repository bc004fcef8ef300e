package dev.mlflowoperator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Condition transitions, kept timestamps, drift counting and change detection, on a fixed clock. */
class StatusRecorderTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

  static StatusRecorder at(Instant instant) {
    return new StatusRecorder(Clock.fixed(instant, ZoneOffset.UTC));
  }

  static Map<String, ComponentStatus> components(String mlflow, String proxy, String storage) {
    var c = new LinkedHashMap<String, ComponentStatus>();
    c.put("mlflow", new ComponentStatus(mlflow, "m"));
    c.put("proxy", new ComponentStatus(proxy, "p"));
    c.put("storage", new ComponentStatus(storage, "s"));
    return c;
  }

  static ReconcileReport applied(long generation, Map<String, ComponentStatus> components, List<String> drift) {
    return new ReconcileReport(generation, SyncResult.success(), components, "http://x:8080",
        Map.of("Deployment/x-mlflow", "uid-1"), null, drift);
  }

  static Condition condition(MlflowDeploymentStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void readyIsTrueOnlyWhenSyncedAndEveryComponentIsReady() {
    var progressing = at(T0).record(null, applied(1, components("Ready", "Progressing", "Ready"), List.of())).status();
    assertThat(condition(progressing, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(progressing, "Ready").getReason()).isEqualTo("ComponentsNotReady");
    assertThat(condition(progressing, "Ready").getMessage()).isEqualTo("proxy: Progressing (p)");
    assertThat(condition(progressing, "Synced").getReason()).isEqualTo("ReconcileSuccess");

    var ready = at(T1).record(progressing, applied(1, components("Ready", "Ready", "Ready"), List.of())).status();
    assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(ready, "Ready").getReason()).isEqualTo("Available");
    assertThat(condition(ready, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(condition(ready, "Synced").getLastTransitionTime()).as("unchanged: kept").isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void anUnchangedReportLeavesTheStatusUnchangedSoNothingIsWritten() {
    var first = at(T0).record(null, applied(1, components("Ready", "Ready", "Ready"), List.of()));
    var second = at(T1).record(first.status(), applied(1, components("Ready", "Ready", "Ready"), List.of()));

    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).isFalse();
    assertThat(second.status()).isEqualTo(first.status());
  }

  @Test
  void anInvalidSpecFailsBothConditionsAndKeepsWhatWasObservedBefore() {
    var before = at(T0).record(null, applied(1, components("Ready", "Ready", "Ready"), List.of())).status();

    var invalid = at(T1).record(before, ReconcileReport.notApplied(2,
        SyncResult.failed("InvalidSpec", "spec.mlflow.workers: must be between 1 and 32"))).status();

    assertThat(invalid.observedGeneration).isEqualTo(2L);
    assertThat(invalid.conditions).allSatisfy(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("spec.mlflow.workers");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    });
    assertThat(invalid.url).isEqualTo(before.url);
    assertThat(invalid.components).isEqualTo(before.components);
    assertThat(invalid.ids).isEqualTo(before.ids);
  }

  @Test
  void eachRepairCountsOnceAndRecordsWhatDriftedAndWhen() {
    var clean = at(T0).record(null, applied(1, components("Ready", "Ready", "Ready"), List.of())).status();
    assertThat(clean.drift).isNull();

    var once = at(T1).record(clean, applied(1, components("Ready", "Ready", "Ready"),
        List.of("Deployment/x-mlflow: spec.replicas"))).status();
    var twice = at(T1).record(once, applied(1, components("Ready", "Ready", "Ready"),
        List.of("Secret/x-credentials: missing"))).status();
    var quiet = at(T1).record(twice, applied(1, components("Ready", "Ready", "Ready"), List.of())).status();

    assertThat(once.drift.count).isEqualTo(1);
    assertThat(once.drift.lastTime).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(twice.drift.count).isEqualTo(2);
    assertThat(twice.drift.fields).containsExactly("Secret/x-credentials: missing");
    assertThat(quiet.drift).isEqualTo(twice.drift);
  }

  @Test
  void theRunningMlflowVersionIsKeptUntilANewOneRuns() {
    var report = new ReconcileReport(1, SyncResult.success(), components("Ready", "Ready", "Ready"), "u", Map.of(),
        "3.14.0", List.of());
    var running = at(T0).record(null, report).status();
    var rollingOut = at(T1).record(running, applied(2, components("Progressing", "Ready", "Ready"), List.of())).status();

    assertThat(rollingOut.mlflowVersion).isEqualTo("3.14.0");
  }

  @Test
  void healthIsReportedBesideReadyAndAnUnknownHealthDoesNotBlockIt() {
    var report = new ReconcileReport(1, SyncResult.success(), components("Ready", "Ready", "Ready"), "u", Map.of(),
        null, List.of(), Health.unknown("ProbesNotRun", "the sandbox runs nothing"), null);
    var status = at(T0).record(null, report).status();

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Healthy").getStatus()).isEqualTo("Unknown");
    assertThat(condition(status, "Healthy").getReason()).isEqualTo("ProbesNotRun");
  }

  @Test
  void aFailingProbeSetsHealthyFalseWithItsReason() {
    var report = new ReconcileReport(1, SyncResult.success(), components("Ready", "Ready", "Ready"), "u", Map.of(),
        null, List.of(), Health.unhealthy("AuthNotEnforced", "a request without credentials answered 200"), null);
    var status = at(T0).record(null, report).status();

    assertThat(condition(status, "Healthy").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Healthy").getReason()).isEqualTo("AuthNotEnforced");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void withoutProbesThereIsNoHealthyCondition() {
    var status = at(T0).record(null, applied(1, components("Ready", "Ready", "Ready"), List.of())).status();

    assertThat(status.conditions).extracting(Condition::getType).doesNotContain("Healthy");
  }
}
