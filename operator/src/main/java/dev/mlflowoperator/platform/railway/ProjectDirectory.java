package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One token's projects, for the deployments that look for theirs by name: listed whole once (every FindProjects page,
 * the most recently changed first), then on each lookup only the pages changed since (down to the first project
 * changed before the newest one already seen), so a lookup costs one request at any number of projects instead of
 * one per hundred. A project found gone drops what is held ({@link #forget}): the next lookup lists everything again.
 */
public final class ProjectDirectory {
  private final Map<String, JsonNode> byId = new LinkedHashMap<>();
  private Instant newest;

  /** Every project of the token as Railway holds it now (FindProjects nodes). */
  public synchronized List<JsonNode> projects(GraphqlExecutor api) {
    Instant seen = newest;
    String after = null;
    do {
      var variables = new HashMap<String, Object>();
      variables.put("workspaceId", null);
      variables.put("after", after);
      JsonNode page = api.execute(GraphqlOperation.named("FindProjects"), variables).path("projects");
      boolean older = false;
      for (JsonNode edge : page.path("edges")) {
        JsonNode node = edge.path("node");
        byId.put(node.path("id").asText(), node);
        var updated = updatedAt(node);
        updated.filter(at -> newest == null || at.isAfter(newest)).ifPresent(at -> newest = at);
        older |= seen != null && updated.filter(at -> at.isBefore(seen)).isPresent();
      }
      JsonNode info = page.path("pageInfo");
      after = !older && info.path("hasNextPage").asBoolean(false) ? info.path("endCursor").asText(null) : null;
    } while (after != null);
    return List.copyOf(byId.values());
  }

  /** What is held is stale (a project in it is gone): the next lookup lists every project again. */
  public synchronized void forget() {
    byId.clear();
    newest = null;
  }

  private static Optional<Instant> updatedAt(JsonNode node) {
    try {
      return Optional.ofNullable(node.path("updatedAt").asText(null)).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
