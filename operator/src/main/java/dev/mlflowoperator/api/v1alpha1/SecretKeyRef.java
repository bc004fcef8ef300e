package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to one key of a Secret in the namespace of the MlflowDeployment. */
public class SecretKeyRef {
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  public String name;

  @Required
  @JsonPropertyDescription("Key inside the Secret.")
  public String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }
}
