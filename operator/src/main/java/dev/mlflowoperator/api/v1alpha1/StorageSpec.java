package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The volume holding MLflow's data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  @Default("5Gi")
  @Pattern(Patterns.SIZE)
  @JsonPropertyDescription("Volume size, for example 5Gi; it may grow, never shrink.")
  public String size = "5Gi";

  @Default("/mlflow")
  @Pattern(Patterns.MOUNT_PATH)
  @JsonPropertyDescription("Absolute path where the volume is mounted in the MLflow container (not /).")
  public String mountPath = "/mlflow";
}
