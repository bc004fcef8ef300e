package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.PlannedChange;
import dev.mlflowoperator.status.DataVolumeRecreated;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** One typed change of a Railway plan; reasons name the resource and field, never a value. */
public sealed interface RailwayChange extends PlannedChange {
  /** What differs, for the drift record and plan output, e.g. {@code service/proxy: startCommand}. */
  List<String> reasons();

  /** The project (with its default environment) does not exist. */
  record CreateProject(String name) implements RailwayChange {
    @Override
    public List<String> reasons() {
      return List.of("project " + name + ": missing");
    }

    @Override
    public String line() {
      return "+ project " + name;
    }
  }

  /** A service is missing; it is created without a source. */
  record CreateService(String component, String name) implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return List.of("service/" + component + ": missing");
    }

    @Override
    public String line() {
      return "+ service " + name + " (" + component + ")";
    }
  }

  /** The service that mounts the volume has none; replacesDeleted says ours was deleted outside the operator. */
  record CreateVolume(String component, boolean replacesDeleted) implements RailwayChange {
    @Override
    public String concerns() {
      return StackNames.COMPONENT_STORAGE;
    }

    @Override
    public List<String> reasons() {
      return List.of(replacesDeleted ? "volume: " + DataVolumeRecreated.LOST : "volume: missing");
    }

    @Override
    public String line() {
      return replacesDeleted ? "+ " + reasons().get(0) : "+ volume for " + component;
    }
  }

  /** Our volume exists but is mounted elsewhere or at another path: put it back on its service at the mount path. */
  record AttachVolume(String volumeId, List<String> fields) implements RailwayChange {
    @Override
    public String concerns() {
      return StackNames.COMPONENT_STORAGE;
    }

    @Override
    public List<String> reasons() {
      return fields.stream().map(f -> "volume: " + f).toList();
    }

    @Override
    public String line() {
      return "~ volume: " + String.join(", ", fields);
    }
  }

  /** Our volume's name is not the one that marks it as this deployment's (Railway's own, or an older version's). */
  record RenameVolume(String volumeId, String name) implements RailwayChange {
    @Override
    public String concerns() {
      return StackNames.COMPONENT_STORAGE;
    }

    @Override
    public List<String> reasons() {
      return List.of("volume: name");
    }

    @Override
    public String line() {
      return "~ volume: name -> " + name + " (the name that marks it as this deployment's)";
    }
  }

  /**
   * The backup schedule Railway holds for our volume instance is not the spec's: set it to exactly {@code kinds}
   * (Railway's, e.g. {@code DAILY}; none: no schedule). Backups already taken stay until they expire.
   */
  record UpdateBackupSchedule(String volumeInstanceId, List<String> kinds, List<String> observed)
      implements RailwayChange {
    @Override
    public String concerns() {
      return StackNames.COMPONENT_STORAGE;
    }

    public UpdateBackupSchedule {
      kinds = List.copyOf(kinds);
      observed = List.copyOf(observed);
    }

    @Override
    public List<String> reasons() {
      return List.of("volume: backup schedule");
    }

    @Override
    public String line() {
      return "~ volume: backup schedule " + observed + " -> " + kinds;
    }
  }

  /** Our volume is smaller than the spec asks: grow it from Railway's fromMB (a volume never shrinks). */
  record GrowVolume(String volumeId, int fromMB, int toMB) implements RailwayChange {
    @Override
    public String concerns() {
      return StackNames.COMPONENT_STORAGE;
    }

    @Override
    public List<String> reasons() {
      return List.of("volume: sizeMB");
    }

    @Override
    public String line() {
      return "~ volume: sizeMB " + fromMB + " -> " + toMB;
    }
  }

  /** The public entry's service has no public domain. */
  record CreateDomain(String component) implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return List.of("domain: missing");
    }

    @Override
    public String line() {
      return "+ public domain for the " + component;
    }
  }

  /** The public domain routes to another port than its service's: point it back, keeping the domain. */
  record UpdateDomain(String domainId, String domain) implements RailwayChange {
    @Override
    public List<String> reasons() {
      return List.of("domain: targetPort");
    }

    @Override
    public String line() {
      return "~ domain: targetPort";
    }
  }

  /** Variables we own that are missing or differ; initial when the service is new (no reasons of its own). */
  record UpsertVariables(String component, Map<String, String> values, boolean initial) implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return initial ? List.of() : values.keySet().stream().sorted().map(k -> "service/" + component + ": variable " + k).toList();
    }

    @Override
    public String toString() {
      return "UpsertVariables[" + component + ", " + values.keySet() + "]";
    }

    @Override
    public String line() {
      return "~ service/" + component + ": " + (initial ? "set variables " : "variables ")
          + String.join(", ", new TreeSet<>(values.keySet()));
    }
  }

  /** Variables we set earlier that the spec no longer asks for; the user's own variables are never listed. */
  record DeleteVariables(String component, List<String> names) implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return names.stream().map(k -> "service/" + component + ": variable " + k + " no longer in the spec").toList();
    }

    @Override
    public String line() {
      return "- service/" + component + ": variables " + String.join(", ", names);
    }
  }

  /** Settings (image source included) that differ; input holds all our settings, fields the ones that differ. */
  record UpdateSettings(String component, Map<String, Object> input, List<String> fields, boolean initial)
      implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return initial ? List.of() : fields.stream().map(f -> "service/" + component + ": " + f).toList();
    }

    @Override
    public String line() {
      return "~ service/" + component + ": "
          + (initial ? "set " + String.join(", ", new TreeSet<>(input.keySet())) : String.join(", ", fields));
    }
  }

  /** Resource limits that differ (fields names them); initial when the service is new (no reasons of its own). */
  record UpdateLimits(String component, RailwayDesired.Limits limits, List<String> fields, boolean initial)
      implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return initial ? List.of() : fields.stream().map(f -> "service/" + component + ": " + f).toList();
    }

    @Override
    public String line() {
      return "~ service/" + component + ": " + (initial ? "set limits" : "limits " + String.join(", ", fields))
          + " (" + limits.vCPUs() + " vCPU, " + limits.memoryGB() + " GB)";
    }
  }

  /** One deployment of the service, after its other changes; reason is null when it only follows them. */
  record Deploy(String component, String reason) implements RailwayChange {
    @Override
    public String concerns() {
      return component;
    }

    @Override
    public List<String> reasons() {
      return reason == null ? List.of() : List.of("service/" + component + ": " + reason);
    }

    @Override
    public String line() {
      return "~ service/" + component + ": deploy" + (reason == null ? "" : " (" + reason + ")");
    }
  }
}
