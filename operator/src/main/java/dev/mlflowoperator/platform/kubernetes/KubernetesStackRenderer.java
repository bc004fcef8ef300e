package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.StackNames;

/**
 * Turns a DesiredStack into the Kubernetes objects that run it. Pure: no client, no owner
 * references (the target adds those), so `mlflowctl render` prints exactly this.
 */
public final class KubernetesStackRenderer {
  /** Pod-template annotation carrying the proxy config hash, so a config change rolls the proxy. */
  public static final String CONFIG_HASH_ANNOTATION = "mlflow-operator.dev/config-hash";

  /** Annotation on a service's Deployment naming the version it runs (MLflow's; the key predates other services). */
  public static final String VERSION_ANNOTATION = "mlflow-operator.dev/mlflow-version";

  private KubernetesStackRenderer() {}

  public static KubernetesStack render(DesiredStack stack, KubernetesOptions options) {
    String ns = options.namespace();
    var mlflow = stack.service(StackNames.COMPONENT_MLFLOW);
    var proxy = stack.service(StackNames.COMPONENT_PROXY);
    return new KubernetesStack(
        CoreObjectRenderer.credentials(stack, stack.all(CredentialsComponent.class).get(0), ns),
        CoreObjectRenderer.config(stack, proxy, ns),
        CoreObjectRenderer.volume(stack, stack.volumes().get(0), options),
        NetworkPolicyRenderer.of(stack, mlflow, ns),
        NetworkPolicyRenderer.of(stack, proxy, ns),
        DeploymentRenderer.of(stack, mlflow, ns),
        CoreObjectRenderer.service(stack, mlflow, options),
        DeploymentRenderer.of(stack, proxy, ns),
        CoreObjectRenderer.service(stack, proxy, options));
  }
}
