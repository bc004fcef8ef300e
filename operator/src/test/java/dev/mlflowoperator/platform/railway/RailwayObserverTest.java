package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.DirectGraphql;
import dev.mlflowoperator.railway.GraphqlAnswer;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared observer hands each deployment its part of one batched answer once, and never a stale one. */
class RailwayObserverTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T12:00:00Z"));
  private final ScriptedRailway railway = new ScriptedRailway();

  @Test
  void oneRequestReadsManyDeploymentsAndEachPartIsUsedOnce() {
    var observer = new RailwayObserver(railway, 20, clock, Optional.empty());
    observer.readAhead(Map.of("ns/a", request("p-a"), "ns/b", request("p-b")));

    assertThat(railway.sent).containsExactly("ObserveStacks");
    assertThat(observer.take("ns/a", request("p-a"))).map(part -> part.path("project").path("id").asText())
        .contains("p-a");
    assertThat(observer.take("ns/a", request("p-a"))).as("used once").isEmpty();
    assertThat(railway.sent).hasSize(1);
  }

  @Test
  void aPartReadWithOtherIdsOrBeforeAWriteIsNotUsed() {
    var observer = new RailwayObserver(railway, 20, clock, Optional.empty());
    observer.readAhead(Map.of("ns/a", request("p-a"), "ns/b", request("p-b")));

    observer.wrote("ns/b");

    assertThat(observer.take("ns/a", request("p-other"))).isEmpty();
    assertThat(observer.take("ns/b", request("p-b"))).isEmpty();
  }

  @Test
  void aDeploymentWhoseFieldsFailedIsLeftOutAndTheOthersAreReadAgainWithoutIt() {
    var observer = new RailwayObserver(railway, 20, clock, Optional.empty());
    observer.readAhead(Map.of("ns/a", request("p-a"), "ns/gone", request("gone"), "ns/c", request("p-c")));

    assertThat(railway.sent).containsExactly("ObserveStacks", "ObserveStacks");
    assertThat(observer.take("ns/gone", request("gone"))).isEmpty();
    assertThat(observer.take("ns/a", request("p-a"))).isPresent();
    assertThat(observer.take("ns/c", request("p-c"))).isPresent();
  }

  @Test
  void withAMaxAgeAMissReadsTheDeploymentsThatAreDueInOneRequest() {
    var observer = new RailwayObserver(railway, 20, clock, Optional.of(Duration.ofSeconds(60)));
    List.of("a", "b", "c").forEach(name -> observer.take("ns/" + name, request("p-" + name)));
    assertThat(railway.sent).as("each read on its own first").isEmpty();
    clock.advance(Duration.ofSeconds(61));

    assertThat(observer.take("ns/a", request("p-a"))).isPresent();
    assertThat(observer.take("ns/b", request("p-b"))).isPresent();
    clock.advance(Duration.ofSeconds(61));
    assertThat(observer.take("ns/c", request("p-c"))).as("older than the max age: read again").isPresent();

    assertThat(railway.sent).containsExactly("ObserveStacks", "ObserveStacks");
  }

  private static RailwayObserver.ObserveRequest request(String project) {
    return new RailwayObserver.ObserveRequest(project, "e-" + project, null, Map.of("mlflow", "s-" + project), Set.of());
  }

  /** Answers ObserveStacks with each deployment's project ID; a project named "gone" fails as Railway's does. */
  private static final class ScriptedRailway implements GraphqlExecutor {
    final List<String> sent = new ArrayList<>();
    private final DirectGraphql railway = new DirectGraphql(this::answer);

    @Override
    public JsonNode execute(GraphqlOperation op, Map<String, Object> variables) {
      throw new AssertionError("the observer sends only batched queries");
    }

    @Override
    public GraphqlAnswer query(GraphqlOperation op, Map<String, Object> variables) {
      sent.add(op.name());
      return railway.query(op, variables);
    }

    /** Railway's JSON body: a failed non-null project nulls all the data. */
    private Map<String, Object> answer(GraphqlOperation op, Map<String, Object> variables) {
      var data = new LinkedHashMap<String, Object>();
      var errors = new ArrayList<Map<String, Object>>();
      variables.forEach((name, value) -> {
        if (name.endsWith("_projectId")) {
          String prefix = name.substring(0, name.length() - "projectId".length());
          if ("gone".equals(value)) {
            errors.add(Map.of("message", "Project not found", "path", List.of(prefix + "project")));
          }
          data.put(prefix + "project", Map.of("id", value));
        }
      });
      var body = new HashMap<String, Object>();
      body.put("data", errors.isEmpty() ? data : null);
      if (!errors.isEmpty()) {
        body.put("errors", errors);
      }
      return body;
    }
  }
}
