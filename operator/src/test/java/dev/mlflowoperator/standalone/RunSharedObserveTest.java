package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.platform.railway.RailwayIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlflowctl run} over 45 deployments on one token reads them all in ceil(45/20) = 3 shared ObserveStacks
 * requests per steady pass, still repairs drift in that pass, and one deployment whose project was deleted does not
 * break the shared read of the others.
 */
class RunSharedObserveTest {
  private static final int DEPLOYMENTS = 45;

  @TempDir
  Path dir;
  private RunHarness run;

  @BeforeEach
  void converge() {
    run = new RunHarness(dir, false);
    IntStream.range(0, DEPLOYMENTS).forEach(i -> run.writeSpec(name(i), "project-" + i, 2));
    run.converge();
    run.clock.advance(Duration.ofSeconds(30));
    run.controller.runOnce();
    assertThat(IntStream.range(0, DEPLOYMENTS).filter(i -> !run.isReady(name(i))).boxed().toList()).isEmpty();
  }

  @AfterEach
  void close() {
    run.close();
  }

  @Test
  void aSteadyPassOfFortyFiveDeploymentsSendsThreeObserveRequestsAndNoMutation() {
    var before = run.sandbox.stats().snapshot();

    run.controller.runOnce();

    assertThat(sentSince(before)).containsExactly(Map.entry("ObserveStacks", 3L));
  }

  @Test
  void theIntervalCountsObserveRequestsPerPassNotDeploymentsAndSaysWhenTheBudgetStretchesIt() {
    run.controller.runOnce();
    assertThat(run.controller.nextDelay()).as("990 requests left, 3 per pass").isEqualTo(Duration.ofSeconds(60));
    assertThat(run.controller.problems()).isEmpty();

    run.budgetLeft.set(60);
    run.controller.runOnce();

    assertThat(run.controller.nextDelay()).as("60 requests left, 3 per pass").isEqualTo(Duration.ofMinutes(3));
    assertThat(run.controller.problems()).singleElement().asString().startsWith("the interval is stretched from 60 s"
        + " to 180 s: 3 observe requests per pass (45 deployments, 20 per request) would use up this token's hourly"
        + " request budget sooner");
  }

  @Test
  void driftOnOneDeploymentIsRepairedInThePassThatReadItFromTheSharedObservation() {
    var ids = run.recorded(name(7)).getStatus().ids;
    String mlflow = ids.get(RailwayIds.serviceKey("mlflow"));
    run.outOfBand("mutation($s: String!, $e: String!) { serviceInstanceUpdate(serviceId: $s, environmentId: $e,"
        + " input: {startCommand: \"sleep infinity\"}) }", Map.of("s", mlflow, "e", ids.get(RailwayIds.ENVIRONMENT)));
    var before = run.sandbox.stats().snapshot();

    run.controller.runOnce();

    assertThat(startCommand(mlflow)).isNotEqualTo("sleep infinity");
    var sent = sentSince(before);
    assertThat(sent).containsEntry("ObserveStacks", 3L).containsEntry("ConfigureStack", 1L).doesNotContainKey("ObserveStack");
  }

  @Test
  void aDeploymentWhoseProjectWasDeletedDoesNotBreakTheSharedReadOfTheOthers() {
    String deletedProject = run.recorded(name(3)).getStatus().ids.get(RailwayIds.PROJECT);
    run.sandbox.deleteProject(deletedProject);
    var before = run.sandbox.stats().snapshot();

    run.controller.runOnce();

    var sent = sentSince(before);
    // The batch that held it is sent once more without it; the others of the 45 need no request of their own.
    assertThat(sent).containsEntry("ObserveStacks", 4L);
    assertThat(sent.getOrDefault("ObserveStack", 0L)).isLessThanOrEqualTo(2L);
    assertThat(sent).containsEntry("ProjectCreate", 1L);
    assertThat(run.recorded(name(3)).getStatus().ids.get(RailwayIds.PROJECT)).isNotEqualTo(deletedProject);
    assertThat(IntStream.range(0, DEPLOYMENTS).filter(i -> i != 3).filter(i -> !run.isReady(name(i))).boxed().toList())
        .isEmpty();
  }

  private Map<String, Long> sentSince(Map<String, Long> before) {
    var sent = new HashMap<String, Long>();
    run.sandbox.stats().snapshot().forEach((operation, count) -> {
      long delta = count - before.getOrDefault(operation, 0L);
      if (delta > 0) {
        sent.put(operation, delta);
      }
    });
    return sent;
  }

  private String startCommand(String serviceId) {
    return run.sandbox.state().serviceInstances.stream().filter(i -> i.serviceId.equals(serviceId)).findFirst()
        .orElseThrow().startCommand;
  }

  private static String name(int i) {
    return "team-%02d".formatted(i);
  }
}
