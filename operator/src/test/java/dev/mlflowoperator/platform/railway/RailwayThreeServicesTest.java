package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.model.Component;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.Resources;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.platform.PlatformReport;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.platform.StackDesign;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.secrets.SecretResolver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stack with a third service component, added to the DesiredStack by the test alone: Railway creates, observes,
 * repairs and deletes it with no Railway code knowing it, within the same request budgets as two services.
 */
class RailwayThreeServicesTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private final RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).clock(clock)
      .deploymentDuration(RailwayStackHarness.DEPLOY_TIME).build();
  private final MlflowDeployment resource = RailwayStackHarness.deployment("tracking");
  private final RailwayPlatform platform = new RailwayPlatform(sandbox.executor(),
      HealthProber.notRun(RailwayStackHarness.SANDBOX_RUNS_NOTHING),
      stack -> withWorker(DesiredStackFactory.outline(stack.names().deployment(), stack.spec())), Clock.systemUTC());
  private RailwayStackPlan lastPlan;

  @AfterEach
  void close() {
    sandbox.close();
  }

  @Test
  void aThirdServiceConvergesFreshWithinSixRequestsAndIsThenSteadyInOne() {
    reconcile();
    clock.advance(RailwayStackHarness.DEPLOY_TIME);
    var report = reconcile();

    assertThat(sandbox.stats().total()).as("fresh converge, %s", sandbox.stats().snapshot()).isEqualTo(6);
    assertThat(sandbox.state().services).extracting(s -> s.name)
        .containsExactlyInAnyOrder("tracking-mlflow", "tracking-proxy", "tracking-worker");
    var worker = RailwayTargetContract.instance(sandbox.state(), id("service/worker"));
    assertThat(worker.sourceImage).isEqualTo("busybox:1.36");
    assertThat(worker.startCommand).isEqualTo("sh -c 'sleep infinity'");
    assertThat(worker.vCPUs).as("cpu 500m").isEqualTo(0.5);
    assertThat(worker.memoryGB).as("memory 512Mi").isEqualTo(0.537);
    assertThat(RailwayTargetContract.variables(sandbox.state(), id("service/worker")))
        .containsEntry("QUEUE", "jobs").containsEntry("PORT", "9000");
    assertThat(resource.getStatus().ids).containsKeys("service/mlflow", "service/proxy", "service/worker",
        "deployed/worker", "volume", "domain");
    assertThat(report.components()).containsOnlyKeys("mlflow", "proxy", "worker", "storage");
    assertThat(report.components().get("worker").state).isEqualTo("Ready");
    assertThat(report.runningMlflowVersion()).isEqualTo(resource.getSpec().mlflow.version);

    long before = sandbox.stats().total();
    long mutations = mutations();
    reconcile();

    assertThat(sandbox.stats().total() - before).as("steady state").isEqualTo(1);
    assertThat(mutations()).isEqualTo(mutations);
    assertThat(lastPlan.changes()).isEmpty();
  }

  @Test
  void aChangedSettingOfTheThirdServiceIsPutBackInTwoRequests() {
    reconcile();
    clock.advance(RailwayStackHarness.DEPLOY_TIME);
    reconcile();
    sandbox.execute(RailwayTargetContract.UPDATE_SETTINGS, Map.of("s", id("service/worker"), "e", id("environment"),
        "i", Map.of("startCommand", "sh")));
    long before = sandbox.stats().total();

    reconcile();

    assertThat(sandbox.stats().total() - before).as("observe, one ConfigureStack").isEqualTo(2);
    assertThat(lastPlan.reasons()).containsExactly("service/worker: startCommand");
    assertThat(RailwayTargetContract.instance(sandbox.state(), id("service/worker")).startCommand)
        .isEqualTo("sh -c 'sleep infinity'");
  }

  @Test
  void deletionRemovesEveryServiceInOneRequestAndKeepsTheVolume() {
    reconcile();
    long before = sandbox.stats().total();

    platform.delete(new Stack(resource, SecretResolver.none()));

    assertThat(sandbox.stats().total() - before).as("observe, one DeleteStack").isEqualTo(2);
    assertThat(sandbox.state().services).isEmpty();
    assertThat(sandbox.state().volumeInstances).singleElement().satisfies(v -> assertThat(v.serviceId).isNull());
  }

  /** One reconcile as ReconcileLoop runs it, with the worker in the desired stack and fixed credentials. */
  private PlatformReport reconcile() {
    var stack = new Stack(resource, SecretResolver.none());
    var observed = platform.observe(stack);
    StackDesign design = addresses -> withWorker(DesiredStackFactory.build("tracking", resource.getSpec(),
        RailwayPlannerTest.CREDENTIALS, addresses));
    lastPlan = platform.plan(stack, design.with(platform.addresses(stack, observed)), observed);
    var report = platform.apply(stack, lastPlan, observed, design);
    var status = new MlflowDeploymentStatus();
    status.ids = stack.ids().asMap();
    resource.setStatus(status);
    return report;
  }

  /** The stack and a worker service: private, limited, with one variable of its own. */
  private static DesiredStack withWorker(DesiredStack stack) {
    var components = new ArrayList<Component>(stack.components());
    components.add(new ServiceComponent("worker", stack.names().deployment() + "-worker", "busybox:1.36", null,
        List.of("sh", "-c", "sleep infinity"), List.of(EnvVar.literal("QUEUE", "jobs")), 9000,
        new ServiceComponent.Health("/health", ServiceComponent.Liveness.PORT_OPEN), Resources.exactly("500m", "512Mi"),
        List.of(), List.of(), List.of(), ServiceComponent.Rollout.OVERLAP, ServiceComponent.Access.onlyFrom("proxy"),
        List.of(), null));
    return new DesiredStack(stack.names(), components);
  }

  private String id(String key) {
    return resource.getStatus().ids.get(key);
  }

  private long mutations() {
    return sandbox.stats().total() - sandbox.stats().count("ObserveStack") - sandbox.stats().count("FindProjects");
  }
}
