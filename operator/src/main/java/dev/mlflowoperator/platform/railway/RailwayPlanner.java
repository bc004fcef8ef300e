package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.platform.railway.ObservedRailwayStack.VolumeInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Diffs what each Railway service should hold against what was observed. Pure: reads nothing, changes nothing. */
public final class RailwayPlanner {
  private RailwayPlanner() {}

  /**
   * The changes in Railway's safe order: project, services, volume, domain, variables, settings, limits, deploys.
   * {@code deployed} holds, by component, the fingerprint of what we last had deployed (none: not known).
   */
  public static RailwayStackPlan plan(RailwayProject project, RailwayDesired desired, ObservedRailwayStack observed,
      String knownVolumeId, Map<String, String> deployed) {
    var changes = new ArrayList<RailwayChange>();
    if (!observed.projectExists()) {
      changes.add(new RailwayChange.CreateProject(project.name()));
    }
    for (var service : desired.services()) {
      if (observed.service(service.name()).isEmpty()) {
        changes.add(new RailwayChange.CreateService(service.component(), service.name()));
      }
    }
    changes.addAll(planVolume(project, desired, observed, knownVolumeId));
    var entry = observed.service(desired.domainService().name());
    if (entry.isEmpty() || entry.get().domains().isEmpty()) {
      changes.add(new RailwayChange.CreateDomain(desired.layout().domainService()));
    } else {
      var domain = entry.get().domains().get(0);
      if (!Objects.equals(domain.targetPort(), desired.domainPort())) {
        changes.add(new RailwayChange.UpdateDomain(domain.id(), domain.domain()));
      }
    }
    var deploys = new ArrayList<RailwayChange.Deploy>();
    for (var service : desired.services()) {
      var current = observed.service(service.name());
      boolean initial = current.isEmpty();
      var observedVariables = current.map(ObservedRailwayStack.Service::variables).orElse(Map.of());
      var removed = RailwayDesired.managedKeys(observedVariables).stream()
          .filter(key -> !service.variables().containsKey(key) && observedVariables.containsKey(key))
          .toList();
      if (!removed.isEmpty()) {
        changes.add(new RailwayChange.DeleteVariables(service.component(), removed));
      }
      var variables = changedVariables(service, observedVariables);
      if (!variables.isEmpty()) {
        changes.add(new RailwayChange.UpsertVariables(service.component(), variables, initial));
      }
      var fields = current.map(c -> changedSettings(desired, service, c)).orElse(List.of("source.image"));
      if (!fields.isEmpty()) {
        changes.add(new RailwayChange.UpdateSettings(service.component(), desired.settings(service), fields, initial));
      }
      // Only a service with both limits in its resources has them on Railway, which applies them with the next
      // deployment. Limits Railway's answer did not show are left alone: writing them blind would redeploy the
      // service on every reconcile.
      var limits = service.limits() != null
          ? current.map(c -> changedLimits(service.limits(), c.limits())).orElse(List.of("vCPUs", "memoryGB"))
          : List.<String>of();
      if (!limits.isEmpty()) {
        changes.add(new RailwayChange.UpdateLimits(service.component(), service.limits(), limits, initial));
      }
      if (!variables.isEmpty() || !fields.isEmpty() || !removed.isEmpty() || !limits.isEmpty()) {
        deploys.add(new RailwayChange.Deploy(service.component(), null));
      } else if (current.get().deploymentStatus() == null) {
        deploys.add(new RailwayChange.Deploy(service.component(), "not deployed"));
      } else if (deployed.containsKey(service.component())
          && !deployed.get(service.component()).equals(desired.fingerprint(service))) {
        // Our last change is on Railway, but its deployment was lost (e.g. the deploy failed after the update).
        deploys.add(new RailwayChange.Deploy(service.component(), "last change not deployed"));
      }
    }
    changes.addAll(deploys);
    return new RailwayStackPlan(changes, desired);
  }

  /**
   * Our volume: the one whose id we recorded, else the one on the service that mounts it (the environment observed
   * is in our project). A detached volume we did not record is never ours, whatever its mount path: it may be
   * another deployment's, kept under Retain. Volumes being deleted do not count.
   */
  public static Optional<VolumeInstance> ourVolume(String volumeService, ObservedRailwayStack observed,
      String knownVolumeId) {
    var usable = observed.volumes().stream().filter(VolumeInstance::usable).toList();
    String serviceId = observed.service(volumeService).map(ObservedRailwayStack.Service::id).orElse(null);
    return usable.stream().filter(v -> v.volumeId().equals(knownVolumeId)).findFirst()
        .or(() -> usable.stream().filter(v -> serviceId != null && serviceId.equals(v.serviceId())).findFirst());
  }

  /**
   * Creates, re-attaches, marks (renames) or grows our volume, and sets its backup schedule; a size the spec asks
   * below Railway's is already satisfied. A new volume is named (and scheduled) after its creation, in the second
   * ConfigureStack. A schedule not read (the volume instance's ID was not known yet) is left alone: unknown is not
   * different.
   */
  private static List<RailwayChange> planVolume(RailwayProject project, RailwayDesired desired,
      ObservedRailwayStack observed, String knownVolumeId) {
    String volumeService = desired.volumeService().name();
    var ours = ourVolume(volumeService, observed, knownVolumeId);
    if (ours.isEmpty()) {
      return List.of(new RailwayChange.CreateVolume(desired.layout().volumeService(), knownVolumeId != null));
    }
    var volume = ours.get();
    String serviceId = observed.service(volumeService).map(ObservedRailwayStack.Service::id).orElse(null);
    var fields = new ArrayList<String>();
    if (serviceId == null || !serviceId.equals(volume.serviceId())) {
      fields.add("attached service");
    }
    if (!desired.mountPath().equals(volume.mountPath())) {
      fields.add("mountPath");
    }
    var changes = new ArrayList<RailwayChange>();
    if (!fields.isEmpty()) {
      changes.add(new RailwayChange.AttachVolume(volume.volumeId(), fields));
    }
    if (!project.volumeName(volume.volumeId()).equals(volume.volumeName())) {
      changes.add(new RailwayChange.RenameVolume(volume.volumeId(), project.volumeName(volume.volumeId())));
    }
    if (desired.volumeSizeMB() > volume.sizeMB()) {
      changes.add(new RailwayChange.GrowVolume(volume.volumeId(), volume.sizeMB(), desired.volumeSizeMB()));
    }
    observed.backupsOf(volume.id())
        .filter(read -> !new HashSet<>(read.schedule()).equals(new HashSet<>(desired.backupSchedule())))
        .ifPresent(read -> changes.add(
            new RailwayChange.UpdateBackupSchedule(volume.id(), desired.backupSchedule(), read.schedule())));
    return changes;
  }

  /** The limits that differ from Railway's (which reports its plan's defaults where none were set); none when unread. */
  private static List<String> changedLimits(RailwayDesired.Limits desired, RailwayDesired.Limits current) {
    var fields = new ArrayList<String>();
    if (current == null) {
      return fields;
    }
    if (!RailwayQuantities.same(desired.vCPUs(), current.vCPUs())) {
      fields.add("vCPUs");
    }
    if (!RailwayQuantities.same(desired.memoryGB(), current.memoryGB())) {
      fields.add("memoryGB");
    }
    return fields;
  }

  /** Our keys whose value is missing or different; keys we do not own are never looked at. */
  private static Map<String, String> changedVariables(RailwayDesired.Service service, Map<String, String> current) {
    var changed = new LinkedHashMap<String, String>();
    Map<String, String> observed = current == null ? Map.of() : current;
    service.variables().forEach((key, value) -> {
      if (!value.equals(observed.get(key))) {
        changed.put(key, value);
      }
    });
    return changed;
  }

  private static List<String> changedSettings(RailwayDesired desired, RailwayDesired.Service service,
      ObservedRailwayStack.Service current) {
    var fields = new ArrayList<String>();
    if (desired.region() != null && !desired.region().equals(current.region())) {
      fields.add("region");
    }
    if (!Objects.equals(service.image(), current.image())) {
      fields.add("source.image");
    }
    if (!Objects.equals(service.startCommand(), current.startCommand())) {
      fields.add("startCommand");
    }
    if (!Objects.equals(RailwayDesired.HEALTHCHECK_PATH, current.healthcheckPath())) {
      fields.add("healthcheckPath");
    }
    if (service.healthcheckTimeout() != null && !service.healthcheckTimeout().equals(current.healthcheckTimeout())) {
      fields.add("healthcheckTimeout");
    }
    if (!Objects.equals(RailwayDesired.RESTART_POLICY, current.restartPolicyType())) {
      fields.add("restartPolicyType");
    }
    return fields;
  }
}
