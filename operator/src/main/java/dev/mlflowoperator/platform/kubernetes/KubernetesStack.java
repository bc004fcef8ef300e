package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.NoSuchElementException;

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

  /** The object of this kind and name. */
  public <T extends HasMetadata> T get(Class<T> kind, String name) {
    return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind.getSimpleName() + " " + name));
  }
}
