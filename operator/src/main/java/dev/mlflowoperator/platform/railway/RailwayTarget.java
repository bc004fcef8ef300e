package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.railway.RailwayException;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.railway.RailwayChange.AttachVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateDomain;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateProject;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateService;
import dev.mlflowoperator.platform.railway.RailwayChange.CreateVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.Deploy;
import dev.mlflowoperator.platform.railway.RailwayChange.GrowVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.RenameVolume;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateDomain;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateLimits;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateSettings;
import dev.mlflowoperator.platform.railway.RailwayChange.UpsertVariables;
import dev.mlflowoperator.status.Reasons;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The Railway target (Crossplane's contract): observe without writing, apply in Railway's safe order, delete. */
public final class RailwayTarget {
  private static final String[] COMPONENTS = {"mlflow", "proxy"};

  private final GraphqlExecutor api;

  public RailwayTarget(GraphqlExecutor api) {
    this.api = api;
  }

  /**
   * Reads the whole stack: one ObserveStack when the project, environment and service IDs are known, more only
   * to find things again (by project name and marker, by service name) after IDs were lost or a service deleted.
   * Records the project and environment IDs it finds.
   */
  public ObservedRailwayStack observe(RailwayProject project, StackNames names, RailwayIds ids) {
    if (ids.get(RailwayIds.PROJECT) != null && ids.get(RailwayIds.ENVIRONMENT) != null) {
      try {
        return observeKnown(project, names, ids);
      } catch (RailwayException e) {
        if (e.kind() != RailwayException.Kind.NOT_FOUND) {
          throw e;
        }
        // The project or environment is gone: find it again by name and marker (or create it).
        ids.put(RailwayIds.PROJECT, null);
        ids.put(RailwayIds.ENVIRONMENT, null);
      }
    }
    if (!find(project, ids)) {
      return ObservedRailwayStack.absent();
    }
    return observeKnown(project, names, ids);
  }

  /** Records the IDs of what was observed under our names: services, our volume and the proxy's domain. */
  public void recordIds(StackNames names, ObservedRailwayStack observed, RailwayIds ids) {
    for (String component : COMPONENTS) {
      ids.put("service/" + component, observed.service(serviceName(names, component))
          .map(ObservedRailwayStack.Service::id).orElse(null));
    }
    RailwayPlanner.ourVolume(names.mlflow(), observed, ids.get(RailwayIds.VOLUME))
        .ifPresent(v -> ids.put(RailwayIds.VOLUME, v.volumeId()));
    ids.put(RailwayIds.DOMAIN, observed.service(names.proxy()).flatMap(p -> p.domains().stream().findFirst())
        .map(ObservedRailwayStack.Domain::id).orElse(null));
  }

  /**
   * Applies the plan in at most four requests: the project, the missing services (one document), then one
   * ConfigureStack with volume, domain, variables, settings, limits and deploys (plus one VariableDelete per
   * variable the spec dropped). MLflow's --allowed-hosts needs the
   * proxy's domain, which Railway names only when it creates it: when the domain is new, MLflow's settings and
   * deploy follow in a second ConfigureStack built from {@code withDomain}. A new volume has Railway's default size;
   * when the spec asks for more, the second ConfigureStack grows it. A new volume always gets its name (the
   * mark that it is this deployment's) in that second ConfigureStack, so a new volume means two. Returns the
   * proxy's domain. A failed mutation is thrown, never repeated: the caller observes again first, so no second
   * project, volume or domain.
   */
  public String apply(RailwayStackPlan plan, RailwayProject project, ObservedRailwayStack observed, RailwayDesired desired,
      Function<String, RailwayDesired> withDomain, RailwayIds ids) {
    String domain = observed.service(desired.proxy().name())
        .flatMap(p -> p.domains().stream().findFirst()).map(ObservedRailwayStack.Domain::domain).orElse(null);
    if (plan.isEmpty()) {
      return domain;
    }
    if (plan.find(CreateProject.class).isPresent()) {
      createProject(project, ids);
    }
    createServices(plan, desired, ids);
    deleteVariables(plan, ids);
    boolean newDomain = plan.find(CreateDomain.class).isPresent();
    var round = new Configure(ids);
    plan.find(CreateVolume.class).ifPresent(c -> round.flag("createVolume"));
    plan.find(AttachVolume.class).ifPresent(c -> round.flag("updateVolume").put("volumeId", c.volumeId()));
    plan.find(RenameVolume.class).ifPresent(c -> round.flag("renameVolume").put("volumeId", c.volumeId())
        .put("volumeName", c.name()));
    plan.find(GrowVolume.class).ifPresent(c -> round.flag("growVolume").put("volumePatch", sizePatch(c.volumeId(), c.toMB())));
    if (newDomain) {
      round.flag("createDomain");
    }
    plan.find(UpdateDomain.class).ifPresent(c -> round.flag("updateDomain").put("domainId", c.domainId())
        .put("domain", c.domain()));
    for (var change : plan.all(UpsertVariables.class)) {
      round.flag("upsert" + capitalized(change.component()) + "Variables").put(change.component() + "Variables", change.values());
    }
    for (var change : plan.all(UpdateSettings.class)) {
      if (!(newDomain && change.component().equals("mlflow"))) {
        round.flag("update" + capitalized(change.component())).put(change.component() + "Settings", change.input());
      }
    }
    for (var change : plan.all(UpdateLimits.class)) {
      round.flag("update" + capitalized(change.component()) + "Limits")
          .put(change.component() + "VCPUs", change.limits().vCPUs())
          .put(change.component() + "MemoryGB", change.limits().memoryGB());
    }
    for (var change : plan.all(Deploy.class)) {
      if (!(newDomain && change.component().equals("mlflow"))) {
        round.flag("deploy" + capitalized(change.component()));
      }
    }
    round.put("mountPath", desired.mountPath()).put("domainPort", desired.domainPort());
    JsonNode result = round.send();
    var next = new Configure(ids).put("mountPath", desired.mountPath()).put("domainPort", desired.domainPort());
    boolean more = false;
    if (result.hasNonNull("volumeCreate")) {
      JsonNode volume = result.get("volumeCreate");
      ids.put(RailwayIds.VOLUME, volume.path("id").asText());
      // Railway names a new volume itself; our name is its owner mark (RailwayOwnership), given right after.
      next.flag("renameVolume").put("volumeId", volume.path("id").asText())
          .put("volumeName", project.volumeName(volume.path("id").asText()));
      more = true;
      // Railway gives a new volume its plan's default size; when that is unknown here, the next observe sees it.
      JsonNode size = volume.path("volumeInstances").path("edges").path(0).path("node").path("sizeMB");
      if (size.isInt() && size.asInt() < desired.volumeSizeMB()) {
        next.flag("growVolume").put("volumePatch", sizePatch(volume.path("id").asText(), desired.volumeSizeMB()));
        more = true;
      }
    }
    if (newDomain) {
      JsonNode created = result.path("serviceDomainCreate");
      ids.put(RailwayIds.DOMAIN, created.path("id").asText());
      domain = created.path("domain").asText();
      var redesigned = withDomain.apply(domain);
      next.flag("updateMlflow").flag("deployMlflow").put("mlflowSettings", redesigned.settings(redesigned.mlflow()));
      more = true;
    }
    if (more) {
      next.send();
    }
    return domain;
  }

  /** The environment patch that sets one volume's size: Railway's only way to grow a volume. */
  private static Map<String, Object> sizePatch(String volumeId, int sizeMB) {
    return Map.of("volumes", Map.of(volumeId, Map.of("sizeMB", sizeMB)));
  }

  /** Starts a new deployment of a service's current settings; returns its ID. */
  public String deploy(String serviceId, String environmentId) {
    return api.execute(GraphqlOperation.named("ServiceInstanceDeployV2"),
        Map.of("serviceId", serviceId, "environmentId", environmentId)).path("serviceInstanceDeployV2").asText();
  }

  /** Deletes both services (one request) and, when deleteVolume, the volume; the project is left to its owner. */
  public void delete(RailwayProject project, StackNames names, RailwayIds ids, boolean deleteVolume) {
    var observed = observe(project, names, ids);
    if (!observed.projectExists()) {
      return;
    }
    var variables = new HashMap<String, Object>();
    boolean any = false;
    for (String component : COMPONENTS) {
      var found = observed.service(serviceName(names, component));
      variables.put(component + "ServiceId", found.map(ObservedRailwayStack.Service::id).orElse(""));
      variables.put("delete" + capitalized(component), found.isPresent());
      any |= found.isPresent();
    }
    var volume = RailwayPlanner.ourVolume(names.mlflow(), observed, ids.get(RailwayIds.VOLUME));
    variables.put("volumeId", volume.map(ObservedRailwayStack.VolumeInstance::volumeId).orElse(""));
    variables.put("deleteVolume", deleteVolume && volume.isPresent());
    if (any || (deleteVolume && volume.isPresent())) {
      api.execute(GraphqlOperation.named("DeleteStack"), variables);
    }
  }

  private ObservedRailwayStack observeKnown(RailwayProject project, StackNames names, RailwayIds ids) {
    try {
      return observeWithVariables(project, names, ids, knownServices(ids));
    } catch (RailwayException e) {
      if (e.kind() != RailwayException.Kind.NOT_FOUND || knownServices(ids).isEmpty()) {
        throw e;
      }
    }
    // A recorded service is gone (its variables cannot be read): forget the IDs and find the services by name.
    knownServices(ids).keySet().forEach(component -> ids.put("service/" + component, null));
    return observeWithVariables(project, names, ids, Map.of());
  }

  /** One ObserveStack; refuses (before any write) IDs that point at something not ours. */
  private ObservedRailwayStack observeWithVariables(RailwayProject project, StackNames names, RailwayIds ids,
      Map<String, String> serviceIds) {
    var variables = new HashMap<String, Object>();
    variables.put("projectId", ids.get(RailwayIds.PROJECT));
    variables.put("environmentId", ids.get(RailwayIds.ENVIRONMENT));
    var componentById = new HashMap<String, String>();
    for (String component : COMPONENTS) {
      String id = serviceIds.get(component);
      variables.put(component + "ServiceId", id == null ? "" : id);
      variables.put("with" + capitalized(component) + "Variables", id != null);
      if (id != null) {
        componentById.put(id, component);
      }
    }
    JsonNode data = api.execute(GraphqlOperation.named("ObserveStack"), variables);
    RailwayOwnership.require(project, names, ids, data);
    var observed = ObservedRailwayStack.parse(data, componentById);
    // Services found by name whose variables were not read (their IDs were not recorded): read them once more.
    var unread = new LinkedHashMap<String, String>(serviceIds);
    boolean missing = false;
    for (var service : observed.services().values()) {
      if (service.variables() == null && !componentById.containsKey(service.id())) {
        String component = componentOf(service.name(), names);
        if (component != null) {
          unread.put(component, service.id());
          ids.put("service/" + component, service.id());
          missing = true;
        }
      }
    }
    return missing ? observeWithVariables(project, names, ids, unread) : observed;
  }

  /** Which of our components a service name belongs to; null for a service that is not ours. */
  private static String componentOf(String serviceName, StackNames names) {
    return serviceName.equals(names.mlflow()) ? "mlflow" : serviceName.equals(names.proxy()) ? "proxy" : null;
  }

  /** Finds the project by name and marker and its environment by name; false when there is no such project. */
  private boolean find(RailwayProject project, RailwayIds ids) {
    String after = null;
    do {
      var variables = new HashMap<String, Object>();
      variables.put("workspaceId", null);
      variables.put("after", after);
      JsonNode projects = api.execute(GraphqlOperation.named("FindProjects"), variables).path("projects");
      for (JsonNode edge : projects.path("edges")) {
        JsonNode node = edge.path("node");
        boolean deleted = !node.path("deletedAt").isNull() && !node.path("deletedAt").isMissingNode();
        if (deleted || !project.name().equals(node.path("name").asText())) {
          continue;
        }
        if (!project.marks(node.path("description").asText(null))) {
          throw new TerminalException(Reasons.PROJECT_NOT_MANAGED, "Railway project '" + project.name()
              + "' exists but is not managed by mlflow-operator for this deployment (no line of its description is '"
              + project.description() + "'); choose another spec.railway.project, or add that line to the project's"
              + " description to let the operator manage it.");
        }
        project.sameNamedOther(node.path("description").asText(null)).ifPresent(other -> {
          throw RailwayOwnership.sharedByName(project, other);
        });
        ids.put(RailwayIds.PROJECT, node.path("id").asText());
        ids.put(RailwayIds.ENVIRONMENT, environmentId(node, project));
        return true;
      }
      JsonNode page = projects.path("pageInfo");
      after = page.path("hasNextPage").asBoolean(false) ? page.path("endCursor").asText(null) : null;
    } while (after != null);
    return false;
  }

  private void createProject(RailwayProject project, RailwayIds ids) {
    var variables = new HashMap<String, Object>();
    variables.put("name", project.name());
    variables.put("description", project.description());
    variables.put("workspaceId", null);
    JsonNode created = api.execute(GraphqlOperation.named("ProjectCreate"), variables).path("projectCreate");
    ids.put(RailwayIds.PROJECT, created.path("id").asText());
    ids.put(RailwayIds.ENVIRONMENT, environmentId(created, project));
  }

  private void createServices(RailwayStackPlan plan, RailwayDesired desired, RailwayIds ids) {
    var missing = plan.all(CreateService.class);
    if (missing.isEmpty()) {
      return;
    }
    var variables = new HashMap<String, Object>();
    variables.put("projectId", ids.get(RailwayIds.PROJECT));
    variables.put("environmentId", ids.get(RailwayIds.ENVIRONMENT));
    for (var service : desired.services()) {
      variables.put(service.component() + "Name", service.name());
      variables.put("create" + capitalized(service.component()),
          missing.stream().anyMatch(c -> c.component().equals(service.component())));
    }
    JsonNode created = api.execute(GraphqlOperation.named("CreateServices"), variables);
    for (String component : COMPONENTS) {
      if (created.hasNonNull(component)) {
        ids.put("service/" + component, created.get(component).path("id").asText());
      }
    }
  }

  /** One request per removed key (Railway deletes one variable at a time); only after a spec dropped a variable. */
  private void deleteVariables(RailwayStackPlan plan, RailwayIds ids) {
    for (var change : plan.all(RailwayChange.DeleteVariables.class)) {
      for (String name : change.names()) {
        var variables = new HashMap<String, Object>();
        variables.put("projectId", ids.get(RailwayIds.PROJECT));
        variables.put("environmentId", ids.get(RailwayIds.ENVIRONMENT));
        variables.put("serviceId", ids.service(change.component()));
        variables.put("name", name);
        api.execute(GraphqlOperation.named("VariableDelete"), variables);
      }
    }
  }

  private static String environmentId(JsonNode project, RailwayProject wanted) {
    for (JsonNode edge : project.path("environments").path("edges")) {
      if (wanted.environment().equals(edge.path("node").path("name").asText())) {
        return edge.path("node").path("id").asText();
      }
    }
    throw new TerminalException(Reasons.ENVIRONMENT_NOT_FOUND, "Railway project '" + wanted.name() + "' has no environment '"
        + wanted.environment() + "'; create it on Railway or set spec.railway.environment to an existing one.");
  }

  private static Map<String, String> knownServices(RailwayIds ids) {
    var known = new LinkedHashMap<String, String>();
    for (String component : COMPONENTS) {
      Optional.ofNullable(ids.service(component)).ifPresent(id -> known.put(component, id));
    }
    return known;
  }

  private static String serviceName(StackNames names, String component) {
    return component.equals("mlflow") ? names.mlflow() : names.proxy();
  }

  private static String capitalized(String component) {
    return Character.toUpperCase(component.charAt(0)) + component.substring(1);
  }

  /** The variables of one ConfigureStack request: every flag false and every placeholder set until a step needs it. */
  private final class Configure {
    private final Map<String, Object> variables = new HashMap<>();

    Configure(RailwayIds ids) {
      variables.put("projectId", ids.get(RailwayIds.PROJECT));
      variables.put("environmentId", ids.get(RailwayIds.ENVIRONMENT));
      variables.put("mlflowServiceId", ids.service("mlflow"));
      variables.put("proxyServiceId", ids.service("proxy"));
      for (String flag : new String[] {"createVolume", "updateVolume", "renameVolume", "growVolume", "createDomain",
          "updateDomain", "upsertMlflowVariables", "upsertProxyVariables", "updateMlflow", "updateProxy",
          "updateMlflowLimits", "deployMlflow", "deployProxy"}) {
        variables.put(flag, false);
      }
      variables.put("volumeId", "");
      variables.put("volumeName", "");
      variables.put("volumePatch", Map.of());
      variables.put("domainId", "");
      variables.put("domain", "");
      variables.put("mlflowVCPUs", 0.0);
      variables.put("mlflowMemoryGB", 0.0);
      variables.put("mlflowVariables", Map.of());
      variables.put("proxyVariables", Map.of());
      variables.put("mlflowSettings", Map.of());
      variables.put("proxySettings", Map.of());
    }

    Configure flag(String name) {
      variables.put(name, true);
      return this;
    }

    Configure put(String name, Object value) {
      variables.put(name, value);
      return this;
    }

    JsonNode send() {
      return api.execute(GraphqlOperation.named("ConfigureStack"), variables);
    }
  }
}
