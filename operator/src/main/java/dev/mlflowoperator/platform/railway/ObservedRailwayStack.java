package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one ObserveStack request found: the project's environment, its service instances and volume instances, and
 * the backups of the volume instance whose ID was recorded (null when none was read).
 */
public record ObservedRailwayStack(
    String projectId, String environmentId, Map<String, Service> services, List<VolumeInstance> volumes,
    Backups backups) {

  /**
   * A service instance with the settings we manage; variables are null when they were not read, limits also when
   * Railway's answer did not have the shape we read.
   */
  public record Service(
      String id,
      String name,
      String image,
      String startCommand,
      String healthcheckPath,
      Integer healthcheckTimeout,
      String region,
      String restartPolicyType,
      List<Domain> domains,
      String deploymentId,
      String deploymentStatus,
      Map<String, String> variables,
      RailwayDesired.Limits limits) {}

  /** A generated *.up.railway.app domain. */
  public record Domain(String id, String domain, Integer targetPort) {}

  /** A volume in this environment ({@code id} is the instance's); serviceId is null when it is attached to no service. */
  public record VolumeInstance(String volumeId, String volumeName, String serviceId, String mountPath, int sizeMB,
      String state, boolean pendingDeletion, String id) {
    boolean usable() {
      return !pendingDeletion && !"DELETING".equals(state) && !"DELETED".equals(state);
    }
  }

  /**
   * The schedule kinds (Railway's, e.g. {@code DAILY}) and the completed backups, newest first, of one volume
   * instance; {@code kindBySchedule} names the kind of each schedule ID.
   */
  public record Backups(String volumeInstanceId, List<String> schedule, Map<String, String> kindBySchedule,
      List<Backup> backups) {
    public Backups {
      schedule = List.copyOf(schedule);
      kindBySchedule = Map.copyOf(kindBySchedule);
      backups = List.copyOf(backups);
    }
  }

  /** One completed backup; scheduleId is null for a manual one. */
  public record Backup(String id, String name, String createdAt, String scheduleId) {}

  public ObservedRailwayStack {
    services = Map.copyOf(services);
    volumes = List.copyOf(volumes);
  }

  /** What was observed without reading any backups. */
  public ObservedRailwayStack(String projectId, String environmentId, Map<String, Service> services,
      List<VolumeInstance> volumes) {
    this(projectId, environmentId, services, volumes, null);
  }

  /** No project yet: everything is to be created. */
  public static ObservedRailwayStack absent() {
    return new ObservedRailwayStack(null, null, Map.of(), List.of());
  }

  /** The backups read, when they are of this volume instance. */
  public Optional<Backups> backupsOf(String volumeInstanceId) {
    return Optional.ofNullable(backups).filter(b -> b.volumeInstanceId().equals(volumeInstanceId));
  }

  public boolean projectExists() {
    return projectId != null;
  }

  public Optional<Service> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /**
   * Parses the data of ObserveStack; variables of a service come from the alias {@code <component>_variables}, its
   * limits from {@code <component>_limits}, Railway's JSON object {@code {"vCPUs": n, "memoryGB": n}}; the backups
   * of {@code volumeInstanceId} (null: not read) from {@link StackDocuments#BACKUP_SCHEDULES} and
   * {@link StackDocuments#BACKUPS}.
   */
  static ObservedRailwayStack parse(JsonNode data, Map<String, String> componentByServiceId, String volumeInstanceId) {
    JsonNode environment = data.path("environment");
    Map<String, Service> services = new LinkedHashMap<>();
    for (JsonNode edge : environment.path("serviceInstances").path("edges")) {
      JsonNode node = edge.path("node");
      String serviceId = node.path("serviceId").asText();
      List<Domain> domains = new ArrayList<>();
      for (JsonNode d : node.path("domains").path("serviceDomains")) {
        domains.add(new Domain(d.path("id").asText(), d.path("domain").asText(),
            d.path("targetPort").isInt() ? d.path("targetPort").asInt() : null));
      }
      String component = componentByServiceId.get(serviceId);
      JsonNode variables = component == null ? null : data.get(StackDocuments.alias(component, "variables"));
      JsonNode limits = component == null ? null : data.get(StackDocuments.alias(component, "limits"));
      services.put(node.path("serviceName").asText(), new Service(
          serviceId,
          node.path("serviceName").asText(),
          text(node.path("source").path("image")),
          text(node.path("startCommand")),
          text(node.path("healthcheckPath")),
          node.path("healthcheckTimeout").isInt() ? node.path("healthcheckTimeout").asInt() : null,
          text(node.path("region")),
          text(node.path("restartPolicyType")),
          domains,
          text(node.path("latestDeployment").path("id")),
          text(node.path("latestDeployment").path("status")),
          variables == null || !variables.isObject() ? null : strings(variables),
          limits == null || !limits.path("vCPUs").isNumber() || !limits.path("memoryGB").isNumber() ? null
              : new RailwayDesired.Limits(limits.path("vCPUs").asDouble(), limits.path("memoryGB").asDouble())));
    }
    List<VolumeInstance> volumes = new ArrayList<>();
    for (JsonNode edge : environment.path("volumeInstances").path("edges")) {
      JsonNode node = edge.path("node");
      volumes.add(new VolumeInstance(node.path("volumeId").asText(), text(node.path("volume").path("name")),
          text(node.path("serviceId")), text(node.path("mountPath")), node.path("sizeMB").asInt(0),
          text(node.path("state")),
          node.path("isPendingDeletion").asBoolean(false), text(node.path("id"))));
    }
    return new ObservedRailwayStack(data.path("project").path("id").asText(), environment.path("id").asText(),
        services, volumes, volumeInstanceId == null ? null : backups(data, volumeInstanceId));
  }

  private static Backups backups(JsonNode data, String volumeInstanceId) {
    List<String> schedule = new ArrayList<>();
    Map<String, String> kindBySchedule = new LinkedHashMap<>();
    for (JsonNode node : data.path(StackDocuments.BACKUP_SCHEDULES)) {
      schedule.add(node.path("kind").asText());
      kindBySchedule.put(node.path("id").asText(), node.path("kind").asText());
    }
    List<Backup> backups = new ArrayList<>();
    for (JsonNode node : data.path(StackDocuments.BACKUPS)) {
      backups.add(new Backup(node.path("id").asText(), text(node.path("name")), node.path("createdAt").asText(),
          text(node.path("scheduleId"))));
    }
    backups.sort(Comparator.comparing((Backup b) -> instant(b.createdAt())).reversed());
    return new Backups(volumeInstanceId, schedule, kindBySchedule, backups);
  }

  /** A time as Railway writes it; one that does not parse sorts as the oldest. */
  private static Instant instant(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
