package dev.mlflowoperator.e2e;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Queue;

/**
 * Fabric8's mock API server in CRUD mode on loopback, with the CRD from ../crds installed and a kubeconfig
 * file for processes. It has no controllers: {@link #makeAvailable} plays the Deployment controller.
 */
final class KubeMock implements AutoCloseable {
  static final Path CRD = Path.of("../crds/mlflowdeployments.mlflow-operator.dev-v1.yml");
  static final String NAMESPACE = "test";

  private final KubernetesMockServer server;
  final KubernetesClient client;

  private KubeMock(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static KubeMock start() {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    var server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    var client = server.createClient();
    try (var in = Files.newInputStream(CRD)) {
      client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item()).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubeMock(server, client);
  }

  /** Writes a kubeconfig whose current context is this server, namespace test, no credentials. */
  Path writeKubeconfig(Path dir) throws IOException {
    return writeKubeconfig(dir, client);
  }

  /** Writes a kubeconfig whose current context is {@code client}'s server, namespace test, no credentials. */
  static Path writeKubeconfig(Path dir, KubernetesClient client) throws IOException {
    String url = client.getMasterUrl().toString().replaceAll("/$", "");
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            namespace: %s
            user: tester
        current-context: mock
        users:
        - name: tester
          user: {}
        """.formatted(url, NAMESPACE));
  }

  /** Marks the stack's Deployments rolled out and available and its PVC bound, where not already so. */
  void makeAvailable(List<String> deployments, String pvcName) {
    for (String deployment : deployments) {
      var current = client.apps().deployments().inNamespace(NAMESPACE).withName(deployment).get();
      if (current == null) {
        continue;
      }
      Long generation = current.getMetadata().getGeneration();
      var status = current.getStatus();
      if (status != null && status.getAvailableReplicas() != null
          && Objects.equals(status.getObservedGeneration(), generation)) {
        continue;
      }
      current.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(generation)
          .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
          .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
          .endCondition()
          .build());
      client.resource(current).updateStatus();
    }
    var claim = client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(pvcName).get();
    if (claim != null && (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase()))) {
      claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
      client.resource(claim).updateStatus();
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
