package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.platform.railway.RailwayIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New deployments on a token that already has 150 projects look for theirs by name: the first lists every page of the
 * token's projects, each next one reads only the page of what changed since, and a project found gone is looked for
 * in a new listing.
 */
class RunProjectLookupTest {
  private static final int DEPLOYMENTS = 6;
  private static final int OTHER_PROJECTS = 150;

  @TempDir
  Path dir;
  private RunHarness run;

  @BeforeEach
  void aTokenWithManyProjects() {
    run = new RunHarness(dir, false);
    for (int i = 0; i < OTHER_PROJECTS; i++) {
      run.outOfBand("mutation($n: String) { projectCreate(input: {name: $n}) { id } }", Map.of("n", "other-" + i));
      run.clock.advance(Duration.ofSeconds(1));
    }
    IntStream.range(0, DEPLOYMENTS).forEach(i -> run.writeSpec(name(i), "project-" + i, 2));
  }

  @AfterEach
  void close() {
    run.close();
  }

  @Test
  void eachNewDeploymentAfterTheFirstReadsOnePageOfProjects() {
    var before = run.sandbox.stats().snapshot();

    run.controller.runOnce();

    var sent = run.sandbox.stats().snapshot();
    assertThat(sent.get("ProjectCreate") - before.getOrDefault("ProjectCreate", 0L)).isEqualTo(DEPLOYMENTS);
    assertThat(sent.get("FindProjects") - before.getOrDefault("FindProjects", 0L))
        .as("two pages for the first, one for each next").isEqualTo(2L + DEPLOYMENTS - 1);
  }

  @Test
  void aProjectDeletedSinceItWasListedIsLookedForAgainAndMadeAnew() {
    run.converge();
    String deleted = run.recorded(name(4)).getStatus().ids.get(RailwayIds.PROJECT);
    run.sandbox.deleteProject(deleted);

    run.converge();

    assertThat(run.recorded(name(4)).getStatus().ids).doesNotContainEntry(RailwayIds.PROJECT, deleted)
        .containsKey(RailwayIds.PROJECT);
    assertThat(run.isReady(name(4))).as("the deployment whose project was deleted").isTrue();
    assertThat(run.sandbox.state().projects).filteredOn(p -> p.name.equals("project-4")).hasSize(1);
  }

  private static String name(int i) {
    return "team-%02d".formatted(i);
  }
}
