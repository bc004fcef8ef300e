package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The observed state of each component of the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentsStatus {
  public ComponentStatus mlflow;
  public ComponentStatus proxy;
  public ComponentStatus storage;

  @Override
  public boolean equals(Object o) {
    return o instanceof ComponentsStatus c
        && Objects.equals(mlflow, c.mlflow)
        && Objects.equals(proxy, c.proxy)
        && Objects.equals(storage, c.storage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mlflow, proxy, storage);
  }
}
