package dev.mlflowoperator.target.railway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small pure pieces of the Railway target: resync stretching, deployment health, shell quoting. */
class RailwayUnitsTest {
  @Test
  void theResyncIntervalStretchesOnlyWhenTheBudgetWouldRunOut() {
    assertThat(RailwayResync.interval(RailwayResync.DEFAULT, 1000, 1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(RailwayResync.interval(RailwayResync.DEFAULT, 1000, 30)).isEqualTo(Duration.ofHours(1).dividedBy(33));
    assertThat(RailwayResync.interval(RailwayResync.DEFAULT, 0, 1)).isEqualTo(Duration.ofHours(1));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "SUCCESS, Ready", "BUILDING, Progressing", "DEPLOYING, Progressing", "QUEUED, Progressing",
      "INITIALIZING, Progressing", "CRASHED, Degraded", "FAILED, Degraded", "SLEEPING, Unknown",
  })
  void aDeploymentStatusMapsToAComponentState(String status, String state) {
    assertThat(DeploymentHealth.of(status).state).isEqualTo(state);
  }

  @Test
  void aServiceWithoutADeploymentIsProgressing() {
    assertThat(DeploymentHealth.of(null).state).isEqualTo("Progressing");
  }

  @Test
  void theStartCommandQuotesOnlyWhatTheShellWouldSplitOrExpand() {
    assertThat(RailwayDesired.shellJoin(List.of("mlflow", "server", "--host", "::", "--allowed-hosts", "a,b:*", "it's")))
        .isEqualTo("mlflow server --host :: --allowed-hosts 'a,b:*' 'it'\"'\"'s'");
  }
}
