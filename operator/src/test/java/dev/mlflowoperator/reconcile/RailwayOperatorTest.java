package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JOSDK operator reconciles a target: railway resource against the sandbox over HTTP, token from a Secret. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RailwayOperatorTest {
  static final String NS = "ml";
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  MockCluster cluster;
  RailwaySandbox sandbox;
  OperatorRunner operator;

  @BeforeAll
  void start() {
    cluster = MockCluster.start();
    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
    var reconciler = new MlflowDeploymentReconciler(false, new SpecValidator()::validate, Clock.systemUTC(),
        Map.of(RailwayEndpoint.ENV_API_URL, sandbox.url()), HealthProber.notRun("the sandbox runs nothing"));
    operator = new OperatorRunner(cluster.client, new OperatorRunner.Settings(Set.of(), false), reconciler);
    operator.start();
  }

  @AfterAll
  void stop() {
    operator.close();
    sandbox.close();
    cluster.close();
  }

  @Test
  void aRailwayDeploymentConvergesWithTheTokenFromASecretAndWritesItsCredentials() {
    var client = cluster.client;
    client.resource(new SecretBuilder().withNewMetadata().withName("railway").withNamespace(NS).endMetadata()
        .addToStringData("token", sandbox.token()).build()).create();
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = "ml-platform";
    spec.railway.tokenSecretRef = new SecretKeyRef("railway", "token");
    resource.setSpec(spec);
    client.resource(resource).create();
    var cr = client.resources(MlflowDeployment.class).inNamespace(NS).withName("tracking");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      var status = cr.get().getStatus();
      assertThat(status).isNotNull();
      assertThat(status.conditions).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });
      assertThat(status.ids).containsKeys("project", "environment", "service/mlflow", "service/proxy", "volume", "domain");
      assertThat(status.url).startsWith("https://tracking-proxy-production-");
    });
    var secret = client.secrets().inNamespace(NS).withName("tracking-credentials").get();
    assertThat(secret.getData()).as("the keys of the Secret a target: kubernetes stack has")
        .containsOnlyKeys("username", "password", "passwordHash");
    assertThat(secret.getMetadata().getLabels()).isEqualTo(new StackNames("tracking").labels("proxy"));
    String password = new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    String proxyId = cr.get().getStatus().ids.get("service/proxy");
    assertThat(sandbox.state().variables.stream().filter(v -> proxyId.equals(v.serviceId)).findFirst().orElseThrow()
        .values).containsEntry("BASIC_AUTH_PASSWORD", password);
    assertThat(cr.get().getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Healthy");
      assertThat(c.getStatus()).isEqualTo("Unknown");
    });

    cr.delete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(cr.get()).isNull();
      assertThat(sandbox.state().services).isEmpty();
    });
    assertThat(sandbox.state().volumeInstances).singleElement()
        .satisfies(v -> assertThat(v.isPendingDeletion).as("Retain keeps the volume").isFalse());
  }

  @Test
  void aUsersSecretWithTheCredentialsNameStopsTheRailwayReconcileAndIsLeftUntouched() {
    var client = cluster.client;
    client.resource(new SecretBuilder().withNewMetadata().withName("railway-own").withNamespace(NS).endMetadata()
        .addToStringData("token", sandbox.token()).build()).createOr(existing -> existing.update());
    var users = Map.of("password", "dXNlcg==", "apiKey", "a2VlcA==");
    client.resource(new SecretBuilder().withNewMetadata().withName("mine-credentials").withNamespace(NS).endMetadata()
        .withData(users).build()).create();
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("mine").withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = "ml-mine";
    spec.railway.tokenSecretRef = new SecretKeyRef("railway-own", "token");
    resource.setSpec(spec);
    client.resource(resource).create();
    var cr = client.resources(MlflowDeployment.class).inNamespace(NS).withName("mine");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      var status = cr.get().getStatus();
      assertThat(status).isNotNull();
      assertThat(status.conditions).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Synced");
        assertThat(c.getReason()).isEqualTo("ObjectNotOwned");
        assertThat(c.getMessage()).contains("Secret/mine-credentials");
      });
    });
    var secret = client.secrets().inNamespace(NS).withName("mine-credentials").get();
    assertThat(secret.getData()).isEqualTo(users);
    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(sandbox.state().services).noneSatisfy(s -> assertThat(s.name).startsWith("mine-"));
    cr.delete();
  }
}
