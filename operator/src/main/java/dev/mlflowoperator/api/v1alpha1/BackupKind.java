package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How often a backup or a housekeeping job runs: Railway's fixed backup kinds, used on every platform. */
public enum BackupKind {
  @JsonProperty("daily")
  DAILY,
  @JsonProperty("weekly")
  WEEKLY,
  @JsonProperty("monthly")
  MONTHLY
}
