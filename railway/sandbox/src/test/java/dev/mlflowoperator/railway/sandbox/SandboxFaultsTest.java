package dev.mlflowoperator.railway.sandbox;

import static dev.mlflowoperator.railway.sandbox.SandboxClients.failure;
import static dev.mlflowoperator.railway.sandbox.SandboxClients.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayException;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Injected faults as the real client sees them, their determinism, and injected latency. */
class SandboxFaultsTest {
  /** Shorter than a held answer, long enough for any answer that is not held. */
  private static final Duration IMPATIENT_READ_TIMEOUT = Duration.ofSeconds(1);

  private RailwaySandbox sandbox;
  private RailwayClient client;

  @BeforeEach
  void start() {
    sandbox = RailwaySandbox.builder().build().start();
    client = SandboxClients.bearer(sandbox);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private static RailwayException findProjectsFailure(RailwayClient client) {
    return failure(client, "FindProjects", "workspaceId", null, "after", null);
  }

  private static RailwayException projectCreateFailure(RailwayClient client) {
    return failure(client, "ProjectCreate", "name", "p", "description", "d", "workspaceId", null);
  }

  @ParameterizedTest(name = "{0}: a query fails as {1}, a mutation as {2}")
  @CsvSource({
      "SERVER_ERROR, UNAVAILABLE, OUTCOME_UNKNOWN",
      "RATE_LIMITED, RATE_LIMITED, RATE_LIMITED",
      "EDGE_RATE_LIMITED, RATE_LIMITED, RATE_LIMITED",
      "TIMEOUT, UNAVAILABLE, OUTCOME_UNKNOWN",
      "GRAPHQL_ERROR, UNAVAILABLE, OUTCOME_UNKNOWN",
  })
  void aFaultAtRateOneFailsEveryRequestAsTheClientExpectsAndChangesNothing(
      FaultKind fault, Kind queryKind, Kind mutationKind) {
    sandbox.faults(FaultInjector.builder(1).fault(fault, 1.0).hold(Duration.ofSeconds(5)).build());
    RailwayClient impatient = SandboxClients.client(
        sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token(), IMPATIENT_READ_TIMEOUT);

    assertThat(findProjectsFailure(impatient).kind()).isEqualTo(queryKind);
    assertThat(projectCreateFailure(impatient).kind()).isEqualTo(mutationKind);
    assertThat(sandbox.state().projects).isEmpty();
  }

  @Test
  void rateLimitingSendsRetryAfterInSeconds() {
    sandbox.faults(FaultInjector.builder(1).fault(FaultKind.RATE_LIMITED, 1.0)
        .retryAfter(Duration.ofSeconds(7)).build());

    assertThat(findProjectsFailure(client).retryAfter()).hasValue(Duration.ofSeconds(7));
  }

  @Test
  void appliedButReportedAsFailedLeavesTheChangeApplied() {
    sandbox.faults(FaultInjector.builder(1)
        .fault(FaultKind.APPLIED_BUT_REPORTED_AS_FAILED, 1.0, "ProjectCreate").build());

    RailwayException error = projectCreateFailure(client);

    assertThat(error.kind()).as("the target must observe again before repeating it").isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(error.getMessage()).contains("Problem processing request");
    assertThat(run(client, "FindProjects", "workspaceId", null, "after", null)
        .path("projects").path("edges").findValuesAsText("description")).containsExactly("d");
  }

  @Test
  void theSameSeedGivesTheSameFaultSequence() {
    List<Optional<FaultKind>> first = draws(FaultInjector.builder(42)
        .fault(FaultKind.SERVER_ERROR, 0.3).fault(FaultKind.GRAPHQL_ERROR, 0.2).build());
    List<Optional<FaultKind>> again = draws(FaultInjector.builder(42)
        .fault(FaultKind.SERVER_ERROR, 0.3).fault(FaultKind.GRAPHQL_ERROR, 0.2).build());
    List<Optional<FaultKind>> otherSeed = draws(FaultInjector.builder(43)
        .fault(FaultKind.SERVER_ERROR, 0.3).fault(FaultKind.GRAPHQL_ERROR, 0.2).build());

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(first).contains(Optional.empty(), Optional.of(FaultKind.SERVER_ERROR),
        Optional.of(FaultKind.GRAPHQL_ERROR));
  }

  @Test
  void theSameSeedGivesTheSameOutcomesOverHttp() {
    List<String> first = outcomesOverHttp(11);
    List<String> again = outcomesOverHttp(11);

    assertThat(again).isEqualTo(first);
    assertThat(first).contains("ok", "UNAVAILABLE");
  }

  @Test
  void aRuleForOneOperationLeavesTheOthersAlone() {
    sandbox.faults(FaultInjector.builder(1).fault(FaultKind.SERVER_ERROR, 1.0, "VolumeCreate").build());

    assertThat(run(client, "FindProjects", "workspaceId", null, "after", null).path("projects").isObject()).isTrue();
  }

  @Test
  void injectedLatencyDelaysEveryAnswer() {
    sandbox.latency(Duration.ofMillis(200));

    long started = System.nanoTime();
    run(client, "FindProjects", "workspaceId", null, "after", null);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  private static List<Optional<FaultKind>> draws(FaultInjector faults) {
    return IntStream.range(0, 50).mapToObj(i -> faults.next("ObserveStack")).toList();
  }

  private List<String> outcomesOverHttp(long seed) {
    sandbox.faults(FaultInjector.builder(seed).fault(FaultKind.GRAPHQL_ERROR, 0.5).build());
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      try {
        run(client, "FindProjects", "workspaceId", null, "after", null);
        outcomes.add("ok");
      } catch (RailwayException e) {
        outcomes.add(e.kind().name());
      }
    }
    return outcomes;
  }
}
