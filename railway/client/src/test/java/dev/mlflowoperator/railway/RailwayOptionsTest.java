package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** RAILWAY_PLAN, RAILWAY_TIMEOUT_SECONDS and RAILWAY_OBSERVE_BATCH_SIZE: defaults, strict reading, and the timeout a client really applies. */
class RailwayOptionsTest {
  @Test
  void unsetVariablesGiveTheHobbyPlanAndThirtySeconds() {
    assertThat(RailwayOptions.fromEnvironment(Map.of()))
        .isEqualTo(new RailwayOptions(RailwayTier.HOBBY, Duration.ofSeconds(30)));
  }

  @Test
  void readsThePlanInAnyCaseAndTheTimeoutInSeconds() {
    assertThat(RailwayOptions.fromEnvironment(Map.of("RAILWAY_PLAN", "Pro", "RAILWAY_TIMEOUT_SECONDS", " 5 ")))
        .isEqualTo(new RailwayOptions(RailwayTier.PRO, Duration.ofSeconds(5)));
  }

  @Test
  void anUnknownPlanNamesTheVariableAndTheChoices() {
    assertThatThrownBy(() -> RailwayOptions.fromEnvironment(Map.of("RAILWAY_PLAN", "enterprise")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RAILWAY_PLAN is \"enterprise\"; set it to free, hobby or pro");
  }

  @Test
  void aTimeoutThatIsNotWholeSecondsInRangeNamesTheVariableAndTheRange() {
    for (String bad : new String[] {"30s", "0", "601", "soon"}) {
      assertThatThrownBy(() -> RailwayOptions.fromEnvironment(Map.of("RAILWAY_TIMEOUT_SECONDS", bad)))
          .hasMessage("RAILWAY_TIMEOUT_SECONDS is \"" + bad + "\"; set it to a whole number of seconds from 1 to 600,"
              + " or unset it for 30");
    }
  }

  @Test
  void theObserveBatchSizeDefaultsToTwentyAndReadsWholeNumbersFromOneToAHundred() {
    assertThat(RailwayOptions.fromEnvironment(Map.of()).observeBatchSize()).isEqualTo(20);
    assertThat(RailwayOptions.fromEnvironment(Map.of("RAILWAY_OBSERVE_BATCH_SIZE", " 50 ")).observeBatchSize())
        .isEqualTo(50);
    for (String bad : new String[] {"0", "101", "many"}) {
      assertThatThrownBy(() -> RailwayOptions.fromEnvironment(Map.of("RAILWAY_OBSERVE_BATCH_SIZE", bad)))
          .hasMessage("RAILWAY_OBSERVE_BATCH_SIZE is \"" + bad + "\"; set it to a whole number of deployments from 1"
              + " to 100, or unset it for 20");
    }
  }

  @Test
  void aMutationWhoseAnswerOutlastsTheTimeoutIsOutcomeUnknownAfterThatTimeout() throws IOException {
    try (var server = new MockWebServer()) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      var endpoint = RailwayEndpoint.fromEnvironment(Map.of(RailwayEndpoint.ENV_TOKEN, "t",
          RailwayEndpoint.ENV_API_URL, server.url("/graphql/v2").toString())).orElseThrow();
      var client = RailwayClient.builder(endpoint)
          .options(RailwayOptions.fromEnvironment(Map.of("RAILWAY_TIMEOUT_SECONDS", "1"))).build();

      var failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(
          RailwayException.class, () -> client.execute(GraphqlOperation.named("ServiceCreate"), Map.of())));

      assertThat(failure.kind()).isEqualTo(RailwayException.Kind.OUTCOME_UNKNOWN);
      assertThat(server.getRequestCount()).as("a mutation is never resent blindly").isEqualTo(1);
    }
  }
}
