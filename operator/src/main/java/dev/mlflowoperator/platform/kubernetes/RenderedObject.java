package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One Kubernetes object of a stack and the key of the component it renders. */
public record RenderedObject(String componentKey, HasMetadata object) {
  /** Kind/name, as status and messages name it. */
  public String key() {
    return ObjectKeys.of(object);
  }
}
