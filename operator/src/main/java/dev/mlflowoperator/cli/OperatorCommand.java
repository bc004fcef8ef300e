package dev.mlflowoperator.cli;

import dev.mlflowoperator.reconcile.OperatorRunner;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Override
  public Integer call() throws InterruptedException {
    var client = new KubernetesClientBuilder().build();
    var settings = new OperatorRunner.Settings(namespaces == null ? Set.of() : Set.copyOf(namespaces), serverSideApply);
    var runner = new OperatorRunner(client, settings);
    try {
      runner.start();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("mlflow-operator stopping");
      runner.close();
      client.close();
      stopped.countDown();
    }, "mlflow-operator-shutdown"));
    LOG.info("mlflow-operator started: {}", runner.describe());
    stopped.await();
    return 0;
  }
}
