package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The observed state of one component of the stack (its entry in status.components). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentStatus {
  @JsonPropertyDescription("Ready, Progressing, Degraded, Missing or Unknown.")
  public String state;

  @JsonPropertyDescription("Why the component is in this state.")
  public String message;

  public ComponentStatus() {}

  public ComponentStatus(String state, String message) {
    this.state = state;
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComponentStatus c && Objects.equals(state, c.state) && Objects.equals(message, c.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, message);
  }
}
