package dev.mlflowoperator.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.railway.RailwayException.Kind;
import java.time.Duration;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** The per-token budget keeps under the tier's limits and follows Railway's rate-limit headers. */
class RequestBudgetTest {
  private final FakeTime time = new FakeTime();

  private RequestBudget budget(RailwayTier tier, Duration longestWait) {
    return new RequestBudget(tier, time, time, longestWait);
  }

  @Test
  void remainingZeroHoldsTheNextRequestUntilTheEpochReset() throws InterruptedException {
    RequestBudget budget = budget(RailwayTier.HOBBY, Duration.ofMinutes(1));
    budget.observe(Headers.of("X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(FakeTime.START_EPOCH_SECONDS + 30)));

    budget.acquire("ObserveStack");

    assertThat(time.parked()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(time.epochSeconds()).isGreaterThanOrEqualTo(FakeTime.START_EPOCH_SECONDS + 30);
  }

  @Test
  void resetGivenAsSecondsFromNowIsHonouredToo() throws InterruptedException {
    RequestBudget budget = budget(RailwayTier.HOBBY, Duration.ofMinutes(1));
    budget.observe(Headers.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "12"));

    budget.acquire("ObserveStack");

    assertThat(time.parked()).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void railwaysRemainingCountReplacesAHigherCountOfOurOwn() {
    RequestBudget budget = budget(RailwayTier.HOBBY, Duration.ofMinutes(1));
    assertThat(budget.availableThisHour()).isEqualTo(1_000);

    budget.observe(Headers.of("X-RateLimit-Remaining", "5"));

    assertThat(budget.availableThisHour()).isEqualTo(5);
  }

  @Test
  void theEleventhRequestInOneSecondWaitsOnHobby() throws InterruptedException {
    RequestBudget budget = budget(RailwayTier.HOBBY, Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) {
      budget.acquire("ObserveStack");
    }
    assertThat(time.parked()).isZero();

    budget.acquire("ObserveStack");

    assertThat(time.parked()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void anHourlyBudgetThatWouldTakeTooLongFailsAtOnceWithTheWait() throws InterruptedException {
    RequestBudget budget = budget(RailwayTier.FREE, Duration.ofSeconds(5));
    budget.observe(Headers.of("X-RateLimit-Remaining", "1"));
    budget.acquire("ObserveStack");

    assertThatThrownBy(() -> budget.acquire("ServiceCreate"))
        .isInstanceOfSatisfying(RailwayException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).hasValueSatisfying(
              wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(5)));
          assertThat(e.getMessage()).contains("ServiceCreate can go in about");
        });
  }

  @Test
  void aPauseLongerThanTheLongestWaitFailsWithoutWaiting() {
    RequestBudget budget = budget(RailwayTier.PRO, Duration.ofSeconds(10));
    budget.pauseFor(Duration.ofMinutes(5));

    assertThatThrownBy(() -> budget.acquire("ObserveStack"))
        .isInstanceOfSatisfying(RailwayException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    assertThat(time.parked()).isZero();
  }

  @Test
  void tierNamesAreReadInAnyCaseAndAWrongOneListsTheChoices() {
    assertThat(RailwayTier.parse(" Pro ")).isEqualTo(RailwayTier.PRO);
    assertThatThrownBy(() -> RailwayTier.parse("enterprise"))
        .hasMessage("Unknown Railway plan 'enterprise': use free, hobby or pro");
  }
}
