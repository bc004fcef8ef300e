package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Backups of the data volume: on a schedule, and before MLflow's version changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
  @JsonPropertyDescription("When to back the data volume up: any of daily (kept 6 days), weekly (kept a month) and"
      + " monthly (kept three months); none by default.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  public List<BackupKind> schedule = new ArrayList<>();

  @Default("true")
  @JsonPropertyDescription("Take a backup, and wait until it has completed, before rolling out another MLflow version.")
  public Boolean beforeUpgrade = true;
}
