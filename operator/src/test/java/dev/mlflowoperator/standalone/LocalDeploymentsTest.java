package dev.mlflowoperator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeploymentsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private RailwaySandbox sandbox;
  private StateStore store;
  private LocalDeployments deployments;

  @BeforeEach
  void setUp(@TempDir Path home) {
    sandbox = RailwaySandbox.builder().seed(5).clock(clock).deploymentDuration(Duration.ofSeconds(20)).build();
    store = new StateStore(new MlflowctlHome(home, "home"));
    var railway = new ReconcileLoop<>(new RailwayPlatform(sandbox.executor(), HealthProber.notRun("sandbox")), new CredentialsGenerator());
    deployments = new LocalDeployments(store, railway, SecretResolver.none(), clock, HomeRailway.SANDBOX_ENDPOINT);
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void reconcilingRecordsTheIdsAndStatusSoTheNextRunIsOneObserve() {
    deployments.reconcile(spec(2));
    clock.advance(Duration.ofSeconds(30));
    var recorded = deployments.reconcile(spec(2));

    assertThat(store.load("default", "tracking")).isPresent();
    assertThat(recorded.getMetadata().getCreationTimestamp()).as("kept from the first reconcile")
        .isEqualTo("2026-11-01T12:00:00Z");
    assertThat(StateStore.isOnSandbox(recorded)).isTrue();
    assertThat(recorded.getStatus().ids).containsKeys("project", "volume");
    assertThat(recorded.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    long before = sandbox.stats().total();
    deployments.reconcile(spec(2));
    assertThat(sandbox.stats().total() - before).as("steady state with recorded IDs").isEqualTo(1);
  }

  @Test
  void aChangedSpecCountsAsANewGenerationNotAsDrift() {
    deployments.reconcile(spec(2));
    var changed = deployments.reconcile(spec(3));

    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(changed.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(changed.getStatus().drift).isNull();
  }

  @Test
  void planTouchesNeitherThePlatformNorTheStore() {
    var plan = deployments.plan(spec(2));

    assertThat(plan.lines()).isNotEmpty();
    assertThat(store.list()).isEmpty();
    assertThat(sandbox.state().projects).isEmpty();
  }

  @Test
  void aDeploymentRecordedOnAnotherEndpointIsRefusedBeforeAnyRequestAndItsRecordKept() {
    deployments.reconcile(spec(2));
    var recorded = store.load("default", "tracking").orElseThrow();
    var elsewhere = on("https://railway.example/graphql/v2");
    long before = sandbox.stats().total();

    assertThatThrownBy(() -> elsewhere.reconcile(spec(3))).isInstanceOf(StateException.class)
        .hasMessage("tracking was applied to the local Railway sandbox, but this run uses the Railway API at"
            + " https://railway.example/graphql/v2; unset RAILWAY_TOKEN, RAILWAY_PROJECT_TOKEN and RAILWAY_API_URL"
            + " to use it");
    assertThatThrownBy(() -> elsewhere.plan(spec(3))).isInstanceOf(StateException.class);
    assertThat(sandbox.stats().total()).isEqualTo(before);
    assertThat(store.load("default", "tracking").orElseThrow()).usingRecursiveComparison().isEqualTo(recorded);
  }

  @Test
  void aRecordWithoutAnEndpointCountsAsAppliedToRailwaysOwnApi() {
    var legacy = spec(2);
    legacy.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace("default").build());
    store.save(legacy);

    assertThat(StateStore.endpointOf(store.load("default", "tracking").orElseThrow()))
        .isEqualTo(RailwayEndpoint.DEFAULT_URL);
    assertThatThrownBy(() -> deployments.plan(spec(2))).isInstanceOf(StateException.class)
        .hasMessageContaining("tracking was applied to Railway, but this run uses the local Railway sandbox");
    assertThatThrownBy(() -> on("http://127.0.0.1:9/graphql/v2").plan(spec(2))).isInstanceOf(StateException.class)
        .hasMessageContaining("set RAILWAY_TOKEN (or RAILWAY_PROJECT_TOKEN) and unset RAILWAY_API_URL");
  }

  @Test
  void aVolumeKeptUnderRetainIsReattachedByItsRecordedIdOnTheSameEndpointOnly() {
    var first = deployments.reconcile(spec(2));
    String volume = first.getStatus().ids.get("volume");
    railway().delete(first);
    store.retain(first, Map.of("volume", volume));
    store.delete("default", "tracking");

    assertThat(on("https://railway.example/graphql/v2").withRecordedState(spec(2)).getStatus())
        .as("kept on the sandbox, not offered elsewhere").isNull();
    var again = deployments.reconcile(spec(2));

    assertThat(again.getStatus().ids).containsEntry("volume", volume);
    assertThat(sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volume);
      assertThat(v.serviceId).isEqualTo(again.getStatus().ids.get("service/mlflow"));
    });
    assertThat(store.retained("default", "tracking")).as("held by the record again").isEmpty();
  }

  private ReconcileLoop<?, ?> railway() {
    return new ReconcileLoop<>(new RailwayPlatform(sandbox.executor(), HealthProber.notRun("sandbox")), new CredentialsGenerator());
  }

  private LocalDeployments on(String endpoint) {
    return new LocalDeployments(store, railway(), SecretResolver.none(), clock, endpoint);
  }

  private static MlflowDeployment spec(int workers) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.RAILWAY;
    spec.railway = new RailwaySpec();
    spec.railway.project = "ml-platform";
    spec.mlflow.workers = workers;
    resource.setSpec(spec);
    return resource;
  }
}
