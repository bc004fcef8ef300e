package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.DesiredStack;

/**
 * Turns a DesiredStack into the Kubernetes objects that run it. Pure: no client, no owner
 * references (the target adds those), so `mlflowctl render` prints exactly this.
 */
public final class KubernetesStackRenderer {
  /** Pod-template annotation carrying the proxy config hash, so a config change rolls the proxy. */
  public static final String CONFIG_HASH_ANNOTATION = "mlflow-operator.dev/config-hash";

  /** Annotation on the MLflow Deployment naming the MLflow version it runs. */
  public static final String MLFLOW_VERSION_ANNOTATION = "mlflow-operator.dev/mlflow-version";

  private KubernetesStackRenderer() {}

  public static KubernetesStack render(DesiredStack stack, KubernetesOptions options) {
    String ns = options.namespace();
    return new KubernetesStack(
        CoreObjectRenderer.credentials(stack, ns),
        CoreObjectRenderer.proxyConfig(stack, ns),
        CoreObjectRenderer.dataVolume(stack, options),
        NetworkPolicyRenderer.mlflow(stack, ns),
        NetworkPolicyRenderer.proxy(stack, ns),
        DeploymentRenderer.mlflow(stack, ns),
        CoreObjectRenderer.mlflowService(stack, ns),
        DeploymentRenderer.proxy(stack, ns),
        CoreObjectRenderer.proxyService(stack, options));
  }
}
