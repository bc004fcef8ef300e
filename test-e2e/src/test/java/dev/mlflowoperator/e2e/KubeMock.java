package dev.mlflowoperator.e2e;

import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The operator tests' mock API server (CRUD mode, CRD installed, no controllers) with a kubeconfig
 * file for mlflowctl processes; {@link #makeAvailable} plays the Deployment controller.
 */
final class KubeMock implements AutoCloseable {
  static final String NAMESPACE = "test";

  private final MockCluster cluster;
  final KubernetesClient client;

  private KubeMock(MockCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.client;
  }

  static KubeMock start() {
    return new KubeMock(MockCluster.start());
  }

  /** Writes a kubeconfig whose current context is this server, namespace test, no credentials. */
  Path writeKubeconfig(Path dir) throws IOException {
    return writeKubeconfig(dir, client);
  }

  /** Writes a kubeconfig whose current context is {@code client}'s server, namespace test, no credentials. */
  static Path writeKubeconfig(Path dir, KubernetesClient client) throws IOException {
    return MockCluster.writeKubeconfig(dir, client, NAMESPACE);
  }

  /** Marks the Deployments of deployment {@code name} rolled out and available and its PVC bound. */
  void makeAvailable(String name) {
    cluster.makeAvailable(NAMESPACE, name);
  }

  @Override
  public void close() {
    cluster.close();
  }
}
