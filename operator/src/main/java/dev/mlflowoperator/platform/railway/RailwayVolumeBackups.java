package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.status.Reasons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backups of one recorded Railway deployment's data volume, by the IDs its status recorded: list them, start a
 * manual one (only on the instance of our recorded volume), and read a workflow's status.
 */
public final class RailwayVolumeBackups {
  /** One completed backup: its kind (daily, weekly, monthly, manual, beforeUpgrade) and times as Railway gives them. */
  public record Listed(String id, String name, String kind, String createdAt, String expiresAt) {}

  /** A workflow's status ({@code Running}, {@code Complete}, {@code Error}, {@code NotFound}) and error. */
  public record WorkflowState(String status, String error) {
    public boolean running() {
      return "Running".equals(status);
    }
  }

  private final GraphqlExecutor api;
  private final RailwayIds ids;

  /** {@code ids} must hold the volume instance ({@link RailwayIds#VOLUME_INSTANCE}). */
  public RailwayVolumeBackups(GraphqlExecutor api, RailwayIds ids) {
    if (ids.get(RailwayIds.VOLUME_INSTANCE) == null) {
      throw new IllegalArgumentException("no volume instance is recorded");
    }
    this.api = api;
    this.ids = ids;
  }

  /** The completed backups, newest first. */
  public List<Listed> list() {
    JsonNode data = api.execute(GraphqlOperation.named("VolumeInstanceBackupList"),
        Map.of("volumeInstanceId", ids.get(RailwayIds.VOLUME_INSTANCE)));
    var kinds = new HashMap<String, String>();
    data.path("volumeInstanceBackupScheduleList").forEach(s -> kinds.put(s.path("id").asText(),
        s.path("kind").asText().toLowerCase(Locale.ROOT)));
    var listed = new ArrayList<Listed>();
    for (JsonNode backup : data.path("volumeInstanceBackupList")) {
      String scheduleId = text(backup.path("scheduleId"));
      listed.add(new Listed(backup.path("id").asText(), text(backup.path("name")),
          scheduleId != null ? kinds.getOrDefault(scheduleId, "scheduled")
              : RailwayBackupReport.beforeUpgrade(text(backup.path("name"))) ? RailwayPlatform.BEFORE_UPGRADE : "manual",
          backup.path("createdAt").asText(), text(backup.path("expiresAt"))));
    }
    listed.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
    return listed;
  }

  /** Starts a manual backup of our volume's instance; returns the workflow's ID. Refused when it is not ours. */
  public String create(String name) {
    requireOurs();
    var variables = new HashMap<String, Object>();
    variables.put("volumeInstanceId", ids.get(RailwayIds.VOLUME_INSTANCE));
    variables.put("name", name);
    return api.execute(GraphqlOperation.named("VolumeInstanceBackupCreate"), variables)
        .path("volumeInstanceBackupCreate").path("workflowId").asText();
  }

  public WorkflowState workflow(String workflowId) {
    JsonNode result = api.execute(GraphqlOperation.named("WorkflowStatus"), Map.of("workflowId", workflowId))
        .path("workflowStatus");
    return new WorkflowState(result.path("status").asText(), text(result.path("error")));
  }

  /** The recorded instance is in the recorded environment and is the instance of the recorded volume. */
  void requireOurs() {
    requireOurs(null);
  }

  /**
   * As {@link #requireOurs()}, and, unless {@code mountedBy} is null, the instance is mounted by that service (the
   * recorded one a restore then deploys).
   */
  void requireOurs(String mountedBy) {
    String instance = ids.get(RailwayIds.VOLUME_INSTANCE);
    JsonNode edges = api.execute(GraphqlOperation.named("VolumeInstances"), Map.of(
        "projectId", ids.get(RailwayIds.PROJECT), "environmentId", ids.get(RailwayIds.ENVIRONMENT)))
        .path("environment").path("volumeInstances").path("edges");
    for (JsonNode edge : edges) {
      JsonNode node = edge.path("node");
      if (node.path("id").asText().equals(instance) && node.path("volumeId").asText().equals(ids.get(RailwayIds.VOLUME))) {
        String service = text(node.path("serviceId"));
        if (mountedBy != null && !mountedBy.equals(service)) {
          throw new TerminalException(Reasons.VOLUME_NOT_OWNED, "the recorded volume instance " + instance
              + " is mounted by service " + service + ", not by the recorded service " + mountedBy
              + "; nothing was changed. Run mlflowctl apply -f FILE to record it again.");
        }
        return;
      }
    }
    throw new TerminalException(Reasons.VOLUME_NOT_OWNED, "the recorded volume instance " + instance
        + " is not the instance of the recorded volume " + ids.get(RailwayIds.VOLUME)
        + " in the recorded environment; nothing was changed. Run mlflowctl apply -f FILE to record it again.");
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
