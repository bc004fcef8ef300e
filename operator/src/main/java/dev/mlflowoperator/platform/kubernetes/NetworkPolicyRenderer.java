package dev.mlflowoperator.platform.kubernetes;

import static dev.mlflowoperator.model.StackNames.COMPONENT_MLFLOW;
import static dev.mlflowoperator.model.StackNames.COMPONENT_PROXY;

import dev.mlflowoperator.model.DesiredStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;

/**
 * Renders the two NetworkPolicies of a stack: MLflow's pods admit only the proxy's pods, on MLflow's port, so nothing
 * in the cluster bypasses basic auth; the proxy's pods admit anyone on the proxy port, which the Service type then
 * exposes (a namespace's default-deny policy does not cut the proxy off). One policy each, since every ingress rule
 * of a policy applies to all the pods it selects. Egress stays open: MLflow may use Postgres or S3 anywhere.
 */
final class NetworkPolicyRenderer {
  private NetworkPolicyRenderer() {}

  static NetworkPolicy mlflow(DesiredStack stack, String namespace) {
    var fromProxy = new NetworkPolicyIngressRuleBuilder()
        .addNewFrom().withNewPodSelector().withMatchLabels(stack.names().selector(COMPONENT_PROXY)).endPodSelector()
        .endFrom()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(stack.mlflow().port())).endPort()
        .build();
    return policy(stack, stack.names().mlflow(), namespace, COMPONENT_MLFLOW, fromProxy);
  }

  static NetworkPolicy proxy(DesiredStack stack, String namespace) {
    var fromAnywhere = new NetworkPolicyIngressRuleBuilder()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(stack.proxy().port())).endPort()
        .build();
    return policy(stack, stack.names().proxy(), namespace, COMPONENT_PROXY, fromAnywhere);
  }

  private static NetworkPolicy policy(
      DesiredStack stack, String name, String namespace, String component, NetworkPolicyIngressRule rule) {
    return new NetworkPolicyBuilder()
        .withMetadata(CoreObjectRenderer.meta(stack, name, namespace, component))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(stack.names().selector(component)).endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(rule)
        .endSpec()
        .build();
  }
}
