package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names an object the way status and messages do: Kind/name, for example Deployment/tracking-mlflow. */
public final class ObjectKeys {
  private ObjectKeys() {}

  public static String of(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }
}
