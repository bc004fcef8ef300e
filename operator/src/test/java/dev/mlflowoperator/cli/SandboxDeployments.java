package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import dev.mlflowoperator.railway.sandbox.SandboxStore;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateLock;
import dev.mlflowoperator.state.StateStore;
import java.nio.file.Path;
import java.util.Map;

/** The sandbox and records of a home, opened as mlflowctl sandbox serve does (under its lock), between commands. */
final class SandboxDeployments {
  static final String EXAMPLE = Path.of("..", "manifests", "examples", "railway-basic.yaml").toString();
  static final String UPDATE_SETTINGS = "mutation($s: String!, $e: String!, $i: ServiceInstanceUpdateInput!) "
      + "{ serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: $i) }";

  private final MlflowctlHome home;

  SandboxDeployments(Path home) {
    this.home = new MlflowctlHome(home, home.toString());
  }

  MlflowDeployment recorded(String name) {
    return new StateStore(home).load(name).orElseThrow();
  }

  /** Adds {@code ids} to the deployment's recorded status.ids, as a command that ended part-way leaves them. */
  void recordIds(String name, Map<String, String> ids) {
    var store = new StateStore(home);
    var deployment = store.load(name).orElseThrow();
    deployment.getStatus().ids.putAll(ids);
    store.save(deployment);
  }

  /** Runs a GraphQL document against the home's sandbox, as a user in Railway's dashboard would. */
  void outOfBand(String document, Map<String, Object> variables) {
    try (var lock = StateLock.ofSandbox(home); var sandbox = open()) {
      var body = sandbox.execute(document, variables);
      assertThat(body.get("errors")).as("out-of-band change").isNull();
    }
  }

  /** Makes the volume instance hold {@code usedMB} of data, as MLflow writing to it would. */
  void fill(String volumeInstanceId, int usedMB) {
    try (var lock = StateLock.ofSandbox(home); var sandbox = open()) {
      sandbox.setVolumeUsage(volumeInstanceId, usedMB);
    }
  }

  /** Makes the running workflows of {@code kind} (e.g. BACKUP_RESTORE) end in Error, as a WORKFLOW_ERROR fault does. */
  void failRunningWorkflows(String kind) {
    try (var lock = StateLock.ofSandbox(home)) {
      var store = new SandboxStore(home.resolve(HomeRailway.SANDBOX_STATE));
      SandboxState state = store.load().orElseThrow();
      state.workflows.stream().filter(w -> w.kind.equals(kind) && "Running".equals(w.status))
          .forEach(w -> w.fails = true);
      store.save(state);
    }
  }

  /** From now on the service's deployments end CRASHED ({@code false}: they succeed again), as a broken image's would. */
  void crashing(String serviceName, boolean crashing) {
    try (var lock = StateLock.ofSandbox(home)) {
      var store = new SandboxStore(home.resolve(HomeRailway.SANDBOX_STATE));
      SandboxState state = store.load().orElseThrow();
      state.services.stream().filter(s -> s.name.equals(serviceName)).forEach(s -> s.crashing = crashing);
      store.save(state);
    }
  }

  /** Everything the home's sandbox holds now. */
  SandboxState state() {
    try (var lock = StateLock.ofSandbox(home); var sandbox = open()) {
      return sandbox.state();
    }
  }

  private RailwaySandbox open() {
    return RailwaySandbox.builder().stateFile(home.resolve(HomeRailway.SANDBOX_STATE)).build();
  }
}
