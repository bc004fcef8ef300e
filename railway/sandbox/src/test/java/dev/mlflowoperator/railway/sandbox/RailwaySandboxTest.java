package dev.mlflowoperator.railway.sandbox;

import static dev.mlflowoperator.railway.sandbox.SandboxClients.failure;
import static dev.mlflowoperator.railway.sandbox.SandboxClients.run;
import static dev.mlflowoperator.railway.sandbox.SandboxClients.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox over HTTP on loopback, driven by the real client and the real operation documents. */
class RailwaySandboxTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration DEPLOY_TIME = Duration.ofSeconds(40);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private RailwaySandbox sandbox;
  private RailwayClient client;

  /** The ids of one project, its environment and one service in it. */
  private record Stack(String projectId, String environmentId, String serviceId) {}

  @BeforeEach
  void start() {
    sandbox = RailwaySandbox.builder().seed(7).clock(clock).deploymentDuration(DEPLOY_TIME).build().start();
    client = SandboxClients.bearer(sandbox);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void twoFreshSandboxesHandOutDifferentIds() {
    String create = "mutation($i: ProjectCreateInput!) { projectCreate(input: $i) { id } }";
    try (var one = RailwaySandbox.builder().build(); var other = RailwaySandbox.builder().build()) {
      var first = one.execute(create, Map.of("i", Map.of("name", "p")));
      var second = other.execute(create, Map.of("i", Map.of("name", "p")));

      assertThat(first.get("errors")).isNull();
      assertThat(second.get("errors")).isNull();
      assertThat(one.state().projects.get(0).id).isNotEqualTo(other.state().projects.get(0).id);
    }
  }

  private Stack stackWithService(String serviceName) {
    JsonNode project = run(client, "ProjectCreate", "name", "mlflow-demo", "description", "managed")
        .path("projectCreate");
    String environmentId = project.path("environments").path("edges").path(0).path("node").path("id").asText();
    String serviceId = run(client, "ServiceCreate", "projectId", project.path("id").asText(),
        "environmentId", environmentId, "name", serviceName, "variables", null)
        .path("serviceCreate").path("id").asText();
    return new Stack(project.path("id").asText(), environmentId, serviceId);
  }

  private JsonNode observe(Stack stack) {
    return run(client, SandboxClients.OBSERVE, "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "mlflowServiceId", stack.serviceId(), "withMlflowVariables", true,
        "proxyServiceId", "", "withProxyVariables", false);
  }

  private static JsonNode firstInstance(JsonNode observed) {
    return observed.path("environment").path("serviceInstances").path("edges").path(0).path("node");
  }

  private void setImage(Stack stack) {
    run(client, "ServiceInstanceUpdate", "serviceId", stack.serviceId(), "environmentId", stack.environmentId(),
        "input", Map.of("source", Map.of("image", "ghcr.io/mlflow/mlflow:v3.1.0")));
  }

  @Test
  void aNewProjectHasTheDefaultProductionEnvironment() {
    JsonNode project = run(client, "ProjectCreate", "name", "p", "description", "d", "workspaceId", null)
        .path("projectCreate");

    assertThat(project.path("id").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(project.path("environments").path("edges")).hasSize(1);
    assertThat(project.path("environments").path("edges").path(0).path("node").path("name").asText())
        .isEqualTo("production");
  }

  @Test
  void aSecondServiceWithTheSameNameInAProjectIsANameCollision() {
    Stack stack = stackWithService("mlflow");

    var error = failure(client, "ServiceCreate", "projectId", stack.projectId(),
        "environmentId", stack.environmentId(), "name", "mlflow", "variables", null);

    assertThat(error.kind()).isEqualTo(Kind.NAME_COLLISION);
    assertThat(error.getMessage()).contains("Service name already exists");
    assertThat(stackWithService("mlflow").serviceId()).as("the same name in another project").isNotBlank();
  }

  @Test
  void volumeCreateWithAnEnvironmentMountsAnAutoNamedVolumeAtThePath() {
    Stack stack = stackWithService("mlflow");

    JsonNode volume = run(client, "VolumeCreate", "projectId", stack.projectId(),
        "environmentId", stack.environmentId(), "serviceId", stack.serviceId(), "mountPath", "/mlflow")
        .path("volumeCreate");

    assertThat(volume.path("name").asText()).matches("[a-z]+-[a-z]+-volume");
    JsonNode instance = observe(stack).path("environment").path("volumeInstances").path("edges").path(0).path("node");
    assertThat(instance.path("volumeId").asText()).isEqualTo(volume.path("id").asText());
    assertThat(instance.path("volume").path("name").asText()).isEqualTo(volume.path("name").asText());
    assertThat(instance.path("serviceId").asText()).isEqualTo(stack.serviceId());
    assertThat(instance.path("mountPath").asText()).isEqualTo("/mlflow");
    assertThat(instance.path("state").asText()).isEqualTo("READY");
    assertThat(instance.path("isPendingDeletion").asBoolean()).isFalse();
    assertThat(failure(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "mountPath", "/other").kind())
        .as("one volume per service").isEqualTo(Kind.NAME_COLLISION);
  }

  @Test
  void observeStackReturnsTheWholeStackInOneRequest() {
    Stack stack = stackWithService("mlflow");
    String proxyId = run(client, "ServiceCreate", "projectId", stack.projectId(),
        "environmentId", stack.environmentId(), "name", "proxy", "variables", Map.of("PORT", "8080"))
        .path("serviceCreate").path("id").asText();
    run(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "mountPath", "/mlflow");
    run(client, "VariableCollectionUpsert", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "variables", Map.of("MLFLOW_PORT", "5000"));
    run(client, "ServiceInstanceUpdate", "serviceId", stack.serviceId(), "environmentId", stack.environmentId(),
        "input", Map.of("startCommand", "mlflow server", "healthcheckPath", "/health",
            "restartPolicyType", "ALWAYS", "source", Map.of("image", "ghcr.io/mlflow/mlflow:v3.1.0")));
    run(client, "ServiceDomainCreate", "environmentId", stack.environmentId(), "serviceId", proxyId,
        "targetPort", 8080);
    long before = sandbox.stats().total();

    JsonNode observed = run(client, SandboxClients.OBSERVE, "projectId", stack.projectId(),
        "environmentId", stack.environmentId(), "mlflowServiceId", stack.serviceId(), "withMlflowVariables", true,
        "proxyServiceId", proxyId, "withProxyVariables", true);

    assertThat(sandbox.stats().total() - before).isEqualTo(1);
    assertThat(observed.path("project").path("services").path("edges").findValuesAsText("name"))
        .containsExactly("mlflow", "proxy");
    assertThat(observed.path("project").path("volumes").path("edges")).hasSize(1);
    JsonNode mlflow = firstInstance(observed);
    assertThat(mlflow.path("serviceName").asText()).isEqualTo("mlflow");
    assertThat(mlflow.path("source").path("image").asText()).isEqualTo("ghcr.io/mlflow/mlflow:v3.1.0");
    assertThat(mlflow.path("startCommand").asText()).isEqualTo("mlflow server");
    assertThat(mlflow.path("healthcheckPath").asText()).isEqualTo("/health");
    assertThat(mlflow.path("restartPolicyType").asText()).isEqualTo("ALWAYS");
    assertThat(mlflow.path("restartPolicyMaxRetries").asInt()).isEqualTo(10);
    JsonNode proxy = observed.path("environment").path("serviceInstances").path("edges").path(1).path("node");
    assertThat(proxy.path("source").isNull()).isTrue();
    assertThat(proxy.path("domains").path("serviceDomains").path(0).path("domain").asText())
        .matches("proxy-production-[0-9a-f]{4}\\.up\\.railway\\.app");
    assertThat(proxy.path("domains").path("serviceDomains").path(0).path("targetPort").asInt()).isEqualTo(8080);
    assertThat(observed.path("environment").path("volumeInstances").path("edges")).hasSize(1);
    assertThat(observed.path("mlflowVariables").path("MLFLOW_PORT").asText()).isEqualTo("5000");
    assertThat(observed.path("proxyVariables").path("PORT").asText()).isEqualTo("8080");
  }

  @Test
  void variablesWithSkipDeploysDeployNothingAndWithoutItDeployOnce() {
    Stack stack = stackWithService("mlflow");
    setImage(stack);

    run(client, "VariableCollectionUpsert", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "variables", Map.of("A", "1"));
    assertThat(sandbox.state().deployments).isEmpty();

    Map<String, Object> answer = sandbox.execute("""
        mutation Upsert($projectId: String!, $environmentId: String!, $serviceId: String) {
          variableCollectionUpsert(input: {projectId: $projectId, environmentId: $environmentId,
            serviceId: $serviceId, variables: {B: "2"}, skipDeploys: false})
        }""", variables("projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId()));

    assertThat(answer).containsEntry("data", Map.of("variableCollectionUpsert", true));
    assertThat(sandbox.state().deployments).hasSize(1);
    assertThat(observe(stack).path("mlflowVariables"))
        .isEqualTo(MAPPER.valueToTree(Map.of("A", "1", "B", "2")));
  }

  @Test
  void sharedVariablesWithoutSkipDeploysRedeployEveryServiceThatHasASource() {
    Stack stack = stackWithService("mlflow");
    setImage(stack);
    run(client, "ServiceCreate", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "name", "not-deployed-yet", "variables", null);

    sandbox.execute("""
        mutation { variableCollectionUpsert(input: {projectId: "%s", environmentId: "%s", variables: {S: "1"}}) }
        """.formatted(stack.projectId(), stack.environmentId()), Map.of());

    assertThat(sandbox.state().deployments).extracting(d -> d.serviceId).containsExactly(stack.serviceId());
    assertThat(sandbox.execute("query V($p: String!, $e: String!) { variables(projectId: $p, environmentId: $e) }",
        variables("p", stack.projectId(), "e", stack.environmentId())))
        .isEqualTo(Map.of("data", Map.of("variables", Map.of("S", "1"))));
  }

  @Test
  void volumeUpdateRenamesAVolumeAndRefusesANameTakenInTheProject() {
    Stack stack = stackWithService("mlflow");
    String rename = "mutation($v: String!, $n: String) { volumeUpdate(volumeId: $v, input: {name: $n}) { name } }";
    String first = run(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "mountPath", "/mlflow").path("volumeCreate").path("id").asText();
    sandbox.execute("mutation($p: String!) { volumeCreate(input: {projectId: $p, mountPath: \"/data\"}) { id } }",
        variables("p", stack.projectId()));
    String second = sandbox.state().volumes.stream().filter(v -> !v.id.equals(first)).findFirst().orElseThrow().id;

    Map<String, Object> renamed = sandbox.execute(rename, variables("v", first, "n", "ours-data-1"));
    Map<String, Object> taken = sandbox.execute(rename, variables("v", second, "n", "ours-data-1"));

    assertThat(renamed).containsEntry("data", Map.of("volumeUpdate", Map.of("name", "ours-data-1")));
    assertThat(taken.get("errors").toString()).contains("Volume name already exists");
    assertThat(sandbox.state().volumes).extracting(v -> v.name).containsOnlyOnce("ours-data-1");
  }

  @Test
  void aVolumeCreatedWithoutAnEnvironmentHasNoInstanceAsUsersReportOfRailway() {
    Stack stack = stackWithService("mlflow");

    sandbox.execute("""
        mutation { volumeCreate(input: {projectId: "%s", serviceId: "%s", mountPath: "/data"}) { id } }
        """.formatted(stack.projectId(), stack.serviceId()), Map.of());

    assertThat(sandbox.state().volumes).hasSize(1);
    assertThat(sandbox.state().volumeInstances).isEmpty();
  }

  @Test
  void aDeploymentMovesFromQueuedThroughBuildingAndDeployingToSuccessAsTheClockAdvances() {
    Stack stack = stackWithService("mlflow");
    setImage(stack);

    String deploymentId = run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(),
        "environmentId", stack.environmentId()).path("serviceInstanceDeployV2").asText();

    JsonNode latest = firstInstance(observe(stack)).path("latestDeployment");
    assertThat(latest.path("id").asText()).isEqualTo(deploymentId);
    assertThat(latest.path("createdAt").asText()).isEqualTo("2026-11-01T12:00:00Z");
    assertThat(latest.path("status").asText()).isEqualTo("QUEUED");
    clock.advance(Duration.ofSeconds(10));
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("BUILDING");
    clock.advance(Duration.ofSeconds(10));
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("DEPLOYING");
    clock.advance(Duration.ofSeconds(20));
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void theDeploymentBeforeKeepsServingUntilTheNewOneIsHealthy() {
    Stack stack = stackWithService("proxy");
    setImage(stack);
    String first = run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(),
        "environmentId", stack.environmentId()).path("serviceInstanceDeployV2").asText();
    assertThat(active(stack)).as("nothing healthy yet").isEmpty();
    clock.advance(DEPLOY_TIME);
    assertThat(active(stack)).containsExactly(first);

    String second = run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(),
        "environmentId", stack.environmentId()).path("serviceInstanceDeployV2").asText();
    clock.advance(DEPLOY_TIME.dividedBy(2));
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("DEPLOYING");
    assertThat(active(stack)).as("the old one serves while the new one deploys").containsExactly(first);
    clock.advance(DEPLOY_TIME);
    assertThat(active(stack)).as("then the new one alone").containsExactly(second);
  }

  private List<String> active(Stack stack) {
    var ids = new ArrayList<String>();
    firstInstance(observe(stack)).path("activeDeployments").forEach(d -> ids.add(d.path("id").asText()));
    return ids;
  }

  @Test
  void aServiceToldToCrashShowsItsDeploymentsCrashedUntilARedeployAfterItIsHealed() {
    Stack stack = stackWithService("mlflow");
    setImage(stack);
    run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(), "environmentId", stack.environmentId());
    clock.advance(DEPLOY_TIME);

    sandbox.setCrashing(stack.serviceId(), true);

    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("CRASHED");
    run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(), "environmentId", stack.environmentId());
    clock.advance(DEPLOY_TIME);
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("CRASHED");
    sandbox.setCrashing(stack.serviceId(), false);
    run(client, "ServiceInstanceDeployV2", "serviceId", stack.serviceId(), "environmentId", stack.environmentId());
    clock.advance(DEPLOY_TIME);
    assertThat(firstInstance(observe(stack)).path("latestDeployment").path("status").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void aTokenTheSandboxDoesNotKnowIsUnauthorizedInEitherHeader() {
    RailwayClient stranger = SandboxClients.client(sandbox.url(), RailwayEndpoint.ENV_TOKEN, "not-the-token",
        Duration.ofSeconds(10));
    RailwayClient strangerProject = SandboxClients.client(sandbox.url(), RailwayEndpoint.ENV_PROJECT_TOKEN,
        "not-the-token", Duration.ofSeconds(10));
    RailwayClient project = SandboxClients.client(sandbox.url(), RailwayEndpoint.ENV_PROJECT_TOKEN,
        sandbox.token(), Duration.ofSeconds(10));

    assertThat(failure(stranger, "FindProjects", "workspaceId", null, "after", null).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure(strangerProject, "FindProjects", "workspaceId", null, "after", null).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
    assertThat(run(project, "FindProjects", "workspaceId", null, "after", null).path("projects").path("edges"))
        .isEmpty();
  }

  @Test
  void anIdTheSandboxDoesNotKnowIsNotFound() {
    Stack stack = stackWithService("mlflow");

    var unknownProject = failure(client, SandboxClients.OBSERVE, "projectId", "no-such-project",
        "environmentId", stack.environmentId(), "mlflowServiceId", "", "withMlflowVariables", false,
        "proxyServiceId", "", "withProxyVariables", false);
    var unknownService = failure(client, "ServiceDelete", "id", "no-such-service");
    var unknownVolume = failure(client, "VolumeDelete", "volumeId", "no-such-volume");

    assertThat(unknownProject.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(unknownProject.getMessage()).contains("Project not found");
    assertThat(unknownService.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(unknownVolume.kind()).isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void aQueryThatDoesNotValidateIsRejectedWithTheValidationMessage() throws Exception {
    HttpResponse<String> response = post("{\"query\":\"query Broken { projects { edges { node { nope } } } }\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = MAPPER.readTree(response.body()).path("errors").path(0);
    assertThat(error.path("message").asText()).contains("nope");
    assertThat(error.path("extensions").path("code").asText()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  void requestsAreCountedPerOperationName() {
    stackWithService("mlflow");
    run(client, "FindProjects", "workspaceId", null, "after", null);
    run(client, "FindProjects", "workspaceId", null, "after", null);

    assertThat(sandbox.stats().snapshot())
        .isEqualTo(Map.of("FindProjects", 2L, "ProjectCreate", 1L, "ServiceCreate", 1L));
  }

  @Test
  void aClientInAnyLanguageCanQueryWithAPlainJsonPost() throws Exception {
    HttpResponse<String> created = post("{\"query\": \"mutation { projectCreate(input: {name: \\\"raw\\\"}) {"
        + " id name environments { edges { node { name } } } } }\"}");
    String projectId = MAPPER.readTree(created.body()).path("data").path("projectCreate").path("id").asText();

    HttpResponse<String> read = post("{\"query\": \"query Read($id: String!) { project(id: $id) { name } }\","
        + " \"variables\": {\"id\": \"" + projectId + "\"}, \"operationName\": \"Read\"}");

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(created.body()).path("data").path("projectCreate").path("environments"))
        .isEqualTo(MAPPER.readTree("{\"edges\":[{\"node\":{\"name\":\"production\"}}]}"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(MAPPER.readTree(read.body())).isEqualTo(MAPPER.readTree("{\"data\":{\"project\":{\"name\":\"raw\"}}}"));
    assertThat(sandbox.stats().count("anonymous")).isEqualTo(1);
    assertThat(sandbox.stats().count("Read")).isEqualTo(1);
  }

  @Test
  void eachServiceDomainCreateGeneratesAnotherDomainWithItsTargetPort() {
    Stack stack = stackWithService("Proxy_1");

    JsonNode first = run(client, "ServiceDomainCreate", "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "targetPort", 8080).path("serviceDomainCreate");
    JsonNode second = run(client, "ServiceDomainCreate", "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "targetPort", 9090).path("serviceDomainCreate");

    assertThat(first.path("domain").asText()).matches("proxy-1-production-[0-9a-f]{4}\\.up\\.railway\\.app");
    assertThat(first.path("targetPort").asInt()).isEqualTo(8080);
    assertThat(second.path("domain").asText()).isNotEqualTo(first.path("domain").asText());
    assertThat(firstInstance(observe(stack)).path("domains").path("serviceDomains")).hasSize(2);
  }

  @Test
  void serviceInstanceUpdateLeavesTheSettingsItDoesNotNameAsTheyWere() {
    Stack stack = stackWithService("mlflow");
    run(client, "ServiceInstanceUpdate", "serviceId", stack.serviceId(), "environmentId", stack.environmentId(),
        "input", Map.of("startCommand", "mlflow server", "healthcheckPath", "/health"));

    run(client, "ServiceInstanceUpdate", "serviceId", stack.serviceId(), "environmentId", stack.environmentId(),
        "input", variables("startCommand", "mlflow server --workers 2", "healthcheckPath", null));

    JsonNode instance = firstInstance(observe(stack));
    assertThat(instance.path("startCommand").asText()).isEqualTo("mlflow server --workers 2");
    assertThat(instance.path("healthcheckPath").asText()).isEqualTo("/health");
    assertThat(instance.path("restartPolicyType").asText()).isEqualTo("ON_FAILURE");
    assertThat(instance.path("latestDeployment").isNull()).as("settings alone do not deploy").isTrue();
  }

  @Test
  void anOutOfBandDeleteThroughTheApiShowsInTheNextObservation() {
    Stack stack = stackWithService("mlflow");
    run(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "mountPath", "/mlflow");
    RailwayClient dashboardUser = SandboxClients.bearer(sandbox);

    run(dashboardUser, "ServiceDelete", "id", stack.serviceId());

    JsonNode observed = run(client, SandboxClients.OBSERVE, "projectId", stack.projectId(),
        "environmentId", stack.environmentId(), "mlflowServiceId", "", "withMlflowVariables", false,
        "proxyServiceId", "", "withProxyVariables", false);
    assertThat(observed.path("project").path("services").path("edges")).isEmpty();
    assertThat(observed.path("environment").path("serviceInstances").path("edges")).isEmpty();
    JsonNode volume = observed.path("environment").path("volumeInstances").path("edges").path(0).path("node");
    assertThat(volume.path("serviceId").isNull()).as("the volume stays, detached").isTrue();
    assertThat(failure(client, "ServiceDelete", "id", stack.serviceId()).kind()).isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void volumeInstanceUpdateMovesOrDetachesTheSameVolume() {
    Stack stack = stackWithService("mlflow");
    String volumeId = run(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId",
        stack.environmentId(), "serviceId", stack.serviceId(), "mountPath", "/mlflow")
        .path("volumeCreate").path("id").asText();

    sandbox.execute("mutation($v: String!, $e: String!) { volumeInstanceUpdate(volumeId: $v, environmentId: $e, "
        + "input: { serviceId: null, mountPath: \"/data\" }) }", Map.of("v", volumeId, "e", stack.environmentId()));

    assertThat(sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volumeId);
      assertThat(v.serviceId).as("detached").isNull();
      assertThat(v.mountPath).isEqualTo("/data");
    });
  }

  @Test
  void aDeletedDomainAndADeletedVariableAreGone() {
    Stack stack = stackWithService("proxy");
    String domainId = run(client, "ServiceDomainCreate", "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "targetPort", 8080).path("serviceDomainCreate").path("id").asText();
    run(client, "VariableCollectionUpsert", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "variables", Map.of("A", "1", "B", "2"));

    sandbox.execute("mutation($id: String!) { serviceDomainDelete(id: $id) }", Map.of("id", domainId));
    run(client, "VariableDelete", "projectId", stack.projectId(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "name", "A");

    assertThat(sandbox.state().serviceDomains).isEmpty();
    assertThat(sandbox.state().variables).singleElement().satisfies(v -> assertThat(v.values).containsOnlyKeys("B"));
  }

  @Test
  void serviceInstanceLimitsAreThePlanDefaultsUntilSetAndObserveStackReadsThem() {
    Stack stack = stackWithService("mlflow");
    assertThat(observe(stack).path("mlflowLimits").path("vCPUs").asDouble()).isEqualTo(8.0);

    dashboard("mutation($i: ServiceInstanceLimitsUpdateInput!) { serviceInstanceLimitsUpdate(input: $i) }",
        Map.of("i", Map.of("environmentId", stack.environmentId(), "serviceId", stack.serviceId(),
            "vCPUs", 0.5, "memoryGB", 2.148)));
    dashboard("mutation($i: ServiceInstanceLimitsUpdateInput!) { serviceInstanceLimitsUpdate(input: $i) }",
        Map.of("i", Map.of("environmentId", stack.environmentId(), "serviceId", stack.serviceId(), "vCPUs", 2)));

    JsonNode limits = observe(stack).path("mlflowLimits");
    assertThat(limits.path("vCPUs").asDouble()).isEqualTo(2.0);
    assertThat(limits.path("memoryGB").asDouble()).as("left alone when not named").isEqualTo(2.148);
  }

  @Test
  void anEnvironmentPatchGrowsAVolumeAndRefusesToShrinkIt() {
    Stack stack = stackWithService("mlflow");
    String volumeId = run(client, "VolumeCreate", "projectId", stack.projectId(), "environmentId",
        stack.environmentId(), "serviceId", stack.serviceId(), "mountPath", "/mlflow").path("volumeCreate").path("id")
        .asText();
    String grow = "mutation($e: String!, $p: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $p) }";

    dashboard(grow, Map.of("e", stack.environmentId(), "p", Map.of("volumes", Map.of(volumeId, Map.of("sizeMB", 6000)))));
    var shrink = sandbox.execute(grow, Map.of("e", stack.environmentId(),
        "p", Map.of("volumes", Map.of(volumeId, Map.of("sizeMB", 5500)))));

    assertThat(shrink.get("errors").toString()).contains("can only grow");
    JsonNode instance = observe(stack).path("environment").path("volumeInstances").path("edges").path(0).path("node");
    assertThat(instance.path("sizeMB").asInt()).isEqualTo(6000);
    assertThat(instance.path("volumeId").asText()).isEqualTo(volumeId);
  }

  @Test
  void serviceDomainUpdateChangesTheTargetPortOfTheSameDomain() {
    Stack stack = stackWithService("proxy");
    JsonNode created = run(client, "ServiceDomainCreate", "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "targetPort", 8080).path("serviceDomainCreate");

    dashboard("mutation($i: ServiceDomainUpdateInput!) { serviceDomainUpdate(input: $i) }", Map.of("i", Map.of(
        "serviceDomainId", created.path("id").asText(), "environmentId", stack.environmentId(),
        "serviceId", stack.serviceId(), "domain", created.path("domain").asText(), "targetPort", 9000)));

    assertThat(firstInstance(observe(stack)).path("domains").path("serviceDomains")).singleElement().satisfies(d -> {
      assertThat(d.path("id").asText()).isEqualTo(created.path("id").asText());
      assertThat(d.path("targetPort").asInt()).isEqualTo(9000);
    });
  }

  /** A change as a user in Railway's dashboard would make it, with a document of its own. */
  private void dashboard(String document, Map<String, Object> variables) {
    var body = sandbox.execute(document, variables);
    assertThat(body.get("errors")).as("errors of %s", document).isNull();
  }

  private HttpResponse<String> post(String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.url()))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + sandbox.token())
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
