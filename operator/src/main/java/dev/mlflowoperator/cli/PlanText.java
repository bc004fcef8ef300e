package dev.mlflowoperator.cli;

import dev.mlflowoperator.platform.railway.RailwayChange;
import dev.mlflowoperator.platform.railway.RailwayChange.AttachVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateDomain;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateProject;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateService;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.DeleteVariables;
import dev.mlflowoperator.platform.railway.RailwayChange.Deploy;
import dev.mlflowoperator.platform.railway.RailwayChange.GrowVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.RenameVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateDomain;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateLimits;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateSettings;
import dev.mlflowoperator.platform.railway.RailwayChange.UpsertVariables;
import dev.mlflowoperator.platform.railway.RailwayStackPlan;
import java.util.List;
import java.util.TreeSet;

/** A Railway plan as diff lines: {@code +} creates, {@code ~} changes, {@code -} removes; never a variable's value. */
final class PlanText {
  private PlanText() {}

  /** One line per change, indented, in apply order. */
  static List<String> lines(RailwayStackPlan plan) {
    return plan.changes().stream().map(change -> "  " + line(change)).toList();
  }

  /** How many changes, e.g. {@code 1 change} or {@code 9 changes}. */
  static String count(int changes) {
    return changes + (changes == 1 ? " change" : " changes");
  }

  private static String line(RailwayChange change) {
    if (change instanceof CreateProject c) {
      return "+ project " + c.name();
    } else if (change instanceof CreateService c) {
      return "+ service " + c.name() + " (" + c.component() + ")";
    } else if (change instanceof CreateVolume c) {
      return c.replacesDeleted() ? "+ " + c.reasons().get(0) : "+ volume for mlflow";
    } else if (change instanceof AttachVolume c) {
      return "~ volume: " + String.join(", ", c.fields());
    } else if (change instanceof RenameVolume c) {
      return "~ volume: name -> " + c.name() + " (the name that marks it as this deployment's)";
    } else if (change instanceof GrowVolume c) {
      return "~ volume: sizeMB " + c.fromMB() + " -> " + c.toMB();
    } else if (change instanceof CreateDomain) {
      return "+ public domain for the proxy";
    } else if (change instanceof UpdateDomain) {
      return "~ domain: targetPort";
    } else if (change instanceof UpsertVariables c) {
      return "~ service/" + c.component() + ": " + (c.initial() ? "set variables " : "variables ")
          + String.join(", ", new TreeSet<>(c.values().keySet()));
    } else if (change instanceof DeleteVariables c) {
      return "- service/" + c.component() + ": variables " + String.join(", ", c.names());
    } else if (change instanceof UpdateSettings c) {
      return "~ service/" + c.component() + ": "
          + (c.initial() ? "set " + String.join(", ", new TreeSet<>(c.input().keySet())) : String.join(", ", c.fields()));
    } else if (change instanceof UpdateLimits c) {
      return "~ service/" + c.component() + ": " + (c.initial() ? "set limits" : "limits " + String.join(", ", c.fields()))
          + " (" + c.limits().vCPUs() + " vCPU, " + c.limits().memoryGB() + " GB)";
    }
    Deploy deploy = (Deploy) change;
    return "~ service/" + deploy.component() + ": deploy" + (deploy.reason() == null ? "" : " (" + deploy.reason() + ")");
  }
}
