package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.reconcile.RequiredPermissions;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code mlflowctl operator} processes with leader election against Fabric8's mock API server: only the Lease
 * holder reconciles, and after the leader is killed with SIGKILL the standby takes the Lease over and converges a
 * resource created after the kill. Every API call the operators made must be one the install manifests grant.
 */
class LeaderElectionProcessTest {
  private static final String NAMESPACE = KubeMock.NAMESPACE;
  private static final String LEASE = "mlflow-operator-lease";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TEST_AGENT = "leader-election-process-test";

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesMockServer server;
  private KubernetesClient client;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (client != null) {
      client.close();
      server.destroy();
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItIsKilled() throws Exception {
    startMockServer();
    Path kubeconfig = KubeMock.writeKubeconfig(dir, client);
    var replicas = Map.of("operator-a", start("operator-a", kubeconfig), "operator-b", start("operator-b", kubeconfig));

    await().atMost(PATIENCE).until(this::holder, holder -> replicas.containsKey(holder));
    for (Replica replica : replicas.values()) {
      await().atMost(PATIENCE).until(() -> status(replica.healthPort(), "/readyz") == 200);
    }

    create("first");
    await().atMost(PATIENCE).until(() -> stackExists("first"));
    // The holder now: a replica starved of CPU at start may have lost the lease before the resource came.
    String leader = holder();
    String standby = leader.equals("operator-a") ? "operator-b" : "operator-a";
    // The stack's objects exist before the reconcile that wrote them has logged its end.
    await().atMost(PATIENCE).until(() -> log(replicas.get(leader)).contains("applied"));
    assertThat(log(replicas.get(standby))).doesNotContain("applied");
    assertThat(body(replicas.get(leader).healthPort(), "/metrics")).contains("operator_sdk_");

    assertThat(replicas.get(standby).process().isAlive()).as("the standby is still running: %s",
        log(replicas.get(standby))).isTrue();
    replicas.get(leader).process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    create("second");

    await().atMost(PATIENCE).until(this::holder, standby::equals);
    await().atMost(PATIENCE).until(() -> stackExists("second"));
    await().atMost(PATIENCE).until(() -> log(replicas.get(standby)).contains("applied"));
    assertThat(client.leases().inNamespace(NAMESPACE).withName(LEASE).get().getSpec().getLeaseTransitions())
        .isGreaterThanOrEqualTo(1);
    assertThat(operatorCalls()).as("every call the operators made is granted by RequiredPermissions")
        .isNotEmpty().isSubsetOf(granted());

    var transcript = new Transcript();
    replicas.forEach((identity, replica) -> transcript.addLive(identity + " [output]", replica.log()));
    transcript.add("resources", Serialization.asYaml(client.resources(MlflowDeployment.class).inNamespace(NAMESPACE)
        .list()));
    transcript.add("events", Serialization.asYaml(client.v1().events().inNamespace(NAMESPACE).list()));
    transcript.assertNoSecrets(List.of(password("first"), password("second")));
  }

  /** The generated password the operator keeps in the stack's credentials Secret. */
  private String password(String name) {
    var secret = client.secrets().inNamespace(NAMESPACE).withName(new StackNames(name).credentials()).get();
    return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  /** What the operator processes asked of the API server, as "group/resource verb"; the test's own calls left out. */
  private Set<String> operatorCalls() throws InterruptedException {
    var calls = new TreeSet<String>();
    for (RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS); request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (!TEST_AGENT.equals(request.getHeader("User-Agent"))) {
        calls.add(rbacGrant(request.getMethod(), URI.create(request.getPath())));
      }
    }
    // Every authenticated user may review its own rules; no Role grants it.
    calls.remove("authorization.k8s.io/selfsubjectrulesreviews create");
    return calls;
  }

  private static Set<String> granted() {
    var grants = new TreeSet<String>();
    RequiredPermissions.RULES.forEach(rule -> rule.verbs()
        .forEach(verb -> grants.add(rule.apiGroup() + "/" + rule.resource() + " " + verb)));
    return grants;
  }

  /** The RBAC resource and verb of a request: /api/v1/namespaces/ns/secrets/x is "/secrets get". */
  private static String rbacGrant(String method, URI uri) {
    var parts = new ArrayList<>(List.of(uri.getPath().substring(1).split("/")));
    String group = parts.get(0).equals("api") ? "" : parts.get(1);
    var rest = parts.subList(group.isEmpty() ? 2 : 3, parts.size());
    if (rest.size() > 2 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.size() > 2 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
    boolean named = rest.size() > 1;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb = switch (method) {
      case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method;
    };
    return group + "/" + resource + " " + verb;
  }

  /** One operator process, its health port and the file its output goes to. */
  private record Replica(Process process, int healthPort, Path log) {}

  private Replica start(String identity, Path kubeconfig) throws IOException {
    int port = freePort();
    Path log = dir.resolve(identity + ".log");
    var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dkubernetes.auth.tryServiceAccount=false", "-jar", MlflowCtlProcess.JAR.toString(), "operator",
        "--leader-election", "--lease-duration", "8s", "--renew-deadline", "6s", "--retry-period", "1s",
        "--health-port", String.valueOf(port));
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    List.of("RAILWAY_TOKEN", "RAILWAY_PROJECT_TOKEN", "RAILWAY_API_URL", "POD_NAMESPACE", "KUBERNETES_NAMESPACE")
        .forEach(builder.environment()::remove);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("POD_NAME", identity);
    var process = builder.start();
    processes.add(process);
    return new Replica(process, port, log);
  }

  private void startMockServer() throws IOException {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD store cannot answer.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
            .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*")
            .endResourceRule().endStatus().build())
        .always();
    try (var plain = server.createClient()) {
      var config = new ConfigBuilder(plain.getConfiguration()).withUserAgent(TEST_AGENT).build();
      client = new KubernetesClientBuilder().withConfig(config).build();
    }
    try (var in = Files.newInputStream(Path.of("../crds/mlflowdeployments.mlflow-operator.dev-v1.yml"))) {
      client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item()).create();
    }
  }

  /** The basic Kubernetes example under another name. */
  private void create(String name) throws IOException {
    var resource = Serialization.unmarshal(
        Files.readString(Path.of("../manifests/examples/kubernetes-basic.yaml")), MlflowDeployment.class);
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }

  private boolean stackExists(String name) {
    var names = new StackNames(name);
    return client.apps().deployments().inNamespace(NAMESPACE).withName(names.mlflow()).get() != null
        && client.apps().deployments().inNamespace(NAMESPACE).withName(names.proxy()).get() != null
        && client.services().inNamespace(NAMESPACE).withName(names.proxy()).get() != null;
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(int port, String path) throws IOException, InterruptedException {
    return get(port, path).body();
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String log(Replica replica) throws IOException {
    return Files.readString(replica.log());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
