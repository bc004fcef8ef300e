package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks, on every ObserveStack answer, that what the recorded IDs point at is this deployment's: the project carries
 * our marker and holds the environment, a recorded service is in the project under our name, and a recorded volume
 * is attached to no service but ours and, when attached to none, carries our name ({@link RailwayProject#volumeName}):
 * Railway keeps no owner on a detached volume. Anything else is refused before a single write.
 */
final class RailwayOwnership {
  private static final String NOTHING_CHANGED = " Nothing was changed. If the recorded IDs were edited or copied from"
      + " another deployment, remove them (status.ids, or the deployment's file under MLFLOWCTL_HOME/deployments) so"
      + " the stack is found again by name.";

  private RailwayOwnership() {}

  /** Throws a {@link TerminalException} naming what is not ours; {@code data} is ObserveStack's answer. */
  static void require(RailwayProject project, RailwayLayout layout, RailwayIds ids, JsonNode data) {
    JsonNode railwayProject = data.path("project");
    String shown = "Railway project '" + railwayProject.path("name").asText() + "' (" + ids.get(RailwayIds.PROJECT)
        + ", recorded for this deployment)";
    String description = railwayProject.path("description").isTextual()
        ? railwayProject.path("description").asText() : null;
    if (!project.marks(description)) {
      throw new TerminalException(Reasons.PROJECT_NOT_MANAGED, shown + " is not managed by mlflow-operator for"
          + " this deployment: no line of its description is '" + project.description() + "'." + NOTHING_CHANGED);
    }
    project.sameNamedOther(description).ifPresent(other -> {
      throw RailwayOwnership.sharedByName(project, layout, other);
    });
    boolean environmentInProject = false;
    for (JsonNode edge : railwayProject.path("environments").path("edges")) {
      environmentInProject |= edge.path("node").path("id").asText().equals(ids.get(RailwayIds.ENVIRONMENT));
    }
    if (!environmentInProject) {
      throw new TerminalException(Reasons.PROJECT_NOT_MANAGED, "the recorded environment "
          + ids.get(RailwayIds.ENVIRONMENT) + " is not an environment of " + shown + "." + NOTHING_CHANGED);
    }
    Map<String, String> serviceNames = serviceNames(railwayProject, data.path("environment"));
    for (var service : layout.services()) {
      requireService(service.name(), ids.service(service.key()), serviceNames, railwayProject, shown);
    }
    String volumeId = ids.get(RailwayIds.VOLUME);
    for (JsonNode edge : data.path("environment").path("volumeInstances").path("edges")) {
      JsonNode volume = edge.path("node");
      String attachedTo = volume.path("serviceId").isTextual() ? volume.path("serviceId").asText() : null;
      if (volume.path("volumeId").asText().equals(volumeId) && attachedTo != null) {
        String serviceName = serviceNames.get(attachedTo);
        if (serviceName == null || layout.named(serviceName).isEmpty()) {
          throw new TerminalException(Reasons.VOLUME_NOT_OWNED, "the recorded volume " + volumeId + " is attached to service '"
              + (serviceName == null ? attachedTo : serviceName) + "', not to " + layout.nameOf(layout.volumeService())
              + " of this deployment, in " + shown + "." + NOTHING_CHANGED);
        }
      }
      if (volume.path("volumeId").asText().equals(volumeId) && attachedTo == null && usable(volume)
          && !project.volumeName(volumeId).equals(volume.path("volume").path("name").asText())) {
        throw new TerminalException(Reasons.VOLUME_NOT_OWNED, "the recorded volume " + volumeId + " ('"
            + volume.path("volume").path("name").asText() + "') is attached to no service and is not named '"
            + project.volumeName(volumeId) + "', the name that marks this deployment's volume, in " + shown + "."
            + " Nothing was changed. If it really is this deployment's volume from before volumes were marked, rename"
            + " it in Railway to '" + project.volumeName(volumeId) + "'; otherwise remove the recorded ID (status.ids,"
            + " or the deployment's file under MLFLOWCTL_HOME/deployments or MLFLOWCTL_HOME/retained).");
      }
    }
  }

  /**
   * The refusal of a project that also marks another deployment of our name: its services (named as ours) and their
   * volume would be both deployments', and deleting either would delete them.
   */
  static TerminalException sharedByName(RailwayProject project, RailwayLayout layout, String other) {
    String services = layout.services().stream().map(RailwayLayout.Slot::name).collect(Collectors.joining(", "));
    return new TerminalException(Reasons.PROJECT_NOT_MANAGED, "Railway project '" + project.name()
        + "' is also marked for deployment " + other + ", whose services would be this deployment's ("
        + services + ", and the volume of " + layout.nameOf(layout.volumeService())
        + "), so nothing is changed or deleted; give one"
        + " of the two deployments another name or another spec.railway.project, and remove its line from the"
        + " project's description.");
  }

  private static void requireService(String ourName, String serviceId, Map<String, String> serviceNames,
      JsonNode railwayProject, String shown) {
    if (serviceId == null) {
      return;
    }
    String name = serviceNames.get(serviceId);
    boolean allListed = !railwayProject.path("services").path("pageInfo").path("hasNextPage").asBoolean(false);
    if ((name == null && allListed) || (name != null && !name.equals(ourName))) {
      throw new TerminalException(Reasons.SERVICE_NOT_OWNED, "the recorded service " + serviceId + " for " + ourName + " is "
          + (name == null ? "not a service of " + shown : "service '" + name + "' of " + shown) + "."
          + NOTHING_CHANGED);
    }
  }

  /** False for a volume being deleted: it is no one's to attach, and its ID recorded is replaced, not refused. */
  private static boolean usable(JsonNode volume) {
    String state = volume.path("state").asText("");
    return !volume.path("isPendingDeletion").asBoolean(false) && !"DELETING".equals(state) && !"DELETED".equals(state);
  }

  /** Names by service ID: the project's services (deleted ones aside) and the environment's service instances. */
  private static Map<String, String> serviceNames(JsonNode railwayProject, JsonNode environment) {
    var names = new HashMap<String, String>();
    for (JsonNode edge : railwayProject.path("services").path("edges")) {
      JsonNode node = edge.path("node");
      if (node.path("deletedAt").isNull() || node.path("deletedAt").isMissingNode()) {
        names.put(node.path("id").asText(), node.path("name").asText());
      }
    }
    for (JsonNode edge : environment.path("serviceInstances").path("edges")) {
      JsonNode node = edge.path("node");
      names.putIfAbsent(node.path("serviceId").asText(), node.path("serviceName").asText());
    }
    return names;
  }
}
