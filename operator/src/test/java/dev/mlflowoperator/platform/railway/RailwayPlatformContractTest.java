package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.Platform;
import dev.mlflowoperator.platform.PlatformContract;
import dev.mlflowoperator.platform.PlatformFixture;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.railway.RailwayFailures;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.FaultInjector;
import dev.mlflowoperator.railway.sandbox.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform contract on {@link RailwayPlatform} against the Railway sandbox in-process, on a manual clock. A write
 * is one mutation request (Railway's batched ConfigureStack counts once); the project, which deletion leaves to its
 * owner, is where the stack lives rather than one of its objects.
 */
class RailwayPlatformContractTest extends PlatformContract {
  @Override
  protected PlatformFixture start() {
    return new RailwayFixture();
  }

  /** Out-of-band changes go to the sandbox directly, as a user in Railway's dashboard would make them. */
  static final class RailwayFixture implements PlatformFixture {
    /** Longer than a rollout, so that finishing rollouts leaves a backup running. */
    static final Duration WORKFLOW_TIME = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
    private final RailwaySandbox sandbox = RailwaySandbox.builder().seed(3).clock(clock)
        .deploymentDuration(RailwayStackHarness.DEPLOY_TIME).workflowDuration(WORKFLOW_TIME).build();
    private final GraphqlExecutor railway = sandbox.executor();
    private long requests;
    private long writes;
    private int crashAfter;
    private int unclearAt;
    private boolean unclearLands;
    private int crashWrite;
    private final RailwayPlatform platform = new RailwayPlatform(this::execute,
        HealthProber.notRun(RailwayStackHarness.SANDBOX_RUNS_NOTHING));

    /** Every request of the platform, in order: its operation's name and its variables. */
    final List<String> log = new ArrayList<>();

    private JsonNode execute(GraphqlOperation operation, Map<String, Object> variables) {
      requests++;
      log.add(operation.name() + " " + variables);
      boolean unanswered = operation.isMutation() && unclearAt > 0 && --unclearAt == 0;
      if (unanswered) {
        writes++;
        if (unclearLands) {
          railway.execute(operation, variables);
        }
        throw RailwayFailures.outcomeUnknown(operation);
      }
      var data = railway.execute(operation, variables);
      if (operation.isMutation()) {
        writes++;
        if (crashAfter > 0 && --crashAfter == 0) {
          throw new IllegalStateException("crashed after write " + crashWrite);
        }
      }
      return data;
    }

    @Override
    public Platform<?, ?> platform() {
      return platform;
    }

    /** Railway's API as the platform sees it: every request logged and counted. */
    GraphqlExecutor api() {
      return this::execute;
    }

    /** Each deployment in a project of its own. */
    @Override
    public MlflowDeployment deployment(String name) {
      var deployment = RailwayStackHarness.deployment(name);
      deployment.getSpec().railway.project = "ml-" + name;
      return deployment;
    }

    @Override
    public void finishRollouts() {
      clock.advance(RailwayStackHarness.DEPLOY_TIME);
    }

    @Override
    public long requests() {
      return requests;
    }

    @Override
    public long writes() {
      return writes;
    }

    @Override
    public void unclearOutcomeAtWrite(int n, boolean lands) {
      unclearAt = n;
      unclearLands = lands;
    }

    @Override
    public void crashAfterWrites(int n) {
      crashAfter = n;
      crashWrite = n;
    }

    @Override
    public Map<String, List<String>> inventory(MlflowDeployment deployment) {
      var state = sandbox.state();
      Set<String> projects = state.projects.stream().filter(p -> p.name.equals(deployment.getSpec().railway.project))
          .map(p -> p.id).collect(Collectors.toSet());
      Set<String> environments = state.environments.stream().filter(e -> projects.contains(e.projectId))
          .map(e -> e.id).collect(Collectors.toSet());
      var inventory = new LinkedHashMap<String, List<String>>();
      for (String component : List.of("mlflow", "proxy")) {
        String name = deployment.getMetadata().getName() + "-" + component;
        put(inventory, "service/" + component, state.services.stream()
            .filter(s -> projects.contains(s.projectId) && s.name.equals(name)).map(s -> s.id).toList());
      }
      put(inventory, "volume", state.volumeInstances.stream()
          .filter(v -> environments.contains(v.environmentId) && !v.isPendingDeletion).map(v -> v.volumeId).toList());
      put(inventory, "domain", state.serviceDomains.stream()
          .filter(d -> environments.contains(d.environmentId)).map(d -> d.id).toList());
      return inventory;
    }

    @Override
    public Object serviceSetting(MlflowDeployment deployment) {
      String proxy = id(deployment, "service/proxy");
      return sandbox.state().serviceInstances.stream().filter(i -> i.serviceId.equals(proxy)).findFirst()
          .orElseThrow().healthcheckPath;
    }

    @Override
    public OutOfBand changeServiceSetting(MlflowDeployment deployment) {
      outOfBand(RailwayTargetContract.UPDATE_SETTINGS, Map.of("s", id(deployment, "service/proxy"),
          "e", id(deployment, "environment"), "i", Map.of("healthcheckPath", "/elsewhere")));
      return new OutOfBand("service/proxy", "service/proxy: healthcheckPath");
    }

    @Override
    public OutOfBand deleteService(MlflowDeployment deployment) {
      outOfBand("mutation($id: String!) { serviceDelete(id: $id) }", Map.of("id", id(deployment, "service/proxy")));
      return new OutOfBand("service/proxy", "service/proxy: missing");
    }

    @Override
    public void deleteDataVolume(MlflowDeployment deployment) {
      outOfBand("mutation($id: String!) { volumeDelete(volumeId: $id) }",
          Map.of("id", id(deployment, "volume")));
    }

    @Override
    public void plantForeignObject(MlflowDeployment deployment) {
      outOfBand("mutation($i: ProjectCreateInput!) { projectCreate(input: $i) { id } }", Map.of("i",
          Map.of("name", deployment.getSpec().railway.project, "description", "The data team's own project.")));
    }

    /** The project and everything in it. */
    @Override
    public Object foreignObject(MlflowDeployment deployment) {
      var state = sandbox.state();
      var project = state.projects.stream().filter(p -> p.name.equals(deployment.getSpec().railway.project))
          .findFirst();
      return project.map(p -> List.of(p.id, p.name, p.description,
          state.services.stream().filter(s -> s.projectId.equals(p.id)).map(s -> s.id).toList(),
          state.volumes.stream().filter(v -> v.projectId.equals(p.id)).map(v -> v.id).toList())).orElse(null);
    }

    /** Backup workflows run {@link #WORKFLOW_TIME} on the sandbox's clock. */
    @Override
    public void finishBackups() {
      clock.advance(WORKFLOW_TIME);
    }

    /** Every backup workflow started from now on ends in Error. */
    @Override
    public void failBackups() {
      sandbox.faults(FaultInjector.builder(3).fault(FaultKind.WORKFLOW_ERROR, 1.0, "volumeInstanceBackupCreate")
          .build());
    }

    @Override
    public List<String> upgradeBackups(MlflowDeployment deployment) {
      return sandbox.state().workflows.stream()
          .filter(w -> w.name != null && w.name.startsWith(RailwayPlatform.BEFORE_UPGRADE + " ")
              && w.volumeInstanceId.equals(id(deployment, RailwayIds.VOLUME_INSTANCE)))
          .map(w -> w.id).toList();
    }

    /** The MLflow service's deployments crash, the one deployed now included. */
    @Override
    public void holdMlflowRollouts(MlflowDeployment deployment) {
      sandbox.setCrashing(id(deployment, "service/mlflow"), true);
    }

    @Override
    public String mlflowImage(MlflowDeployment deployment) {
      String mlflow = id(deployment, "service/mlflow");
      return sandbox.state().serviceInstances.stream().filter(i -> i.serviceId.equals(mlflow)).findFirst()
          .orElseThrow().sourceImage;
    }

    @Override
    public String notOwnedReason() {
      return "ProjectNotManaged";
    }

    @Override
    public void close() {
      sandbox.close();
    }

    private static void put(Map<String, List<String>> inventory, String key, List<String> ids) {
      if (!ids.isEmpty()) {
        inventory.put(key, ids);
      }
    }

    private static String id(MlflowDeployment deployment, String key) {
      return deployment.getStatus().ids.get(key);
    }

    private void outOfBand(String document, Map<String, Object> variables) {
      var body = sandbox.execute(document, variables);
      if (body.get("errors") != null) {
        throw new AssertionError("the out-of-band change failed: " + body.get("errors"));
      }
    }
  }
}
