package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.ServiceComponent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;

/**
 * Renders a service's NetworkPolicy. For this stack: MLflow's pods admit only the proxy's pods, on MLflow's port, so nothing
 * in the cluster bypasses basic auth; the proxy's pods admit anyone on the proxy port, which the Service type then
 * exposes (a namespace's default-deny policy does not cut the proxy off). One policy each, since every ingress rule
 * of a policy applies to all the pods it selects. Egress stays open: MLflow may use Postgres or S3 anywhere.
 */
final class NetworkPolicyRenderer {
  private NetworkPolicyRenderer() {}

  /** Admits, on the service's port, anyone or only the pods of the services its access names. */
  static NetworkPolicy of(DesiredStack stack, ServiceComponent service, String namespace) {
    var rule = new NetworkPolicyIngressRuleBuilder();
    if (!service.access().anyone()) {
      for (String client : service.access().fromServices()) {
        rule.addNewFrom().withNewPodSelector().withMatchLabels(stack.names().selector(client)).endPodSelector()
            .endFrom();
      }
    }
    rule.addNewPort().withProtocol("TCP").withPort(new IntOrString(service.port())).endPort();
    return policy(stack, service.name(), namespace, service.key(), rule.build());
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
