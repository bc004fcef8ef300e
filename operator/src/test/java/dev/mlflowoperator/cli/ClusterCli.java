package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test: Fabric8's mock API server and a temporary home whose kubeconfig points at it (context namespace
 * ml), and mlflowctl command lines run in-process against it. Register with {@code @RegisterExtension}.
 */
final class ClusterCli implements BeforeEachCallback, AfterEachCallback {
  static final String NAMESPACE = "ml";

  final ManualClock clock = new ManualClock(CliRun.NOW);
  KubernetesClient client;
  private Path home;
  private MockCluster cluster;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    home = Files.createTempDirectory("mlflowctl-cluster-cli");
    cluster = MockCluster.start();
    client = cluster.client;
    cluster.writeKubeconfig(home, NAMESPACE);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    cluster.close();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** The home the command lines use (MLFLOWCTL_HOME), holding the kubeconfig. */
  Path home() {
    return home;
  }

  /** A fresh command line pointed at the mock cluster, on the manual clock (waits move it on). */
  CliRun cli() {
    var cli = new CliRun(home);
    cli.clock = clock;
    cli.env.put("KUBECONFIG", home.resolve("kubeconfig").toString());
    return cli;
  }

  /** The requests the mock API server received since the last call, as "METHOD /path?query". */
  List<String> requests() throws InterruptedException {
    return cluster.takeRequests();
  }

  /** Finishes the rollouts of tracking's Deployments, as the cluster's controllers would. */
  void makeAvailable() {
    cluster.makeAvailable(NAMESPACE, "tracking");
  }

  /** The MlflowDeployment tracking in namespace ml, or null. */
  MlflowDeployment tracking() {
    return client.resources(MlflowDeployment.class).inNamespace(NAMESPACE).withName("tracking").get();
  }

  /** Applies the Kubernetes example (tracking in namespace ml) with mlflowctl apply. */
  void applied() throws IOException {
    Path spec = Files.writeString(home.resolve("spec.yaml"), Files.readString(Path.of(KubernetesApplyTest.EXAMPLE)));
    var apply = cli();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
  }

  /** Plays the operator: tracking's status becomes what {@code change} puts in an empty one. */
  void played(Consumer<MlflowDeploymentStatus> change) {
    var status = new MlflowDeploymentStatus();
    status.ids = new HashMap<>();
    change.accept(status);
    var current = tracking();
    current.setStatus(status);
    client.resource(current).updateStatus();
  }
}
