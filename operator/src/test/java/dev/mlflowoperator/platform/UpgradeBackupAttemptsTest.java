package dev.mlflowoperator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpgradeBackupAttemptsTest {
  @Test
  void theDelayIsAMinuteThenDoublesWithEachFailureUpToAnHour() {
    assertThat(UpgradeBackupAttempts.delay(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(UpgradeBackupAttempts.delay(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(UpgradeBackupAttempts.delay(6)).isEqualTo(Duration.ofMinutes(32));
    assertThat(UpgradeBackupAttempts.delay(7)).isEqualTo(Duration.ofHours(1));
    assertThat(UpgradeBackupAttempts.delay(1000)).isEqualTo(Duration.ofHours(1));
  }
}
