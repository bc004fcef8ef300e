package dev.mlflowoperator.cli;

import dev.mlflowoperator.health.HealthServer;
import dev.mlflowoperator.metrics.DeploymentMetrics;
import dev.mlflowoperator.reconcile.LeaderElection;
import dev.mlflowoperator.reconcile.OperatorRunner;
import dev.mlflowoperator.statuspage.WatchedDeployments;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Kubernetes operator until it is stopped (SIGTERM or Ctrl-C). */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the MlflowDeployment operator in a cluster.",
      "It uses the current kubeconfig context (KUBECONFIG, ~/.kube/config) or, in a pod, the service account."
    })
final class OperatorCommand implements Callable<Integer> {
  static final String SSA_ENV = "MLFLOW_OPERATOR_SERVER_SIDE_APPLY";
  static final String NAMESPACES_ENV = "MLFLOW_OPERATOR_NAMESPACES";
  static final String LEADER_ELECTION_ENV = "MLFLOW_OPERATOR_LEADER_ELECTION";
  static final String HEALTH_PORT_ENV = "MLFLOW_OPERATOR_HEALTH_PORT";
  static final String STATUS_PAGE_ENV = "MLFLOW_OPERATOR_STATUS_PAGE";
  /** The status page lists the MlflowDeployments at most this often, however many browsers show it. */
  private static final Duration PAGE_LIST_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  @Option(
      names = {"-n", "--namespace"},
      split = ",",
      paramLabel = "NS",
      defaultValue = "${env:" + NAMESPACES_ENV + "}",
      description = "Namespace to watch; repeat or separate with commas. Default: all namespaces (env " + NAMESPACES_ENV + ").")
  List<String> namespaces;

  @Option(
      names = "--server-side-apply",
      arity = "0..1",
      paramLabel = "true|false",
      defaultValue = "${env:" + SSA_ENV + ":-false}",
      description = "Write objects with server-side apply (recommended on real clusters). Default: false (env " + SSA_ENV + ").")
  boolean serverSideApply;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      paramLabel = "true|false",
      defaultValue = "${env:" + LEADER_ELECTION_ENV + ":-false}",
      description = "Only the holder of a Lease reconciles; run with it on when there are several replicas."
          + " Default: false (env " + LEADER_ELECTION_ENV + "; the install manifests turn it on).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = LeaderElection.DEFAULT_LEASE_NAME,
      description = "Name of the Lease the replicas compete for. Default: ${DEFAULT-VALUE}.")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description = "Namespace of the Lease. Default: env POD_NAMESPACE, else the namespace of the kubeconfig.")
  String leaseNamespace;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "How long a Lease holds without renewal before another replica takes over. Default: 15s.")
  Duration leaseDuration;

  @Option(
      names = "--renew-deadline",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long the leader keeps trying to renew before it gives up. Default: 10s.")
  Duration renewDeadline;

  @Option(
      names = "--retry-period",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "How often the Lease is tried and renewed, e.g. 500ms or 2s. Default: 2s.")
  Duration retryPeriod;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      defaultValue = "${env:" + HEALTH_PORT_ENV + ":-8081}",
      description = "Port of /healthz, /readyz and /metrics, on every interface in a pod, on loopback elsewhere;"
          + " 0 picks a free one. Default: 8081 (env " + HEALTH_PORT_ENV + ").")
  int healthPort;

  @Option(
      names = "--status-page",
      arity = "0..1",
      paramLabel = "true|false",
      defaultValue = "${env:" + STATUS_PAGE_ENV + ":-false}",
      description = "Also serve a status page of the watched MlflowDeployments at / of the health port, for a"
          + " browser (no login: reach it with kubectl port-forward). Default: false (env " + STATUS_PAGE_ENV + ").")
  boolean statusPage;

  @Override
  public Integer call() throws InterruptedException, UnknownHostException {
    var client = new KubernetesClientBuilder().build();
    var settings = new OperatorRunner.Settings(
        namespaces == null ? Set.of() : Set.copyOf(namespaces), serverSideApply, leaderElection(client));
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var runner = new OperatorRunner(client, settings, MicrometerMetrics.withoutPerResourceMetrics(registry),
        new DeploymentMetrics(registry, Clock.systemUTC()));
    HealthServer health;
    try {
      health = startHealthServer(runner, registry);
      if (statusPage) {
        health.servePage(new WatchedDeployments(client, settings.namespaces(), Clock.systemUTC(), PAGE_LIST_INTERVAL),
            Clock.systemUTC());
      }
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    try {
      runner.start();
    } catch (RuntimeException e) {
      health.close();
      client.close();
      throw e;
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("mlflow-operator stopping");
      runner.close();
      health.close();
      client.close();
      stopped.countDown();
    }, "mlflow-operator-shutdown"));
    LOG.info("mlflow-operator started: {}; health endpoint on {}{}", runner.describe(), health.address(),
        statusPage ? ", with the status page at /" : "");
    stopped.await();
    return 0;
  }

  /** Serves the probes before the operator starts, so a slow start is alive but not yet ready. */
  private HealthServer startHealthServer(OperatorRunner runner, PrometheusMeterRegistry registry) {
    try {
      return HealthServer.start(healthPort, runner::isStarted, registry);
    } catch (BindException e) {
      throw new UserException("port " + healthPort + " for /healthz, /readyz and /metrics is taken;"
          + " choose another with --health-port (0 picks a free one)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Lease settings when leader election is on: namespace from the flag, POD_NAMESPACE or the kubeconfig. */
  private LeaderElection leaderElection(KubernetesClient client) throws UnknownHostException {
    if (!leaderElection) {
      return null;
    }
    String namespace = firstSet(leaseNamespace, System.getenv("POD_NAMESPACE"), client.getNamespace());
    if (namespace == null) {
      throw new UserException("--leader-election needs the Lease's namespace: set --lease-namespace or POD_NAMESPACE");
    }
    String identity = firstSet(System.getenv("POD_NAME"), InetAddress.getLocalHost().getHostName());
    try {
      return new LeaderElection(leaseName, namespace, identity, leaseDuration, renewDeadline, retryPeriod);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage() + "; set --retry-period, --renew-deadline and --lease-duration so");
    }
  }

  private static String firstSet(String... values) {
    return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
  }
}
