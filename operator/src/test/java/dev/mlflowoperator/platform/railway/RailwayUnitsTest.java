package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small pure pieces of the Railway target: resync stretching, deployment health, shell quoting, units. */
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

  @ParameterizedTest(name = "cpu {0} -> {1} vCPUs")
  @CsvSource({"500m, 0.5", "1, 1.0", "2.5, 2.5", "1500m, 1.5", "0.1, 0.1"})
  void aCpuQuantityIsRailwaysVCpus(String cpu, double vCPUs) {
    assertThat(RailwayQuantities.vCPUs(cpu)).isEqualTo(vCPUs);
  }

  @ParameterizedTest(name = "memory {0} -> {1} GB")
  @CsvSource({"2Gi, 2.148", "1Gi, 1.074", "512M, 0.512", "2G, 2.0", "512Mi, 0.537", "8Gi, 8.59"})
  void aMemoryQuantityIsRailwaysDecimalGigabytesRoundedUp(String memory, double memoryGB) {
    assertThat(RailwayQuantities.memoryGB(memory)).isEqualTo(memoryGB);
  }

  @ParameterizedTest(name = "size {0} -> {1} MB")
  @CsvSource({"5Gi, 5369", "5G, 5000", "500Mi, 525", "10Gi, 10738", "1Ti, 1099512"})
  void aStorageSizeIsRailwaysDecimalMegabytesRoundedUp(String size, int sizeMB) {
    assertThat(RailwayQuantities.sizeMB(size)).isEqualTo(sizeMB);
  }
}
