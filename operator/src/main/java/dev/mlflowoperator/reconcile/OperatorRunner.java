package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import java.util.Set;

/** Starts and stops the JOSDK operator for MlflowDeployments against a given client. */
public final class OperatorRunner implements AutoCloseable {
  /** Empty namespaces means all namespaces. Server-side apply is off by default: Fabric8's mock server lacks it. */
  public record Settings(Set<String> namespaces, boolean serverSideApply) {
    public Settings {
      namespaces = Set.copyOf(namespaces);
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Operator operator;

  public OperatorRunner(KubernetesClient client, Settings settings) {
    this(client, settings, new MlflowDeploymentReconciler(settings.serverSideApply()));
  }

  OperatorRunner(KubernetesClient client, Settings settings, MlflowDeploymentReconciler reconciler) {
    this.client = client;
    this.settings = settings;
    boolean ssa = settings.serverSideApply();
    this.operator = new Operator(o -> o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withSSABasedCreateUpdateMatchForDependentResources(ssa)
        .withUseSSAToPatchPrimaryResource(ssa));
    operator.register(reconciler, c -> {
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
    });
  }

  /** Checks that the API server answers and knows MlflowDeployment, then starts the controller. */
  public void start() {
    checkCluster();
    operator.start();
  }

  @Override
  public void close() {
    operator.stop();
  }

  /** What is being watched, for the start-up log line. */
  public String describe() {
    String scope = settings.namespaces().isEmpty()
        ? "all namespaces" : "namespaces " + String.join(",", settings.namespaces().stream().sorted().toList());
    return "watching " + scope + " on " + client.getMasterUrl() + " (server-side apply "
        + (settings.serverSideApply() ? "on" : "off") + ")";
  }

  /** One request without retries, so an unreachable cluster is reported in seconds, not minutes. */
  private void checkCluster() {
    var config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    var limited = new ListOptionsBuilder().withLimit(1L).build();
    try (var probe = new KubernetesClientBuilder().withConfig(config).build()) {
      var resources = probe.resources(MlflowDeployment.class);
      if (settings.namespaces().isEmpty()) {
        resources.inAnyNamespace().list(limited);
      } else {
        resources.inNamespace(settings.namespaces().iterator().next()).list(limited);
      }
    } catch (KubernetesClientException e) {
      throw new ClusterUnavailableException(explain(e));
    }
  }

  private String explain(KubernetesClientException e) {
    String server = String.valueOf(client.getMasterUrl());
    return switch (e.getCode()) {
      case 404 -> "the MlflowDeployment CRD is not installed on " + server
          + "; install it first: kubectl apply -f crds/mlflowdeployments.mlflow-operator.dev-v1.yml";
      case 401, 403 -> "the API server at " + server + " refused to list MlflowDeployments (HTTP " + e.getCode()
          + "); check the credentials and RBAC of the operator's account";
      default -> "cannot reach the Kubernetes API server at " + server
          + " (" + rootCause(e) + "); check KUBECONFIG, ~/.kube/config or the in-cluster service account";
    };
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The cluster cannot be used; the message says why and what to check. */
  public static final class ClusterUnavailableException extends RuntimeException {
    ClusterUnavailableException(String message) {
      super(message, null, false, false);
    }
  }
}
