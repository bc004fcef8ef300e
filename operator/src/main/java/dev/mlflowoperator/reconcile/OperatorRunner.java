package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import dev.mlflowoperator.metrics.DeploymentMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops the JOSDK operator for MlflowDeployments against a given client. */
public final class OperatorRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRunner.class);
  /**
   * Reconciles run at once: a reconcile reads from the informers' caches and mostly waits on the API server's answer
   * to a write, so a few per core; JOSDK's default of 50 only costs memory (BENCHMARKS.md, "Operator at scale").
   */
  static final int RECONCILE_THREADS = 10;
  /** No dependent-resource workflows run: JOSDK's pool for them is kept minimal. */
  static final int WORKFLOW_THREADS = 1;

  /**
   * Empty namespaces means all namespaces. Server-side apply is off by default: Fabric8's mock server lacks it.
   * A null leader election means this replica reconciles alone, without a Lease.
   */
  public record Settings(Set<String> namespaces, boolean serverSideApply, LeaderElection leaderElection) {
    public Settings {
      namespaces = Set.copyOf(namespaces);
    }

    public Settings(Set<String> namespaces, boolean serverSideApply) {
      this(namespaces, serverSideApply, null);
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Operator operator;

  private volatile boolean closing;

  /**
   * Reports reconciles, events and errors to {@code metrics} (JOSDK's) and each deployment's state to
   * {@code deployments}.
   */
  public OperatorRunner(KubernetesClient client, Settings settings, Metrics metrics, DeploymentMetrics deployments) {
    this(client, settings, new MlflowDeploymentReconciler(settings.serverSideApply(), deployments), metrics);
  }

  OperatorRunner(KubernetesClient client, Settings settings, MlflowDeploymentReconciler reconciler) {
    this(client, settings, reconciler, Metrics.NOOP);
  }

  private OperatorRunner(
      KubernetesClient client, Settings settings, MlflowDeploymentReconciler reconciler, Metrics metrics) {
    this.client = client;
    this.settings = settings;
    boolean ssa = settings.serverSideApply();
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(metrics)
          .withConcurrentReconciliationThreads(RECONCILE_THREADS)
          .withConcurrentWorkflowExecutorThreads(WORKFLOW_THREADS)
          .withSSABasedCreateUpdateMatchForDependentResources(ssa)
          .withUseSSAToPatchPrimaryResource(ssa);
      if (settings.leaderElection() != null) {
        o.withLeaderElectionConfiguration(settings.leaderElection().configuration(this::lostLeadership));
      }
    });
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

  /** True once started: the leader reconciles, another replica stands by, and both are ready. */
  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
  }

  /**
   * A leader that lost its Lease may already have been replaced, so it must not reconcile on: the process exits and
   * its pod restarts as a standby. On an orderly stop the Lease is given up on purpose and nothing happens.
   */
  private void lostLeadership() {
    if (closing) {
      return;
    }
    LOG.error("mlflow-operator lost the leader lease {}; exiting so that only the new leader reconciles",
        settings.leaderElection().leaseName());
    new Thread(() -> System.exit(1), "mlflow-operator-lost-lease").start();
  }

  /** What is being watched, for the start-up log line. */
  public String describe() {
    String scope = settings.namespaces().isEmpty()
        ? "all namespaces" : "namespaces " + String.join(",", settings.namespaces().stream().sorted().toList());
    var election = settings.leaderElection();
    String leader = election == null ? "leader election off"
        : "leader election on: lease " + election.leaseNamespace() + "/" + election.leaseName()
            + " as " + election.identity();
    return "watching " + scope + " on " + client.getMasterUrl() + " (server-side apply "
        + (settings.serverSideApply() ? "on" : "off") + ", " + leader + ")";
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
