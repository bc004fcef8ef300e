package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.platform.kubernetes.CredentialsSecret;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.testing.EchoingRailway;
import dev.mlflowoperator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator records a Railway error text that repeats the token and the users' passwords and hashes without them,
 * and cut.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RailwayErrorTextOperatorTest {
  static final String NS = "ml";
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** The password that makes the Railway in front of the sandbox answer with an error repeating the request. */
  static final String PASSWORD = "echoed-pass-61b0d9c2";

  MockCluster cluster;
  RailwaySandbox sandbox;
  EchoingRailway railway;
  OperatorRunner operator;

  @BeforeAll
  void start() {
    cluster = MockCluster.start();
    sandbox = RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
    railway = EchoingRailway.start(sandbox.url(), PASSWORD);
    var reconciler = new MlflowDeploymentReconciler(false, new SpecValidator()::validate, Clock.systemUTC(),
        Map.of(RailwayEndpoint.ENV_API_URL, railway.url()), HealthProber.notRun("the sandbox runs nothing"));
    operator = new OperatorRunner(cluster.client, new OperatorRunner.Settings(Set.of(), false), reconciler);
    operator.start();
  }

  @AfterAll
  void stop() {
    operator.close();
    railway.close();
    sandbox.close();
    cluster.close();
  }

  @Test
  void aRailwayErrorRepeatingTheTokenAndThePasswordIsInStatusWithoutThemAndCut() {
    var client = cluster.client;
    String token = sandbox.token();
    client.resource(new SecretBuilder().withNewMetadata().withName("railway").withNamespace(NS).endMetadata()
        .addToStringData("token", token).build()).create();
    client.resource(new SecretBuilder().withNewMetadata().withName("auth").withNamespace(NS).endMetadata()
        .addToStringData("password", PASSWORD).build()).create();
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = "ml-platform";
    spec.railway.tokenSecretRef = new SecretKeyRef("railway", "token");
    // Two users: bob's password generated, alice's the one whose request Railway echoes.
    spec.proxy.auth.users = List.of(new UserSpec("bob", null), new UserSpec("alice", new SecretKeyRef("auth", "password")));
    resource.setSpec(spec);
    client.resource(resource).create();
    var cr = client.resources(MlflowDeployment.class).inNamespace(NS).withName("tracking");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(cr.get().getStatus()).isNotNull();
      assertThat(cr.get().getStatus().conditions).anySatisfy(c ->
          assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Synced=False"));
    });

    assertThat(railway.echoed()).isPositive();
    var credentials = client.secrets().inNamespace(NS).withName("tracking-credentials").get();
    var generated = Stream.of("password", "passwordHash", "passwordHash-1")
        .map(key -> CredentialsSecret.value(credentials, key).orElseThrow()).toList();
    assertThat(cr.get().getStatus().conditions).allSatisfy(c -> assertThat(c.getMessage())
        .doesNotContain(token).doesNotContain(PASSWORD).doesNotContain(generated).hasSizeLessThan(700));
    assertThat(cr.get().getStatus().conditions).filteredOn(c -> c.getType().equals("Synced")).singleElement()
        .satisfies(c -> assertThat(c.getMessage()).contains("more characters cut)"));
  }
}
