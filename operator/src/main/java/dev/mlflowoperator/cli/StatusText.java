package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.state.StateStore;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The human forms of {@code mlflowctl status}: one line per deployment (table, wide) or everything about one. */
final class StatusText {
  private static final Set<String> STATUS_COLUMNS = Set.of("READY", "SYNCED", "HEALTHY", "STATUS");

  private final Colors colors;
  private final Clock clock;

  StatusText(Colors colors, Clock clock) {
    this.colors = colors;
    this.clock = clock;
  }

  /** NAME TARGET READY SYNCED HEALTHY URL AGE CHANGED, and with {@code wide} NAMESPACE, the components and DRIFTS. */
  String table(List<MlflowDeployment> deployments, boolean wide) {
    var headers = new ArrayList<>(List.of("NAME", "TARGET", "READY", "SYNCED", "HEALTHY", "URL", "AGE", "CHANGED"));
    if (wide) {
      headers.addAll(List.of("NAMESPACE", "MLFLOW", "PROXY", "STORAGE", "DRIFTS"));
    }
    var table = new TextTable(headers, STATUS_COLUMNS);
    for (MlflowDeployment d : deployments) {
      MlflowDeploymentStatus status = statusOf(d);
      var row = new ArrayList<>(List.of(d.getMetadata().getName(), target(d),
          condition(status, "Ready"), condition(status, "Synced"), condition(status, "Healthy"),
          orDash(status.url), Ages.since(d.getMetadata().getCreationTimestamp(), clock),
          Ages.since(lastChange(status), clock)));
      if (wide) {
        Map<String, ComponentStatus> c = status.components == null ? Map.of() : status.components;
        row.addAll(List.of(StateStore.namespaceOf(d), state(c.get("mlflow")), state(c.get("proxy")), state(c.get("storage")),
            status.drift == null ? "0" : Long.toString(status.drift.count)));
      }
      table.row(row);
    }
    return table.render("", colors);
  }

  /** Everything recorded about one deployment: components, every condition, URL, IDs and the drift record. */
  String detail(MlflowDeployment d) {
    MlflowDeploymentStatus status = statusOf(d);
    var text = new StringBuilder();
    field(text, "Name", d.getMetadata().getName());
    field(text, "Namespace", StateStore.namespaceOf(d));
    field(text, "Target", target(d));
    field(text, "URL", orDash(status.url));
    field(text, "MLflow", orDash(status.mlflowVersion));
    field(text, "Age", Ages.since(d.getMetadata().getCreationTimestamp(), clock));
    field(text, "Backups", backups(status.backup));
    text.append("Components:\n");
    var components = new TextTable(List.of("COMPONENT", "STATE", "MESSAGE"), Set.of());
    if (status.components == null || status.components.isEmpty()) {
      List.of("mlflow", "proxy", "storage").forEach(key -> components.row(component(key, null)));
    } else {
      status.components.forEach((key, component) -> components.row(component(key, component)));
    }
    text.append(components.render("  ", colors));
    text.append("Conditions:\n");
    if (status.conditions.isEmpty()) {
      text.append("  none recorded yet\n");
    } else {
      var conditions = new TextTable(List.of("TYPE", "STATUS", "REASON", "CHANGED", "MESSAGE"), STATUS_COLUMNS);
      for (Condition condition : status.conditions) {
        conditions.row(List.of(orDash(condition.getType()), orDash(condition.getStatus()),
            orDash(condition.getReason()), Ages.since(condition.getLastTransitionTime(), clock),
            orDash(condition.getMessage())));
      }
      text.append(conditions.render("  ", colors));
    }
    text.append("IDs:\n");
    if (status.ids.isEmpty()) {
      text.append("  none recorded yet\n");
    } else {
      var ids = new TextTable(List.of("RESOURCE", "ID"), Set.of());
      status.ids.forEach((resource, id) -> ids.row(List.of(resource, id)));
      text.append(ids.render("  ", colors));
    }
    field(text, "Drift", drift(status));
    return text.toString();
  }

  private static void field(StringBuilder text, String label, String value) {
    text.append(String.format("%-12s%s%n", label + ":", value));
  }

  /** The newest backup (time, kind), the next scheduled one, the schedule the platform holds, and what the backups do not cover. */
  private static String backups(BackupStatus backup) {
    if (backup == null) {
      return "none recorded";
    }
    String last = backup.lastTime == null ? "no backup yet"
        : "last " + backup.lastTime + " (" + orDash(backup.lastKind) + ")";
    String next = backup.nextScheduled == null ? "" : "; next " + backup.nextScheduled + " (" + orDash(backup.nextKind)
        + ")";
    String schedule = backup.schedule == null || backup.schedule.isEmpty() ? "no schedule"
        : "schedule " + String.join(", ", backup.schedule);
    return last + next + "; " + schedule + (backup.note == null ? "" : "; " + backup.note);
  }

  private static String drift(MlflowDeploymentStatus status) {
    if (status.drift == null || status.drift.count == 0) {
      return "none repaired";
    }
    String what = status.drift.fields.isEmpty() ? "" : ": " + String.join(", ", status.drift.fields);
    return "repaired " + status.drift.count + (status.drift.count == 1 ? " time" : " times")
        + ", last at " + orDash(status.drift.lastTime) + what;
  }

  private static List<String> component(String name, ComponentStatus component) {
    return List.of(name, state(component), component == null ? "" : Objects.toString(component.message, ""));
  }

  private static String state(ComponentStatus component) {
    return component == null || component.state == null ? "-" : component.state;
  }

  private static String target(MlflowDeployment d) {
    String target = StatusView.target(d);
    return StateStore.isOnSandbox(d) ? target + " (sandbox)" : target;
  }

  private static String condition(MlflowDeploymentStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).map(Condition::getStatus)
        .filter(Objects::nonNull).findFirst().orElse("-");
  }

  /** The most recent lastTransitionTime of any condition (RFC 3339 in UTC, so the text orders like the time). */
  private static String lastChange(MlflowDeploymentStatus status) {
    return status.conditions.stream().map(Condition::getLastTransitionTime).filter(Objects::nonNull)
        .max(String::compareTo).orElse(null);
  }

  private static MlflowDeploymentStatus statusOf(MlflowDeployment d) {
    return d.getStatus() == null ? new MlflowDeploymentStatus() : d.getStatus();
  }

  private static String orDash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}
