package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The platform an MlflowDeployment runs on. */
public enum Target {
  @JsonProperty("railway")
  RAILWAY,
  @JsonProperty("kubernetes")
  KUBERNETES
}
