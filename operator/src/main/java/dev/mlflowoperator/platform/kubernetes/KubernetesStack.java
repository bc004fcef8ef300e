package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** The nine Kubernetes objects of one stack. */
public record KubernetesStack(
    Secret credentials,
    ConfigMap proxyConfig,
    PersistentVolumeClaim data,
    NetworkPolicy mlflowPolicy,
    NetworkPolicy proxyPolicy,
    Deployment mlflow,
    Service mlflowService,
    Deployment proxy,
    Service proxyService) {

  /** The objects in the order they are applied: what a pod needs, and the policies fencing it, exist before the pod. */
  public List<HasMetadata> inApplyOrder() {
    return List.of(credentials, proxyConfig, data, mlflowPolicy, proxyPolicy, mlflow, mlflowService, proxy, proxyService);
  }
}
