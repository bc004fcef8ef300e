package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
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
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateBackupSchedule;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateDomain;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateLimits;
import dev.mlflowoperator.platform.railway.RailwayChange.UpdateSettings;
import dev.mlflowoperator.platform.railway.RailwayChange.UpsertVariables;
import dev.mlflowoperator.status.Reasons;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Railway target (Crossplane's contract): observe without writing, apply in Railway's safe order, delete. Each
 * batched request is built from the stack's list of services ({@link StackDocuments}).
 */
public final class RailwayTarget {
  /** A domain to build the stack with before Railway named ours, to tell which services depend on it. */
  private static final String PROBE_DOMAIN = "domain.invalid";

  private final GraphqlExecutor api;
  private final Supplier<ProjectDirectory> projects;

  /** Reaching Railway through {@code api}, looking projects up by name in the token's {@code projects}. */
  RailwayTarget(GraphqlExecutor api, Supplier<ProjectDirectory> projects) {
    this.api = api;
    this.projects = projects;
  }

  /**
   * Reads the whole stack: one ObserveStack when the project, environment and service IDs are known, more only
   * to find things again (by project name and marker, by service name) after IDs were lost or a service deleted.
   * Records the project and environment IDs it finds.
   */
  public ObservedRailwayStack observe(RailwayProject project, RailwayLayout layout, RailwayIds ids) {
    if (ids.get(RailwayIds.PROJECT) != null && ids.get(RailwayIds.ENVIRONMENT) != null) {
      try {
        return observeKnown(project, layout, ids);
      } catch (RailwayException e) {
        if (e.kind() != RailwayException.Kind.NOT_FOUND) {
          throw e;
        }
        // The project or environment is gone: find it again by name and marker (or create it), listing anew.
        projects.get().forget();
        ids.put(RailwayIds.PROJECT, null);
        ids.put(RailwayIds.ENVIRONMENT, null);
      }
    }
    if (!find(project, layout, ids)) {
      return ObservedRailwayStack.absent();
    }
    return observeKnown(project, layout, ids);
  }

  /**
   * As {@link #observe(RailwayProject, RailwayLayout, RailwayIds)}, from the part of a shared ObserveStacks that was
   * read with exactly these IDs ({@link RailwayObserver}): the same ownership checks, and no request unless a service
   * was found by name whose variables were not read.
   */
  public ObservedRailwayStack observe(RailwayProject project, RailwayLayout layout, RailwayIds ids, JsonNode read) {
    return observed(project, layout, ids, knownServices(layout, ids), read);
  }

  /**
   * Records the IDs of what was observed under our names: services, our volume and its instance (whose backups the
   * next ObserveStack reads) and the public domain.
   */
  public void recordIds(RailwayLayout layout, ObservedRailwayStack observed, RailwayIds ids) {
    for (var service : layout.services()) {
      ids.put(RailwayIds.serviceKey(service.key()), observed.service(service.name())
          .map(ObservedRailwayStack.Service::id).orElse(null));
    }
    var volume = RailwayPlanner.ourVolume(layout.nameOf(layout.volumeService()), observed, ids.get(RailwayIds.VOLUME));
    volume.ifPresent(v -> ids.put(RailwayIds.VOLUME, v.volumeId()));
    ids.put(RailwayIds.VOLUME_INSTANCE, volume.map(ObservedRailwayStack.VolumeInstance::id).orElse(null));
    ids.put(RailwayIds.DOMAIN, observed.service(layout.nameOf(layout.domainService()))
        .flatMap(p -> p.domains().stream().findFirst()).map(ObservedRailwayStack.Domain::id).orElse(null));
  }

  /**
   * Applies the plan in at most four requests: the project, the missing services (one document), then one
   * ConfigureStack with volume, domain, variables, settings, limits and deploys (plus one VariableDelete per
   * variable the spec dropped). A service may need the public domain (MLflow's --allowed-hosts), which Railway
   * names only when it creates it: when the domain is new, the settings and deploy of each service built otherwise
   * with a domain follow in a second ConfigureStack built from {@code withDomain}. A new volume has Railway's
   * default size; when the spec asks for more, the second ConfigureStack grows it. A new volume always gets its
   * name (the mark that it is this deployment's) and its backup schedule in that second ConfigureStack, so a new
   * volume means two. Returns the public domain. A failed mutation is thrown, never repeated: the caller observes
   * again first, so no second project, volume or domain.
   */
  public String apply(RailwayStackPlan plan, RailwayProject project, ObservedRailwayStack observed, RailwayDesired desired,
      Function<String, RailwayDesired> withDomain, RailwayIds ids) {
    String domain = observed.service(desired.domainService().name())
        .flatMap(p -> p.domains().stream().findFirst()).map(ObservedRailwayStack.Domain::domain).orElse(null);
    if (plan.isEmpty()) {
      return domain;
    }
    if (plan.find(CreateProject.class).isPresent()) {
      createProject(project, ids);
    }
    createServices(plan, ids);
    deleteVariables(plan, ids);
    boolean newDomain = plan.find(CreateDomain.class).isPresent();
    Set<String> needDomain = newDomain ? needDomain(desired, withDomain.apply(PROBE_DOMAIN)) : Set.of();
    String volumeService = desired.layout().volumeService();
    String domainService = desired.layout().domainService();
    var round = configure(ids);
    plan.find(CreateVolume.class).ifPresent(c ->
        round.createVolume(volumeService, ids.service(volumeService), desired.mountPath()));
    plan.find(AttachVolume.class).ifPresent(c ->
        round.attachVolume(c.volumeId(), volumeService, ids.service(volumeService), desired.mountPath()));
    plan.find(RenameVolume.class).ifPresent(c -> round.renameVolume(c.volumeId(), c.name()));
    plan.find(GrowVolume.class).ifPresent(c -> round.growVolume(c.volumeId(), c.toMB()));
    plan.find(UpdateBackupSchedule.class).ifPresent(c -> round.updateBackupSchedule(c.volumeInstanceId(), c.kinds()));
    if (newDomain) {
      round.createDomain(domainService, ids.service(domainService), desired.domainPort());
    }
    plan.find(UpdateDomain.class).ifPresent(c -> round.updateDomain(c.domainId(), c.domain(), domainService,
        ids.service(domainService), desired.domainPort()));
    for (var change : plan.all(UpsertVariables.class)) {
      round.upsertVariables(change.component(), ids.service(change.component()), change.values());
    }
    for (var change : plan.all(UpdateSettings.class)) {
      if (!needDomain.contains(change.component())) {
        round.updateSettings(change.component(), ids.service(change.component()), change.input());
      }
    }
    for (var change : plan.all(UpdateLimits.class)) {
      round.updateLimits(change.component(), ids.service(change.component()), change.limits());
    }
    for (var change : plan.all(Deploy.class)) {
      if (!needDomain.contains(change.component())) {
        round.deploy(change.component(), ids.service(change.component()));
      }
    }
    JsonNode result = round.isEmpty() ? MissingNode.getInstance() : round.send(api);
    var next = configure(ids);
    if (result.hasNonNull("volumeCreate")) {
      JsonNode volume = result.get("volumeCreate");
      String volumeId = volume.path("id").asText();
      ids.put(RailwayIds.VOLUME, volumeId);
      // Railway names a new volume itself; our name is its owner mark (RailwayOwnership), given right after.
      next.renameVolume(volumeId, project.volumeName(volumeId));
      // Railway gives a new volume its plan's default size; when that is unknown here, the next observe sees it.
      JsonNode instance = volume.path("volumeInstances").path("edges").path(0).path("node");
      JsonNode size = instance.path("sizeMB");
      if (size.isInt() && size.asInt() < desired.volumeSizeMB()) {
        next.growVolume(volumeId, desired.volumeSizeMB());
      }
      // Backups take the volume's instance ID; a new instance has no schedule yet.
      String instanceId = instance.path("id").asText(null);
      ids.put(RailwayIds.VOLUME_INSTANCE, instanceId);
      if (instanceId != null && !desired.backupSchedule().isEmpty()) {
        next.updateBackupSchedule(instanceId, desired.backupSchedule());
      }
    }
    if (newDomain) {
      JsonNode created = result.path("serviceDomainCreate");
      ids.put(RailwayIds.DOMAIN, created.path("id").asText());
      domain = created.path("domain").asText();
      var redesigned = withDomain.apply(domain);
      for (var service : redesigned.services()) {
        if (needDomain.contains(service.component())) {
          if (!service.variables().equals(desired.service(service.component()).variables())) {
            next.upsertVariables(service.component(), ids.service(service.component()), service.variables());
          }
          next.updateSettings(service.component(), ids.service(service.component()), redesigned.settings(service));
        }
      }
      needDomain.forEach(component -> next.deploy(component, ids.service(component)));
    }
    if (!next.isEmpty()) {
      next.send(api);
    }
    return domain;
  }

  /** Starts a new deployment of a service's current settings; returns its ID. */
  public String deploy(String serviceId, String environmentId) {
    return api.execute(GraphqlOperation.named("ServiceInstanceDeployV2"),
        Map.of("serviceId", serviceId, "environmentId", environmentId)).path("serviceInstanceDeployV2").asText();
  }

  /**
   * Deletes every service (one request; the public entry's first, the reverse of the stack's order) and, when
   * deleteVolume, the volume; the project is left to its owner.
   */
  public void delete(RailwayProject project, RailwayLayout layout, RailwayIds ids, boolean deleteVolume) {
    var observed = observe(project, layout, ids);
    if (!observed.projectExists()) {
      return;
    }
    var document = StackDocuments.delete();
    var services = new ArrayList<>(layout.services());
    Collections.reverse(services);
    for (var service : services) {
      observed.service(service.name()).ifPresent(found -> document.deleteService(service.key(), found.id()));
    }
    if (deleteVolume) {
      RailwayPlanner.ourVolume(layout.nameOf(layout.volumeService()), observed, ids.get(RailwayIds.VOLUME))
          .ifPresent(volume -> document.deleteVolume(volume.volumeId()));
    }
    if (!document.isEmpty()) {
      document.send(api);
    }
  }

  /** The services whose settings or variables differ once the stack has a public domain, in the stack's order. */
  private static Set<String> needDomain(RailwayDesired desired, RailwayDesired withDomain) {
    var components = new LinkedHashSet<String>();
    for (var service : desired.services()) {
      if (!service.equals(withDomain.service(service.component()))) {
        components.add(service.component());
      }
    }
    return components;
  }

  private ObservedRailwayStack observeKnown(RailwayProject project, RailwayLayout layout, RailwayIds ids) {
    if (ids.get(RailwayIds.VOLUME_INSTANCE) != null) {
      try {
        return observeServices(project, layout, ids);
      } catch (RailwayException e) {
        if (e.kind() != RailwayException.Kind.UNAUTHORIZED) {
          throw e;
        }
        // Railway answers a volume instance that is gone (or not ours to read) as "Not Authorized": forget it and
        // observe without the backups; the instance of our volume is recorded again from what is found.
        ids.put(RailwayIds.VOLUME_INSTANCE, null);
      }
    }
    return observeServices(project, layout, ids);
  }

  private ObservedRailwayStack observeServices(RailwayProject project, RailwayLayout layout, RailwayIds ids) {
    try {
      return observeWithVariables(project, layout, ids, knownServices(layout, ids));
    } catch (RailwayException e) {
      if (e.kind() != RailwayException.Kind.NOT_FOUND || knownServices(layout, ids).isEmpty()) {
        throw e;
      }
    }
    // A recorded service is gone (its variables cannot be read): forget the IDs and find the services by name.
    knownServices(layout, ids).keySet().forEach(component -> ids.put(RailwayIds.serviceKey(component), null));
    return observeWithVariables(project, layout, ids, Map.of());
  }

  /**
   * One ObserveStack, with the backups of the recorded volume instance; refuses (before any write) IDs that point at
   * something not ours.
   */
  private ObservedRailwayStack observeWithVariables(RailwayProject project, RailwayLayout layout, RailwayIds ids,
      Map<String, String> serviceIds) {
    var document = StackDocuments.observe(ids.get(RailwayIds.PROJECT), ids.get(RailwayIds.ENVIRONMENT));
    String volumeInstanceId = ids.get(RailwayIds.VOLUME_INSTANCE);
    if (volumeInstanceId != null) {
      document.readBackups(volumeInstanceId);
    }
    for (var service : layout.services()) {
      String id = serviceIds.get(service.key());
      if (id != null) {
        document.readService(service.key(), id, service.limited());
      }
    }
    return observed(project, layout, ids, serviceIds, document.send(api));
  }

  /** What ObserveStack answered with {@code data} for these IDs, checked to be ours. */
  private ObservedRailwayStack observed(RailwayProject project, RailwayLayout layout, RailwayIds ids,
      Map<String, String> serviceIds, JsonNode data) {
    var componentById = new HashMap<String, String>();
    serviceIds.forEach((component, id) -> componentById.put(id, component));
    RailwayOwnership.require(project, layout, ids, data);
    var observed = ObservedRailwayStack.parse(data, componentById, ids.get(RailwayIds.VOLUME_INSTANCE));
    // Services found by name whose variables were not read (their IDs were not recorded): read them once more.
    var unread = new LinkedHashMap<String, String>(serviceIds);
    boolean missing = false;
    for (var service : observed.services().values()) {
      if (service.variables() == null && !componentById.containsKey(service.id())) {
        var ours = layout.named(service.name());
        if (ours.isPresent()) {
          unread.put(ours.get().key(), service.id());
          ids.put(RailwayIds.serviceKey(ours.get().key()), service.id());
          missing = true;
        }
      }
    }
    return missing ? observeWithVariables(project, layout, ids, unread) : observed;
  }

  /**
   * Finds the project by name and marker and its environment by name, in the token's projects; false when there is no
   * such project.
   */
  private boolean find(RailwayProject project, RailwayLayout layout, RailwayIds ids) {
    for (JsonNode node : projects.get().projects(api)) {
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
        throw RailwayOwnership.sharedByName(project, layout, other);
      });
      ids.put(RailwayIds.PROJECT, node.path("id").asText());
      ids.put(RailwayIds.ENVIRONMENT, environmentId(node, project));
      return true;
    }
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

  private void createServices(RailwayStackPlan plan, RailwayIds ids) {
    var missing = plan.all(CreateService.class);
    if (missing.isEmpty()) {
      return;
    }
    var document = StackDocuments.createServices(ids.get(RailwayIds.PROJECT), ids.get(RailwayIds.ENVIRONMENT));
    missing.forEach(c -> document.createService(c.component(), c.name()));
    JsonNode created = document.send(api);
    for (var change : missing) {
      String alias = StackDocuments.alias(change.component(), "create");
      if (created.hasNonNull(alias)) {
        ids.put(RailwayIds.serviceKey(change.component()), created.get(alias).path("id").asText());
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

  private static Map<String, String> knownServices(RailwayLayout layout, RailwayIds ids) {
    var known = new LinkedHashMap<String, String>();
    for (var service : layout.services()) {
      Optional.ofNullable(ids.service(service.key())).ifPresent(id -> known.put(service.key(), id));
    }
    return known;
  }

  private static StackDocuments configure(RailwayIds ids) {
    return StackDocuments.configure(ids.get(RailwayIds.PROJECT), ids.get(RailwayIds.ENVIRONMENT));
  }
}
