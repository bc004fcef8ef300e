package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatform;
import dev.mlflowoperator.platform.kubernetes.NamespaceSecrets;
import dev.mlflowoperator.platform.kubernetes.ObservedStack;
import dev.mlflowoperator.platform.kubernetes.Plan;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * mlflowctl plan of a target: kubernetes spec, like kubectl diff: the MlflowDeployment's own change, then the objects
 * of the cluster that the operator's reconcile of the applied spec would change. Reads only; the credentials are
 * the cluster's Secret's, or generated for the plan (the Secret's line says so), and never shown.
 */
final class ClusterPlan {
  private final KubernetesClient client;
  private final KubernetesApply resources;
  private final ReconcileLoop<ObservedStack, Plan> loop;

  /** With {@code clock} telling which scheduled backups are due. */
  ClusterPlan(KubernetesClient client, Clock clock) {
    this.client = client;
    this.resources = new KubernetesApply(client);
    this.loop = new ReconcileLoop<>(new KubernetesPlatform(client, false, clock), new CredentialsGenerator(), clock);
  }

  /** The diff lines, in apply order; empty when the cluster is in line with the spec. */
  List<String> lines(MlflowDeployment spec) {
    var lines = new ArrayList<String>();
    resources.plan(spec).ifPresent(lines::add);
    MlflowDeployment resource = resources.asApplied(spec);
    String created = "  + Secret/" + new StackNames(spec.getMetadata().getName()).credentials();
    boolean generated = spec.getSpec().proxy.auth.userList().stream().anyMatch(user -> user.passwordSecretRef == null);
    try {
      var plan = loop.plan(resource, NamespaceSecrets.resolver(client, resource.getMetadata().getNamespace()));
      PlanText.lines(plan).stream()
          .map(line -> generated && line.equals(created) ? line + " (generated password)" : line)
          .forEach(lines::add);
    } catch (TerminalException e) {
      // A refused change (e.g. a smaller storage.size) or an object that is not ours: said as apply says it.
      throw new UserException(spec.getMetadata().getName() + ": " + e.getMessage());
    }
    return lines;
  }
}
