package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's Railway resources on one token, each reconciled on its own as JOSDK does: once their resync is due,
 * the first reconcile reads every due deployment of the token in one shared ObserveStacks and the others plan from
 * their part, over HTTP to the sandbox.
 */
class RailwayModeSharedObserveTest {
  private static final String NS = "ml";
  private static final int RESOURCES = 5;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T12:00:00Z"));
  private final StatusRecorder recorder = new StatusRecorder(clock);
  private MockCluster cluster;
  private RailwaySandbox sandbox;
  private RailwayMode mode;
  private final List<MlflowDeployment> resources = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    sandbox = RailwaySandbox.builder().clock(clock).deploymentDuration(Duration.ZERO).build().start();
    var tokens = new RailwayClientsByToken(
        Map.of(RailwayEndpoint.ENV_API_URL, sandbox.url(), RailwayEndpoint.ENV_TOKEN, sandbox.token()), clock,
        client -> {});
    mode = new RailwayMode(cluster.client, tokens, HealthProber.notRun("the sandbox runs nothing"),
        new CredentialsGenerator(), new SpecValidator()::validate, clock);
    for (int i = 0; i < RESOURCES; i++) {
      resources.add(cluster.client.resource(resource("tracking-" + i, "team-" + i)).create());
    }
  }

  @AfterEach
  void stop() {
    sandbox.close();
    cluster.close();
  }

  @Test
  void oncePastTheResyncIntervalOneSharedRequestObservesEveryResourceOfTheToken() {
    for (int pass = 0; pass < 3; pass++) {
      reconcileAll();
      clock.advance(Duration.ofSeconds(61));
    }
    assertThat(resources).allSatisfy(r -> assertThat(r.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True")));
    var before = sandbox.stats().snapshot();

    reconcileAll();

    assertThat(sentSince(before)).containsExactly(Map.entry("ObserveStacks", 1L));
  }

  @Test
  void aResourceReconciledAgainWithinThePassObservesOnItsOwnRatherThanReuseItsPart() {
    for (int pass = 0; pass < 3; pass++) {
      reconcileAll();
      clock.advance(Duration.ofSeconds(61));
    }
    reconcileAll();
    var before = sandbox.stats().snapshot();

    reconcile(resources.get(2));

    assertThat(sentSince(before)).containsExactly(Map.entry("ObserveStack", 1L));
  }

  private void reconcileAll() {
    resources.forEach(this::reconcile);
  }

  private void reconcile(MlflowDeployment resource) {
    var report = mode.reconcile(resource, plan -> {});
    resource.setStatus(recorder.record(resource.getStatus(), report).status());
  }

  private Map<String, Long> sentSince(Map<String, Long> before) {
    var sent = new HashMap<String, Long>();
    sandbox.stats().snapshot().forEach((operation, count) -> {
      if (count > before.getOrDefault(operation, 0L)) {
        sent.put(operation, count - before.getOrDefault(operation, 0L));
      }
    });
    return sent;
  }

  private static MlflowDeployment resource(String name, String project) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withGeneration(1L).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = project;
    resource.setSpec(spec);
    return resource;
  }
}
