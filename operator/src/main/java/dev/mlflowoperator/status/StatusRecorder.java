package dev.mlflowoperator.status;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.DriftStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a reconcile report and the previous status into the new status, and says whether it changed. Pure. */
public final class StatusRecorder {
  public static final String READY = "Ready";
  public static final String SYNCED = "Synced";
  public static final String HEALTHY = "Healthy";

  private final Clock clock;

  public StatusRecorder(Clock clock) {
    this.clock = clock;
  }

  /** The new status; changed is false when it equals the previous one, so no write is needed. */
  public record Recorded(MlflowDeploymentStatus status, boolean changed) {}

  public Recorded record(MlflowDeploymentStatus previous, ReconcileReport report) {
    var before = previous == null ? new MlflowDeploymentStatus() : previous;
    var next = new MlflowDeploymentStatus();
    next.observedGeneration = report.generation();
    next.url = report.url() != null ? report.url() : before.url;
    next.components = report.components() != null ? new LinkedHashMap<>(report.components()) : before.components;
    next.ids = report.ids() != null ? new LinkedHashMap<>(report.ids()) : before.ids;
    next.mlflowVersion = report.runningMlflowVersion() != null ? report.runningMlflowVersion() : before.mlflowVersion;
    next.drift = drift(before.drift, report.drift());
    next.backup = report.backup() != null ? report.backup() : before.backup;
    next.users = report.users() != null ? report.users() : before.users;
    var sync = report.sync();
    var conditions = new ConditionSet(before.conditions, report.generation(), clock);
    if (!sync.synced()) {
      conditions.set(READY, false, sync.reason(), sync.message());
    } else {
      var notReady = notReady(next.components);
      if (notReady.isEmpty()) {
        conditions.set(READY, true, Reasons.AVAILABLE, "MLflow is available at " + next.url + ".");
      } else {
        conditions.set(READY, false, Reasons.COMPONENTS_NOT_READY, String.join("; ", notReady));
      }
    }
    conditions.set(SYNCED, sync.synced(), sync.reason(), sync.message());
    // Ready follows the components only; the live probes report beside it and never block it.
    var health = report.health();
    if (health != null) {
      conditions.set(HEALTHY, health.status(), health.reason(), health.message());
    }
    next.conditions = new ArrayList<>(conditions.toList());
    return new Recorded(next, !next.equals(previous));
  }

  private DriftStatus drift(DriftStatus before, List<String> repaired) {
    if (repaired.isEmpty()) {
      return before;
    }
    var drift = new DriftStatus();
    drift.count = (before == null ? 0 : before.count) + 1;
    drift.lastTime = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    drift.fields = new ArrayList<>(repaired);
    return drift;
  }

  private static List<String> notReady(Map<String, ComponentStatus> components) {
    if (components == null || components.isEmpty()) {
      return List.of("components not observed yet");
    }
    var notReady = new ArrayList<String>();
    components.forEach((name, component) -> describe(name, component, notReady));
    return notReady;
  }

  private static void describe(String name, ComponentStatus component, List<String> notReady) {
    if (component == null) {
      notReady.add(name + ": Unknown");
    } else if (!"Ready".equals(component.state)) {
      notReady.add(name + ": " + component.state + " (" + component.message + ")");
    }
  }
}
