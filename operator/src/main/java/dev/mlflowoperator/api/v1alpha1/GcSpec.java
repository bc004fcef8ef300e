package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** MLflow's housekeeping: permanently deleting runs that were deleted long enough ago (mlflow gc). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GcSpec {
  @Required
  @JsonPropertyDescription("How often mlflow gc runs: daily, weekly or monthly.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  public BackupKind schedule;

  @Required
  @Pattern(Patterns.GC_AGE)
  @JsonPropertyDescription("Only runs deleted longer ago than this are removed, in mlflow gc's format: days, hours,"
      + " minutes and seconds, for example 30d or 1d12h.")
  public String olderThan;
}
