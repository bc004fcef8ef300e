package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.model.StackNames;
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
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Fabric8's mock API server in CRUD mode with the MlflowDeployment CRD installed. It has no
 * controllers, so the test plays them: makeAvailable does what the Deployment controller and the
 * volume binder would. The e2e module uses it through the test-jar.
 */
public final class MockCluster implements AutoCloseable {
  static final String CRD = "/META-INF/fabric8/mlflowdeployments.mlflow-operator.dev-v1.yml";

  private final KubernetesMockServer server;
  public final KubernetesClient client;

  private MockCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static MockCluster start() {
    return start(KubernetesMixedDispatcher::new);
  }

  /** A mock API server whose CRUD dispatcher is {@code dispatcher}, e.g. one that counts or fails requests. */
  public static MockCluster start(
      Function<Map<ServerRequest, Queue<ServerResponse>>, ? extends KubernetesMixedDispatcher> dispatcher) {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    var server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
        dispatcher.apply(responses), false);
    server.init();
    var client = server.createClient();
    try (var in = MockCluster.class.getResourceAsStream(CRD)) {
      client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item()).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockCluster(server, client);
  }

  /** Marks both Deployments of the stack rolled out and available and its PVC bound, where not already so. */
  public void makeAvailable(String namespace, String name) {
    makeAvailable(namespace, name, true);
  }

  /** The same, leaving the MLflow Deployment as it is unless {@code mlflow}: its rollout never finishes. */
  public void makeAvailable(String namespace, String name, boolean mlflow) {
    var names = new StackNames(name);
    for (String deployment : mlflow ? new String[] {names.mlflow(), names.proxy()} : new String[] {names.proxy()}) {
      var resource = client.apps().deployments().inNamespace(namespace).withName(deployment);
      var current = resource.get();
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
    // Every data PVC of the stack: its own, and those a restore cut from a snapshot.
    for (var claim : client.persistentVolumeClaims().inNamespace(namespace)
        .withLabel(StackNames.INSTANCE_LABEL, name).list().getItems()) {
      if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
        claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
        client.resource(claim).updateStatus();
      }
    }
  }

  /** The requests the server received since the last call, oldest first, as "METHOD /path?query" (query decoded). */
  public List<String> takeRequests() throws InterruptedException {
    return takeRecordedRequests().stream()
        .map(r -> r.getMethod() + " " + URLDecoder.decode(r.getPath(), StandardCharsets.UTF_8)).toList();
  }

  /** As {@link #takeRequests()}, each request whole: its headers too. */
  public List<RecordedRequest> takeRecordedRequests() throws InterruptedException {
    var requests = new ArrayList<RecordedRequest>();
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests;
  }

  /** Writes {@code dir}/kubeconfig whose current context is this server and {@code namespace}, no credentials. */
  public Path writeKubeconfig(Path dir, String namespace) throws IOException {
    return writeKubeconfig(dir, client, namespace);
  }

  /** Writes {@code dir}/kubeconfig whose current context is {@code client}'s server and {@code namespace}. */
  public static Path writeKubeconfig(Path dir, KubernetesClient client, String namespace) throws IOException {
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
        """.formatted(url, namespace));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
