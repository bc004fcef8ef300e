package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** MLFLOWCTL_TIME_SCALE: read strictly, and it makes retry delays, Retry-After and the hourly budget pass faster. */
class PaceTest {
  @Test
  void unsetIsRealTimeAndAWholeNumberIsTheFactor() {
    assertThat(Pace.fromEnvironment(Map.of())).isEqualTo(Pace.REAL);
    assertThat(Pace.fromEnvironment(Map.of(Pace.ENV, " 1440 ")).factor()).isEqualTo(1440);
    assertThat(new Pace(1440).shorten(Duration.ofMinutes(1))).isEqualTo(Duration.ofNanos(41_666_666));
  }

  @Test
  void anythingElseIsAnErrorNamingTheVariableAndTheValidRange() {
    for (String bad : new String[] {"fast", "0", "-3", "1.5", "100001"}) {
      assertThatThrownBy(() -> Pace.fromEnvironment(Map.of(Pace.ENV, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("MLFLOWCTL_TIME_SCALE is \"" + bad + "\"; set it to a whole number from 1 to 100000 (how many"
              + " times faster waits pass), or unset it for real time");
    }
  }

  @Test
  void aPacedClientWaitsOutAMinuteOfRetryAfterInMilliseconds() throws IOException {
    try (var server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "60"));
      server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"data\":{\"ok\":1}}"));
      var client = RailwayClient.builder(endpoint(server)).pace(new Pace(1000)).build();

      var data = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> client.execute(GraphqlOperation.named("FindProjects"), Map.of()));

      assertThat(data.path("ok").asInt()).isEqualTo(1);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void aPacedBudgetRefillsItsHourFactorTimesFaster() {
    // Free: 100 requests an hour. At 36000 times real time the hour lasts 0.1 s, so 300 requests go through.
    var budget = RequestBudget.forTier(RailwayTier.FREE, Duration.ofSeconds(60), new Pace(36_000));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 300; i++) {
        budget.acquire("ObserveStack");
      }
    });
  }

  private static RailwayEndpoint endpoint(MockWebServer server) {
    return RailwayEndpoint.fromEnvironment(Map.of(RailwayEndpoint.ENV_TOKEN, "t",
        RailwayEndpoint.ENV_API_URL, server.url("/graphql/v2").toString())).orElseThrow();
  }
}
