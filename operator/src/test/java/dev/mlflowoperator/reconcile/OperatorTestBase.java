package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.kubernetes.KubernetesStackRenderer;
import dev.mlflowoperator.platform.kubernetes.TakenNames;
import dev.mlflowoperator.validation.SpecValidator;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One mock API server and one operator per test class, and helpers to drive and read MlflowDeployments. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorTestBase {
  static final String NS = "test";
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** Stands in for a rule of SpecValidator, so the InvalidSpec path is tested whatever the validator holds. */
  static final String REJECT_LABEL = "test.mlflow-operator.dev/reject";

  /** How many times each MlflowDeployment, by name, was reconciled. */
  final Map<String, AtomicInteger> reconciles = new ConcurrentHashMap<>();
  MockCluster cluster;
  KubernetesClient client;
  OperatorRunner operator;

  @BeforeAll
  void startOperator() {
    cluster = MockCluster.start();
    client = cluster.client;
    var real = new SpecValidator();
    var reconciler = new MlflowDeploymentReconciler(false, r -> rejected(r) ? List.of(
        new Violation("spec.mlflow.workers", "must be between 1 and 32")) : real.validate(r), Clock.systemUTC(),
        Map.of(), HealthProber.notRun("no Railway in these tests"), namesFresh()) {
      @Override
      public UpdateControl<MlflowDeployment> reconcile(MlflowDeployment resource, Context<MlflowDeployment> context) {
        reconciles.computeIfAbsent(resource.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet();
        return super.reconcile(resource, context);
      }
    };
    operator = new OperatorRunner(client, new OperatorRunner.Settings(Set.of(), false), reconciler);
    operator.start();
  }

  /** How long the operator reuses the names taken in a namespace: as in production unless a test class says. */
  Duration namesFresh() {
    return TakenNames.FRESH;
  }

  @AfterAll
  void stopOperator() {
    operator.close();
    cluster.close();
  }

  MlflowDeployment deployment(String name, Consumer<MlflowDeploymentSpec> customize) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    customize.accept(spec);
    resource.setSpec(spec);
    return resource;
  }

  void create(String name, Consumer<MlflowDeploymentSpec> customize) {
    client.resource(deployment(name, customize)).create();
  }

  int reconcilesOf(String name) {
    return reconciles.getOrDefault(name, new AtomicInteger()).get();
  }

  Resource<MlflowDeployment> cr(String name) {
    return client.resources(MlflowDeployment.class).inNamespace(NS).withName(name);
  }

  /** As kubectl edit: the change made on the resource as it is now, again on a fresh read when a write raced it (409). */
  void edit(String name, Consumer<MlflowDeployment> change) {
    await().atMost(TIMEOUT)
        .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(() -> cr(name).edit(d -> {
          change.accept(d);
          return d;
        }) != null);
  }

  MlflowDeploymentStatus status(String name) {
    var resource = cr(name).get();
    return resource == null ? null : resource.getStatus();
  }

  void awaitStatus(String name, Consumer<MlflowDeploymentStatus> assertion) {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var s = status(name);
      assertThat(s).isNotNull();
      assertion.accept(s);
    });
  }

  void awaitSynced(String name, long generation) {
    awaitStatus(name, s -> {
      assertThat(s.observedGeneration).isEqualTo(generation);
      assertThat(condition(s, "Synced").getStatus()).isEqualTo("True");
    });
  }

  static Condition condition(MlflowDeploymentStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.conditions));
  }

  String proxyConfigHash(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name + "-proxy").get().getSpec().getTemplate()
        .getMetadata().getAnnotations().get(KubernetesStackRenderer.CONFIG_HASH_ANNOTATION);
  }

  String secretValue(String name, String key) {
    Secret secret = client.secrets().inNamespace(NS).withName(name + "-credentials").get();
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  Quantity storageOf(String name) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(name + "-data").get().getSpec().getResources()
        .getRequests().get("storage");
  }

  List<String> mlflowArgs(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name + "-mlflow").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getArgs();
  }

  void assertNothingCreatedFor(String name) {
    var names = new StackNames(name);
    assertThat(client.secrets().inNamespace(NS).withName(names.credentials()).get()).isNull();
    assertThat(client.configMaps().inNamespace(NS).withName(names.proxy() + "-config").get()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(names.dataVolume()).get()).isNull();
    assertThat(client.apps().deployments().inNamespace(NS).withName(names.mlflow()).get()).isNull();
    assertThat(client.services().inNamespace(NS).withName(names.proxy()).get()).isNull();
  }

  private static boolean rejected(MlflowDeployment resource) {
    var labels = resource.getMetadata().getLabels();
    return labels != null && labels.containsKey(REJECT_LABEL);
  }
}
