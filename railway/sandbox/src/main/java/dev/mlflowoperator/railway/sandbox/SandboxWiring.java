package dev.mlflowoperator.railway.sandbox;

import dev.mlflowoperator.railway.sandbox.SandboxState.Deployment;
import dev.mlflowoperator.railway.sandbox.SandboxState.Environment;
import dev.mlflowoperator.railway.sandbox.SandboxState.Project;
import dev.mlflowoperator.railway.sandbox.SandboxState.Service;
import dev.mlflowoperator.railway.sandbox.SandboxState.ServiceDomain;
import dev.mlflowoperator.railway.sandbox.SandboxState.ServiceInstance;
import dev.mlflowoperator.railway.sandbox.SandboxState.Volume;
import dev.mlflowoperator.railway.sandbox.SandboxState.VolumeInstance;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** graphql-java wiring of the subset SDL: queries, mutations and computed fields call {@link RailwaySemantics}. */
final class SandboxWiring {
  private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
      Project.class, "Project", Environment.class, "Environment", Service.class, "Service",
      ServiceInstance.class, "ServiceInstance", ServiceDomain.class, "ServiceDomain",
      Deployment.class, "Deployment", Volume.class, "Volume", VolumeInstance.class, "VolumeInstance");
  private static final TypeResolver BY_CLASS =
      env -> env.getSchema().getObjectType(TYPE_NAMES.get(env.getObject().getClass()));

  private SandboxWiring() {}

  static RuntimeWiring of(RailwaySemantics railway) {
    return RuntimeWiring.newRuntimeWiring()
        .scalar(SandboxScalars.DATE_TIME)
        .scalar(SandboxScalars.ENVIRONMENT_VARIABLES)
        .scalar(SandboxScalars.SERVICE_INSTANCE_LIMIT)
        .scalar(SandboxScalars.ENVIRONMENT_CONFIG)
        .type("Node", type -> type.typeResolver(BY_CLASS))
        .type("Domain", type -> type.typeResolver(BY_CLASS))
        .type("Query", type -> type
            .dataFetcher("project", env -> railway.project(env.getArgument("id")))
            .dataFetcher("projects", env -> connection(env,
                railway.projects(env.getArgument("workspaceId"), env.getArgument("orderBy"))))
            .dataFetcher("environment", env -> railway.environment(env.getArgument("id"), env.getArgument("projectId")))
            .dataFetcher("serviceInstanceLimits", env -> railway.serviceInstanceLimits(
                env.getArgument("environmentId"), env.getArgument("serviceId")))
            .dataFetcher("variables", env -> railway.variables(
                env.getArgument("projectId"), env.getArgument("environmentId"), env.getArgument("serviceId")))
            .dataFetcher("volumeInstanceBackupList", env -> railway.backups().list(
                env.getArgument("volumeInstanceId")))
            .dataFetcher("volumeInstanceBackupScheduleList", env -> railway.backups().schedules(
                env.getArgument("volumeInstanceId")))
            .dataFetcher("workflowStatus", env -> railway.backups().workflowStatus(env.getArgument("workflowId"))))
        .type("Mutation", type -> type
            .dataFetcher("environmentPatchCommit", env -> railway.environmentPatchCommit(
                env.getArgument("environmentId"), env.getArgument("patch")))
            .dataFetcher("environmentPatchCommitStaged", env -> railway.environmentPatchCommitStaged(
                env.getArgument("environmentId")))
            .dataFetcher("volumeInstanceBackupCreate", env -> railway.backups().create(
                env.getArgument("name"), env.getArgument("volumeInstanceId")))
            .dataFetcher("volumeInstanceBackupDelete", env -> railway.backups().delete(
                env.getArgument("volumeInstanceBackupId"), env.getArgument("volumeInstanceId")))
            .dataFetcher("volumeInstanceBackupRestore", env -> railway.backups().restore(
                env.getArgument("volumeInstanceBackupId"), env.getArgument("volumeInstanceId")))
            .dataFetcher("volumeInstanceBackupScheduleUpdate", env -> railway.backups().updateSchedule(
                env.getArgument("volumeInstanceId"), env.getArgument("kinds")))
            .dataFetcher("projectCreate", env -> {
              Map<String, Object> input = env.getArgument("input");
              return railway.projectCreate((String) input.get("name"), (String) input.get("description"),
                  (String) input.get("workspaceId"));
            })
            .dataFetcher("serviceCreate", env -> {
              Map<String, Object> input = env.getArgument("input");
              @SuppressWarnings("unchecked")
              Map<String, String> variables = (Map<String, String>) input.get("variables");
              return railway.serviceCreate((String) input.get("projectId"), (String) input.get("environmentId"),
                  (String) input.get("name"), variables);
            })
            .dataFetcher("serviceDelete", env -> railway.serviceDelete(env.getArgument("id")))
            .dataFetcher("serviceDomainCreate", env -> {
              Map<String, Object> input = env.getArgument("input");
              return railway.serviceDomainCreate((String) input.get("environmentId"),
                  (String) input.get("serviceId"), (Integer) input.get("targetPort"));
            })
            .dataFetcher("serviceDomainDelete", env -> railway.serviceDomainDelete(env.getArgument("id")))
            .dataFetcher("serviceDomainUpdate", env -> railway.serviceDomainUpdate(env.getArgument("input")))
            .dataFetcher("serviceInstanceLimitsUpdate", env -> railway.serviceInstanceLimitsUpdate(
                env.getArgument("input")))
            .dataFetcher("serviceInstanceDeployV2", env -> railway.serviceInstanceDeployV2(
                env.getArgument("environmentId"), env.getArgument("serviceId")))
            .dataFetcher("serviceInstanceUpdate", env -> railway.serviceInstanceUpdate(
                env.getArgument("serviceId"), env.getArgument("environmentId"), env.getArgument("input")))
            .dataFetcher("variableCollectionUpsert", env -> railway.variableCollectionUpsert(env.getArgument("input")))
            .dataFetcher("variableDelete", env -> railway.variableDelete(env.getArgument("input")))
            .dataFetcher("volumeCreate", env -> railway.volumeCreate(env.getArgument("input")))
            .dataFetcher("volumeDelete", env -> railway.volumeDelete(env.getArgument("volumeId")))
            .dataFetcher("volumeUpdate", env -> railway.volumeUpdate(env.getArgument("volumeId"), env.getArgument("input")))
            .dataFetcher("volumeInstanceUpdate", env -> railway.volumeInstanceUpdate(
                env.getArgument("volumeId"), env.getArgument("environmentId"), env.getArgument("input"))))
        .type("Project", type -> type
            .dataFetcher("updatedAt", env -> ((Project) env.getSource()).lastUpdated())
            .dataFetcher("environments", env -> connection(env, railway.environments(env.getSource())))
            .dataFetcher("services", env -> connection(env, railway.services(env.getSource())))
            .dataFetcher("volumes", env -> connection(env, railway.volumes(env.getSource()))))
        .type("Environment", type -> type
            .dataFetcher("serviceInstances", env -> connection(env, railway.serviceInstances(env.getSource())))
            .dataFetcher("volumeInstances", env -> connection(env, railway.volumeInstances(env.getSource()))))
        .type("ServiceInstance", type -> type
            .dataFetcher("serviceName", env -> railway.service(instance(env).serviceId).name)
            .dataFetcher("source", env -> instance(env).sourceImage == null
                ? null : Map.of("image", instance(env).sourceImage))
            .dataFetcher("domains", env -> Map.of("serviceDomains", railway.serviceDomains(instance(env))))
            .dataFetcher("latestDeployment", env -> railway.latestDeployment(instance(env)).orElse(null))
            .dataFetcher("activeDeployments", env -> railway.activeDeployments(instance(env))))
        .type("Deployment", type -> type
            .dataFetcher("status", env -> railway.status(env.getSource())))
        .type("Volume", type -> type
            .dataFetcher("volumeInstances", env -> connection(env, railway.instancesOf(env.getSource()))))
        .type("VolumeInstance", type -> type
            .dataFetcher("volume", env -> railway.volume(env.<VolumeInstance>getSource().volumeId)))
        .build();
  }

  private static ServiceInstance instance(DataFetchingEnvironment env) {
    return env.getSource();
  }

  /** A Relay connection of the first {@code first} items (all when absent), with {@code after} as an index cursor. */
  private static Map<String, Object> connection(DataFetchingEnvironment env, List<?> items) {
    int from = env.getArgument("after") instanceof String after ? Integer.parseInt(after) : 0;
    Integer first = env.getArgument("first");
    int to = first == null ? items.size() : Math.min(items.size(), from + Math.max(first, 0));
    List<Map<String, Object>> edges = items.subList(Math.min(from, to), to).stream()
        .map(item -> Map.<String, Object>of("node", item))
        .toList();
    Map<String, Object> pageInfo = new HashMap<>();
    pageInfo.put("hasNextPage", to < items.size());
    pageInfo.put("endCursor", edges.isEmpty() ? null : Integer.toString(to));
    return Map.of("edges", edges, "pageInfo", pageInfo);
  }
}
