package dev.mlflowoperator.reconcile;

import java.util.List;
import java.util.Set;

/**
 * Every API the operator calls, as RBAC rules. The install manifests grant exactly these (a test compares them), so
 * a new call in the code without a matching rule, or a rule nothing uses, fails the build.
 */
public final class RequiredPermissions {
  /** Where a rule applies: in every watched namespace, or only in the operator's own namespace. */
  public enum Scope { CLUSTER, OPERATOR_NAMESPACE }

  /** One RBAC rule: API group ("" for core), resource (with subresource), verbs, and why they are needed. */
  public record Rule(Scope scope, String apiGroup, String resource, Set<String> verbs, String usedBy) {
    public Rule {
      verbs = Set.copyOf(verbs);
    }
  }

  private static final Set<String> MANAGED = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  /** The rules; {@code patch} on managed objects is server-side apply, {@code patch} on the CR is the finalizer. */
  public static final List<Rule> RULES = List.of(
      new Rule(Scope.CLUSTER, "mlflow-operator.dev", "mlflowdeployments", Set.of("get", "list", "watch", "patch"),
          "the controller's informer, the reconciler's fresh read, JOSDK adding and removing its finalizer"),
      new Rule(Scope.CLUSTER, "mlflow-operator.dev", "mlflowdeployments/status", Set.of("update"),
          "the reconciler writing status, locked to the resource version"),
      new Rule(Scope.CLUSTER, "apps", "deployments", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: the mlflow and proxy Deployments"),
      new Rule(Scope.CLUSTER, "", "services", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: the mlflow and proxy Services"),
      new Rule(Scope.CLUSTER, "", "configmaps", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: the proxy configuration"),
      new Rule(Scope.CLUSTER, "", "secrets", MANAGED,
          "KubernetesPlatform, CredentialsSecret and ManagedObjectEventSources: the credentials Secret; list and watch"
              + " only with the managed-by label selector (RBAC cannot narrow them by label); secrets a spec references"
              + " are read one by one with get (NamespaceSecrets)"),
      new Rule(Scope.CLUSTER, "", "persistentvolumeclaims", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: the data volume"),
      new Rule(Scope.CLUSTER, "networking.k8s.io", "networkpolicies", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: who may reach the mlflow and proxy pods"),
      new Rule(Scope.CLUSTER, "snapshot.storage.k8s.io", "volumesnapshots", Set.of("list", "create", "delete"),
          "KubernetesPlatform: the data volume's scheduled backups, listed by our labels on each reconcile (never"
              + " watched, so a cluster without the snapshot CRDs still runs the operator), taken when due, deleted"
              + " past retention or with the volume under deletionPolicy Delete"),
      new Rule(Scope.CLUSTER, "batch", "cronjobs", MANAGED,
          "KubernetesPlatform and ManagedObjectEventSources: scheduled jobs, the gc CronJob"),
      new Rule(Scope.CLUSTER, "", "events", Set.of("create"),
          "KubernetesEvents: the DataVolumeRecreated warning on the MlflowDeployment"),
      new Rule(Scope.OPERATOR_NAMESPACE, "coordination.k8s.io", "leases", Set.of("get", "create", "update", "patch"),
          "leader election: JOSDK refuses to start without get, create and update; Fabric8 renews with patch"));

  private RequiredPermissions() {}
}
