package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** How often the platform drifted from the spec and was put back, and what drifted last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftStatus {
  @JsonPropertyDescription("Number of reconciles that found and repaired drift.")
  public long count;

  @JsonPropertyDescription("When drift was last repaired (RFC 3339).")
  public String lastTime;

  @JsonPropertyDescription("What drifted the last time, for example Deployment/tracking-mlflow.")
  public List<String> fields = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof DriftStatus d
        && count == d.count
        && Objects.equals(lastTime, d.lastTime)
        && Objects.equals(fields, d.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, lastTime, fields);
  }
}
