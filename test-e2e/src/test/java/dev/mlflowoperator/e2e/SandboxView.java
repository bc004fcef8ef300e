package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import java.util.Map;

/** What a Railway sandbox holds, read as a test checks it: counts, and a service's variables through GraphQL. */
final class SandboxView {
  static final String VARIABLES = "query($e: String!, $p: String!, $s: String) "
      + "{ variables(environmentId: $e, projectId: $p, serviceId: $s) }";
  static final String UPDATE_SETTINGS = "mutation($s: String!, $e: String!, $i: ServiceInstanceUpdateInput!) "
      + "{ serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: $i) }";

  private SandboxView() {}

  /** Projects, services, volumes and domains the sandbox holds. */
  record Counts(int projects, int services, int volumes, int domains) {}

  static Counts counts(RailwaySandbox sandbox) {
    SandboxState s = sandbox.state();
    return new Counts(s.projects.size(), s.services.size(), s.volumes.size(), s.serviceDomains.size());
  }

  static String serviceId(RailwaySandbox sandbox, String name) {
    return sandbox.state().services.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow().id;
  }

  static SandboxState.ServiceInstance instance(RailwaySandbox sandbox, String serviceName) {
    String id = serviceId(sandbox, serviceName);
    return sandbox.state().serviceInstances.stream().filter(i -> i.serviceId.equals(id)).findFirst().orElseThrow();
  }

  /** The service's variables, read through the sandbox's GraphQL API as the token holder. */
  @SuppressWarnings("unchecked")
  static Map<String, String> variables(RailwaySandbox sandbox, String serviceName) {
    var state = sandbox.state();
    var service = state.services.stream().filter(s -> s.name.equals(serviceName)).findFirst().orElseThrow();
    String environment = state.environments.stream().filter(e -> e.projectId.equals(service.projectId))
        .findFirst().orElseThrow().id;
    var body = sandbox.execute(VARIABLES, Map.of("e", environment, "p", service.projectId, "s", service.id));
    assertThat(body.get("errors")).as("%s", body).isNull();
    return (Map<String, String>) ((Map<String, Object>) body.get("data")).get("variables");
  }

  /** An out-of-band change: sets the service's start command as someone in Railway's dashboard would. */
  static void setStartCommand(RailwaySandbox sandbox, String serviceName, String command) {
    var instance = instance(sandbox, serviceName);
    var body = sandbox.execute(UPDATE_SETTINGS, Map.of("s", instance.serviceId, "e", instance.environmentId,
        "i", Map.of("startCommand", command)));
    assertThat(body.get("errors")).as("%s", body).isNull();
  }
}
