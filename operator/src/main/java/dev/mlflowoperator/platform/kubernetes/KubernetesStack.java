package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The Kubernetes objects of one stack in the order they are applied (what a pod needs, and the policies fencing it,
 * exist before the pod), each with the component it renders.
 */
public record KubernetesStack(List<RenderedObject> objects) {
  public KubernetesStack {
    objects = List.copyOf(objects);
  }

  public List<HasMetadata> inApplyOrder() {
    return objects.stream().map(RenderedObject::object).toList();
  }

  /** Every object of one kind, in apply order. */
  public <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().map(RenderedObject::object).filter(kind::isInstance).map(kind::cast).toList();
  }
}
