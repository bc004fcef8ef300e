package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.KubernetesSpec;
import dev.mlflowoperator.api.v1alpha1.KubernetesSpec.ServiceType;
import java.util.List;

/** The Kubernetes-only inputs of rendering: the namespace, the proxy Service type, storage class and hosts. */
public record KubernetesOptions(String namespace, ServiceType serviceType, String storageClassName, List<String> hosts) {
  public KubernetesOptions {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    serviceType = serviceType == null ? ServiceType.ClusterIP : serviceType;
  }

  /** The options for a spec's kubernetes section (which may be absent) in the given namespace. */
  public static KubernetesOptions of(String namespace, KubernetesSpec spec) {
    if (spec == null) {
      return new KubernetesOptions(namespace, ServiceType.ClusterIP, null, List.of());
    }
    return new KubernetesOptions(namespace, spec.serviceType, spec.storageClassName, spec.hosts);
  }
}
