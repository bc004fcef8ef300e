package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Scheduled jobs' time of day: per deployment, stable, and spread over 02:00-05:59 UTC. */
class JobTimeTest {
  @Test
  void twoDeploymentsGetDifferentTimesThatStayTheSame() {
    assertThat(JobTime.of("ml", "tracking")).isEqualTo(LocalTime.of(2, 9));
    assertThat(JobTime.of("ml", "experiments")).isEqualTo(LocalTime.of(3, 50));
    assertThat(JobTime.of("ml", "tracking")).as("the same on every call; the pins above are SHA-256 of ml/NAME, computed apart in Python")
        .isEqualTo(JobTime.of("ml", "tracking"));
  }

  @Test
  void theSameNameInAnotherNamespaceIsAnotherDeploymentWithItsOwnTime() {
    assertThat(JobTime.of("team-a", "mlflow")).isNotEqualTo(JobTime.of("team-b", "mlflow"));
    assertThat(JobTime.of(null, "mlflow")).isEqualTo(JobTime.of("", "mlflow"));
  }

  @Test
  void aThousandDeploymentsSpreadOverTheFourHoursNotOneMinute() {
    Map<LocalTime, Long> perMinute = IntStream.range(0, 1000).mapToObj(i -> JobTime.of("team-" + i, "mlflow"))
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));

    assertThat(perMinute.keySet()).allSatisfy(time -> assertThat(time)
        .isAfterOrEqualTo(LocalTime.of(2, 0)).isBeforeOrEqualTo(LocalTime.of(5, 59)));
    assertThat(perMinute).as("minutes used of 240").hasSizeGreaterThan(200);
    assertThat(perMinute.values()).as("deployments in the busiest minute").allSatisfy(n -> assertThat(n).isLessThan(15));
  }
}
