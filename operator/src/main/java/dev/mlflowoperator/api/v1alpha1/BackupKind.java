package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** How often a backup or a housekeeping job runs: Railway's fixed backup kinds, used on every platform. */
public enum BackupKind {
  @JsonProperty("daily")
  DAILY,
  @JsonProperty("weekly")
  WEEKLY,
  @JsonProperty("monthly")
  MONTHLY;

  /** How often a backup of this kind is taken. */
  public Duration period() {
    return switch (this) {
      case DAILY -> Duration.ofDays(1);
      case WEEKLY -> Duration.ofDays(7);
      case MONTHLY -> Duration.ofDays(30);
    };
  }
}
