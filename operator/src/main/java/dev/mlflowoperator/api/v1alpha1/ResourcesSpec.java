package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** CPU and memory for a container, as Kubernetes quantities. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourcesSpec {
  @Default("1")
  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("CPU, for example 1 or 500m.")
  public String cpu = "1";

  @Default("2Gi")
  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("Memory, for example 2Gi.")
  public String memory = "2Gi";
}
