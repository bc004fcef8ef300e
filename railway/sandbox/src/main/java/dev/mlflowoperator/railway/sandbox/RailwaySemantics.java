package dev.mlflowoperator.railway.sandbox;

import dev.mlflowoperator.railway.sandbox.SandboxState.Deployment;
import dev.mlflowoperator.railway.sandbox.SandboxState.Environment;
import dev.mlflowoperator.railway.sandbox.SandboxState.Project;
import dev.mlflowoperator.railway.sandbox.SandboxState.Service;
import dev.mlflowoperator.railway.sandbox.SandboxState.ServiceDomain;
import dev.mlflowoperator.railway.sandbox.SandboxState.ServiceInstance;
import dev.mlflowoperator.railway.sandbox.SandboxState.VariableSet;
import dev.mlflowoperator.railway.sandbox.SandboxState.Volume;
import dev.mlflowoperator.railway.sandbox.SandboxState.VolumeInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Railway's semantics over a {@link SandboxState}: what queries read and mutations change. Not thread-safe. */
final class RailwaySemantics {
  static final String DEFAULT_ENVIRONMENT = "production";
  /** Railway's defaults on the Hobby plan: a new volume's size and a service's vCPU and memory limits. */
  static final int DEFAULT_VOLUME_SIZE_MB = 5000;
  static final double DEFAULT_VCPUS = 8;
  static final double DEFAULT_MEMORY_GB = 8;

  private final SandboxState state;
  private final SandboxIds ids;
  private final Clock clock;
  private final DeploymentProgress progress;
  private final SandboxBackups backups;
  private boolean changed;

  /** {@code workflowFails} says, per mutation field, whether a backup workflow it starts ends in Error. */
  RailwaySemantics(SandboxState state, Clock clock, DeploymentProgress progress, Duration workflowDuration,
      Predicate<String> workflowFails) {
    this.state = state;
    this.ids = new SandboxIds(state);
    this.clock = clock;
    this.progress = progress;
    this.backups = new SandboxBackups(state, ids, clock, workflowDuration, workflowFails);
  }

  /** True once, after anything changed since the last call. */
  boolean takeChanged() {
    boolean was = changed | backups.takeChanged();
    changed = false;
    return was;
  }

  /** Volume backups: schedules, backups, workflows and staged restores. */
  SandboxBackups backups() {
    return backups;
  }

  /** Lets the clock's effects happen: scheduled backups, finished workflows, expired backups. */
  void catchUp() {
    backups.catchUp();
  }

  // ---- queries

  Project project(String id) {
    return find(state.projects, p -> p.id.equals(id)).orElseThrow(() -> SandboxException.notFound("Project"));
  }

  /**
   * The workspace's projects in {@code orderBy}'s order (Railway's ProjectsOrderBy), else as they were made; the later
   * made first among equal times.
   */
  List<Project> projects(String workspaceId, String orderBy) {
    var projects = new ArrayList<>(state.projects.stream()
        .filter(p -> workspaceId == null || workspaceId.equals(p.workspaceId))
        .toList());
    if (orderBy == null) {
      return projects;
    }
    Collections.reverse(projects);
    projects.sort(switch (orderBy) {
      case "NAME_ASC" -> Comparator.comparing((Project p) -> p.name);
      case "CREATED_AT_DESC" -> Comparator.comparing((Project p) -> Instant.parse(p.createdAt)).reversed();
      default -> Comparator.comparing((Project p) -> Instant.parse(p.lastUpdated())).reversed();
    });
    return projects;
  }

  Environment environment(String id, String projectId) {
    return find(state.environments, e -> e.id.equals(id) && (projectId == null || projectId.equals(e.projectId)))
        .orElseThrow(() -> SandboxException.notFound("Environment"));
  }

  List<Environment> environments(Project project) {
    return all(state.environments, e -> e.projectId.equals(project.id));
  }

  List<Service> services(Project project) {
    return all(state.services, s -> s.projectId.equals(project.id));
  }

  List<Volume> volumes(Project project) {
    return all(state.volumes, v -> v.projectId.equals(project.id));
  }

  List<ServiceInstance> serviceInstances(Environment environment) {
    return all(state.serviceInstances, i -> i.environmentId.equals(environment.id));
  }

  List<VolumeInstance> volumeInstances(Environment environment) {
    return all(state.volumeInstances, i -> Objects.equals(i.environmentId, environment.id));
  }

  /** The volume's instances in every environment (Railway's deprecated path, as volumeCreate's answer uses it). */
  List<VolumeInstance> instancesOf(Volume volume) {
    return all(state.volumeInstances, i -> i.volumeId.equals(volume.id));
  }

  /** The instance's merged limits as Railway reports them: what was set, else the plan's default. */
  Map<String, Object> serviceInstanceLimits(String environmentId, String serviceId) {
    ServiceInstance instance = instance(environmentId, serviceId);
    return Map.of("vCPUs", instance.vCPUs == null ? DEFAULT_VCPUS : instance.vCPUs,
        "memoryGB", instance.memoryGB == null ? DEFAULT_MEMORY_GB : instance.memoryGB);
  }

  /** The service's variables in the environment, or the shared ones when {@code serviceId} is null. */
  Map<String, String> variables(String projectId, String environmentId, String serviceId) {
    environmentOf(projectId, environmentId);
    if (serviceId != null) {
      serviceOf(projectId, serviceId);
    }
    return variableSet(environmentId, serviceId)
        .<Map<String, String>>map(set -> new LinkedHashMap<>(set.values))
        .orElse(Map.of());
  }

  Service service(String id) {
    return find(state.services, s -> s.id.equals(id)).orElseThrow(() -> SandboxException.notFound("Service"));
  }

  Volume volume(String id) {
    return find(state.volumes, v -> v.id.equals(id)).orElseThrow(() -> SandboxException.notFound("Volume"));
  }

  List<ServiceDomain> serviceDomains(ServiceInstance instance) {
    return all(state.serviceDomains,
        d -> d.serviceId.equals(instance.serviceId) && d.environmentId.equals(instance.environmentId));
  }

  Optional<Deployment> latestDeployment(ServiceInstance instance) {
    return state.deployments.stream()
        .filter(d -> d.serviceId.equals(instance.serviceId) && d.environmentId.equals(instance.environmentId))
        .reduce((older, newer) -> newer);
  }

  /**
   * The deployment that serves: the newest one that reached SUCCESS, which in the sandbox stands for running and past
   * its healthcheck. As on Railway (docs: deployments/healthchecks.md), a newer deployment takes the traffic only
   * once healthy: while it is queued, building or deploying (or when it crashed), the one before keeps serving.
   * Railway's overlapSeconds (the old one kept a while after the switch) is not modelled: the stack does not set it.
   */
  List<Deployment> activeDeployments(ServiceInstance instance) {
    return state.deployments.stream()
        .filter(d -> d.serviceId.equals(instance.serviceId) && d.environmentId.equals(instance.environmentId))
        .filter(d -> "SUCCESS".equals(status(d)))
        .reduce((older, newer) -> newer).map(List::of).orElse(List.of());
  }

  String status(Deployment deployment) {
    return progress.statusAt(deployment, clock.instant());
  }

  // ---- mutations

  /** A new project with its default environment; project names need not be unique. */
  Project projectCreate(String name, String description, String workspaceId) {
    Project project = new Project();
    project.id = ids.uuid();
    project.name = name == null ? ids.words() : name;
    project.description = description;
    project.workspaceId = workspaceId;
    project.createdAt = now();
    project.updatedAt = project.createdAt;
    state.projects.add(project);
    Environment environment = new Environment();
    environment.id = ids.uuid();
    environment.projectId = project.id;
    environment.name = DEFAULT_ENVIRONMENT;
    state.environments.add(environment);
    changed = true;
    return project;
  }

  /** A service with an instance in the environment (in every one when null); names are unique per project. */
  Service serviceCreate(String projectId, String environmentId, String name, Map<String, String> variables) {
    Project project = project(projectId);
    List<Environment> environments = environmentId == null
        ? environments(project)
        : List.of(environmentOf(projectId, environmentId));
    String serviceName = name == null ? ids.words() : name;
    if (state.services.stream().anyMatch(s -> s.projectId.equals(projectId) && s.name.equals(serviceName))) {
      throw new SandboxException("Service name already exists");
    }
    Service service = new Service();
    service.id = ids.uuid();
    service.projectId = projectId;
    service.name = serviceName;
    service.createdAt = now();
    state.services.add(service);
    for (Environment environment : environments) {
      ServiceInstance instance = new ServiceInstance();
      instance.id = ids.uuid();
      instance.serviceId = service.id;
      instance.environmentId = environment.id;
      state.serviceInstances.add(instance);
      if (variables != null && !variables.isEmpty()) {
        upsertVariables(environment.id, service.id, variables, false);
      }
    }
    changed = true;
    return service;
  }

  /** Deletes the service everywhere with its instances, variables, domains and deployments; its volume stays. */
  boolean serviceDelete(String id) {
    Service service = service(id);
    state.services.remove(service);
    state.serviceInstances.removeIf(i -> i.serviceId.equals(id));
    state.variables.removeIf(v -> id.equals(v.serviceId));
    state.serviceDomains.removeIf(d -> d.serviceId.equals(id));
    state.deployments.removeIf(d -> d.serviceId.equals(id));
    state.volumeInstances.stream().filter(v -> id.equals(v.serviceId)).forEach(v -> v.serviceId = null);
    changed = true;
    return true;
  }

  /** A new generated domain {@code <service>-<environment>-<hex>.up.railway.app} on every call. */
  ServiceDomain serviceDomainCreate(String environmentId, String serviceId, Integer targetPort) {
    ServiceInstance instance = instance(environmentId, serviceId);
    ServiceDomain domain = new ServiceDomain();
    domain.id = ids.uuid();
    domain.serviceId = serviceId;
    domain.environmentId = environmentId;
    domain.domain = dnsLabel(service(serviceId).name) + "-" + dnsLabel(environment(environmentId, null).name)
        + "-" + ids.hex(4) + ".up.railway.app";
    domain.targetPort = targetPort;
    state.serviceDomains.add(domain);
    changed = true;
    return domain;
  }

  /** Removes a generated domain. */
  boolean serviceDomainDelete(String id) {
    if (!state.serviceDomains.removeIf(d -> d.id.equals(id))) {
      throw SandboxException.notFound("Domain");
    }
    changed = true;
    return true;
  }

  /** Changes a generated domain's name and target port; the domain must belong to the service in the environment. */
  boolean serviceDomainUpdate(Map<String, Object> input) {
    ServiceDomain domain = find(state.serviceDomains, d -> d.id.equals(input.get("serviceDomainId"))
        && d.serviceId.equals(input.get("serviceId")) && d.environmentId.equals(input.get("environmentId")))
        .orElseThrow(() -> SandboxException.notFound("Domain"));
    domain.domain = (String) input.get("domain");
    ifSet(input, "targetPort", Integer.class, v -> domain.targetPort = v);
    changed = true;
    return true;
  }

  /** Sets the instance's vCPU and memory limits (a null field is left alone); it takes effect with the next deploy. */
  boolean serviceInstanceLimitsUpdate(Map<String, Object> input) {
    ServiceInstance instance = instance((String) input.get("environmentId"), (String) input.get("serviceId"));
    ifSet(input, "vCPUs", Double.class, v -> instance.vCPUs = v);
    ifSet(input, "memoryGB", Double.class, v -> instance.memoryGB = v);
    changed = true;
    return true;
  }

  /**
   * Commits what a restore staged in the environment; the services see the restored volume once deployed again.
   */
  String environmentPatchCommitStaged(String environmentId) {
    environment(environmentId, null);
    backups.commitStaged(environmentId);
    changed = true;
    return ids.uuid();
  }

  /**
   * Applies an environment patch at once, with whatever a restore staged in the environment, and returns its id. The
   * sandbox knows only {@code volumes.<id>.sizeMB} (an empty patch commits only the staged changes), and like Railway
   * it only grows a volume: a smaller size is refused.
   */
  String environmentPatchCommit(String environmentId, Map<String, Object> patch) {
    environment(environmentId, null);
    if (patch == null || patch.isEmpty()) {
      return environmentPatchCommitStaged(environmentId);
    }
    if (!patch.keySet().equals(Set.of("volumes"))
        || !(patch.get("volumes") instanceof Map<?, ?> volumes)) {
      throw new SandboxException("The sandbox supports only {\"volumes\": {\"<volumeId>\": {\"sizeMB\": N}}} as a patch");
    }
    volumes.forEach((volumeId, config) -> {
      if (!(config instanceof Map<?, ?> fields) || !fields.keySet().equals(Set.of("sizeMB"))
          || !(fields.get("sizeMB") instanceof Number size)) {
        throw new SandboxException("The sandbox supports only sizeMB in the patch of volume " + volumeId);
      }
      VolumeInstance instance = find(state.volumeInstances,
          i -> i.volumeId.equals(volumeId) && environmentId.equals(i.environmentId))
          .orElseThrow(() -> SandboxException.notFound("VolumeInstance"));
      if (size.intValue() < instance.sizeMB) {
        throw new SandboxException("A volume can only grow: volume " + volumeId + " has " + instance.sizeMB
            + " MB, the patch asks for " + size.intValue() + " MB");
      }
    });
    volumes.forEach((volumeId, config) -> find(state.volumeInstances,
        i -> i.volumeId.equals(volumeId) && environmentId.equals(i.environmentId))
        .ifPresent(i -> i.sizeMB = ((Number) ((Map<?, ?>) config).get("sizeMB")).intValue()));
    backups.commitStaged(environmentId);
    changed = true;
    return ids.uuid();
  }

  /** Deploys the instance's current settings; returns the new deployment's id. */
  String serviceInstanceDeployV2(String environmentId, String serviceId) {
    return deploy(instance(environmentId, serviceId)).id;
  }

  /** Sets the given settings (null fields are left alone) in one environment, or all when environmentId is null. */
  boolean serviceInstanceUpdate(String serviceId, String environmentId, Map<String, Object> input) {
    Service service = service(serviceId);
    List<ServiceInstance> instances = environmentId == null
        ? all(state.serviceInstances, i -> i.serviceId.equals(service.id))
        : List.of(instance(environmentId, serviceId));
    for (ServiceInstance instance : instances) {
      if (input.get("source") instanceof Map<?, ?> source && source.get("image") instanceof String image) {
        instance.sourceImage = image;
      }
      ifSet(input, "startCommand", String.class, v -> instance.startCommand = v);
      ifSet(input, "healthcheckPath", String.class, v -> instance.healthcheckPath = v);
      ifSet(input, "healthcheckTimeout", Integer.class, v -> instance.healthcheckTimeout = v);
      ifSet(input, "region", String.class, v -> instance.region = v);
      ifSet(input, "restartPolicyType", String.class, v -> instance.restartPolicyType = v);
      ifSet(input, "restartPolicyMaxRetries", Integer.class, v -> instance.restartPolicyMaxRetries = v);
    }
    changed = true;
    return true;
  }

  /**
   * Adds or changes variables (with {@code replace}, removes the others too). Unless {@code skipDeploys},
   * redeploys the affected services that have a source: the service, or every service for shared variables.
   */
  boolean variableCollectionUpsert(Map<String, Object> input) {
    String projectId = (String) input.get("projectId");
    String environmentId = (String) input.get("environmentId");
    String serviceId = (String) input.get("serviceId");
    environmentOf(projectId, environmentId);
    if (serviceId != null) {
      instance(environmentId, serviceOf(projectId, serviceId).id);
    }
    @SuppressWarnings("unchecked")
    Map<String, String> values = (Map<String, String>) input.get("variables");
    upsertVariables(environmentId, serviceId, values, Boolean.TRUE.equals(input.get("replace")));
    if (!Boolean.TRUE.equals(input.get("skipDeploys"))) {
      redeployImageServices(environmentId, serviceId);
    }
    changed = true;
    return true;
  }

  /** Removes one variable; like Railway (which has no skipDeploys here) it redeploys the affected services. */
  boolean variableDelete(Map<String, Object> input) {
    String environmentId = (String) input.get("environmentId");
    String serviceId = (String) input.get("serviceId");
    environmentOf((String) input.get("projectId"), environmentId);
    boolean removed = variableSet(environmentId, serviceId)
        .map(set -> set.values.remove((String) input.get("name")) != null).orElse(false);
    if (!removed) {
      throw SandboxException.notFound("Variable");
    }
    redeployImageServices(environmentId, serviceId);
    changed = true;
    return true;
  }

  /** Deploys every service with an image in the environment (or only {@code serviceId}) after a variable change. */
  private void redeployImageServices(String environmentId, String serviceId) {
    state.serviceInstances.stream()
        .filter(i -> i.environmentId.equals(environmentId) && i.sourceImage != null)
        .filter(i -> serviceId == null || i.serviceId.equals(serviceId))
        .toList()
        .forEach(this::deploy);
  }

  /**
   * A volume with a generated name; with an environmentId it is mounted into the service there (one volume
   * per service), without one no instance is made. Attaching to a service with a source redeploys it.
   */
  Volume volumeCreate(Map<String, Object> input) {
    String projectId = (String) input.get("projectId");
    String environmentId = (String) input.get("environmentId");
    String serviceId = (String) input.get("serviceId");
    project(projectId);
    Optional<ServiceInstance> attachTo = Optional.empty();
    if (environmentId != null) {
      environmentOf(projectId, environmentId);
      if (serviceId != null) {
        serviceOf(projectId, serviceId);
        attachTo = Optional.of(instance(environmentId, serviceId));
        if (state.volumeInstances.stream().anyMatch(v -> serviceId.equals(v.serviceId)
            && environmentId.equals(v.environmentId) && !v.isPendingDeletion)) {
          throw new SandboxException("A volume already exists for this service");
        }
      }
    }
    Volume volume = new Volume();
    volume.id = ids.uuid();
    volume.projectId = projectId;
    volume.name = uniqueVolumeName(projectId);
    state.volumes.add(volume);
    if (environmentId != null) {
      VolumeInstance instance = new VolumeInstance();
      instance.id = ids.uuid();
      instance.volumeId = volume.id;
      instance.environmentId = environmentId;
      instance.serviceId = serviceId;
      instance.mountPath = (String) input.get("mountPath");
      state.volumeInstances.add(instance);
    }
    attachTo.filter(i -> i.sourceImage != null).ifPresent(this::deploy);
    changed = true;
    return volume;
  }

  /** Renames the volume; as on Railway a name is unique in the project ("Volume name already exists"). */
  Volume volumeUpdate(String volumeId, Map<String, Object> input) {
    Volume volume = volume(volumeId);
    String name = (String) input.get("name");
    if (name != null && !name.equals(volume.name)) {
      if (state.volumes.stream().anyMatch(v -> v.projectId.equals(volume.projectId) && v.name.equals(name))) {
        throw new SandboxException("Volume name already exists");
      }
      volume.name = name;
      changed = true;
    }
    return volume;
  }

  /** Queues the volume for deletion: its instances show DELETING and pending deletion. */
  boolean volumeDelete(String volumeId) {
    Volume volume = volume(volumeId);
    state.volumeInstances.stream().filter(i -> i.volumeId.equals(volume.id)).forEach(i -> {
      i.state = "DELETING";
      i.isPendingDeletion = true;
    });
    changed = true;
    return true;
  }

  /**
   * Moves the volume's instance (in one environment, or all when null) to the given mount path and service;
   * without a serviceId the volume is detached. Attaching to a service with a source redeploys it.
   */
  boolean volumeInstanceUpdate(String volumeId, String environmentId, Map<String, Object> input) {
    volume(volumeId);
    String serviceId = (String) input.get("serviceId");
    List<VolumeInstance> instances = all(state.volumeInstances,
        i -> i.volumeId.equals(volumeId) && (environmentId == null || environmentId.equals(i.environmentId)));
    if (instances.isEmpty()) {
      throw SandboxException.notFound("VolumeInstance");
    }
    for (VolumeInstance instance : instances) {
      ifSet(input, "mountPath", String.class, v -> instance.mountPath = v);
      instance.serviceId = serviceId;
      if (serviceId != null) {
        Optional<ServiceInstance> attachTo = find(state.serviceInstances,
            i -> i.serviceId.equals(serviceId) && i.environmentId.equals(instance.environmentId));
        attachTo.filter(i -> i.sourceImage != null).ifPresent(this::deploy);
      }
    }
    changed = true;
    return true;
  }

  // ---- controls for tests and demos (not part of Railway's API)

  /** From now on the service's deployments end CRASHED (or SUCCESS again); its latest deployment follows at once. */
  void deleteProject(String projectId) {
    project(projectId);
    state.projects.removeIf(p -> p.id.equals(projectId));
    state.environments.removeIf(e -> e.projectId.equals(projectId));
    state.services.removeIf(s -> s.projectId.equals(projectId));
    state.volumes.removeIf(v -> v.projectId.equals(projectId));
  }

  void setCrashing(String serviceId, boolean crashing) {
    Service service = service(serviceId);
    service.crashing = crashing;
    if (crashing) {
      state.deployments.stream()
          .filter(d -> d.serviceId.equals(serviceId))
          .collect(Collectors.toMap(d -> d.environmentId, d -> d, (older, newer) -> newer))
          .values()
          .forEach(d -> d.outcome = "CRASHED");
    }
    changed = true;
  }

  /** Sets how much of the volume instance holds data. */
  void setVolumeUsage(String volumeInstanceId, int usedMB) {
    find(state.volumeInstances, v -> v.id.equals(volumeInstanceId))
        .orElseThrow(() -> SandboxException.notFound("VolumeInstance")).usedMB = usedMB;
    changed = true;
  }

  void setBackupsFail(String volumeInstanceId, boolean fail) {
    find(state.volumeInstances, v -> v.id.equals(volumeInstanceId))
        .orElseThrow(() -> SandboxException.notFound("VolumeInstance")).backupsFail = fail;
    changed = true;
  }

  // ---- helpers

  private Deployment deploy(ServiceInstance instance) {
    Deployment deployment = new Deployment();
    deployment.id = ids.uuid();
    deployment.serviceId = instance.serviceId;
    deployment.environmentId = instance.environmentId;
    deployment.image = instance.sourceImage;
    deployment.createdAt = now();
    deployment.outcome = service(instance.serviceId).crashing ? "CRASHED" : "SUCCESS";
    deployment.volumeDataFrom = find(state.volumeInstances, v -> instance.serviceId.equals(v.serviceId)
        && instance.environmentId.equals(v.environmentId) && !v.isPendingDeletion)
        .map(v -> v.dataFrom).orElse(null);
    state.deployments.add(deployment);
    changed = true;
    return deployment;
  }

  private void upsertVariables(String environmentId, String serviceId, Map<String, String> values, boolean replace) {
    VariableSet set = variableSet(environmentId, serviceId).orElseGet(() -> {
      VariableSet created = new VariableSet();
      created.environmentId = environmentId;
      created.serviceId = serviceId;
      state.variables.add(created);
      return created;
    });
    if (replace) {
      set.values.clear();
    }
    set.values.putAll(values);
  }

  private Optional<VariableSet> variableSet(String environmentId, String serviceId) {
    return find(state.variables,
        v -> v.environmentId.equals(environmentId) && Objects.equals(v.serviceId, serviceId));
  }

  private Environment environmentOf(String projectId, String environmentId) {
    project(projectId);
    return environment(environmentId, projectId);
  }

  private Service serviceOf(String projectId, String serviceId) {
    Service service = service(serviceId);
    if (!service.projectId.equals(projectId)) {
      throw SandboxException.notFound("Service");
    }
    return service;
  }

  private ServiceInstance instance(String environmentId, String serviceId) {
    service(serviceId);
    environment(environmentId, null);
    return find(state.serviceInstances, i -> i.serviceId.equals(serviceId) && i.environmentId.equals(environmentId))
        .orElseThrow(() -> SandboxException.notFound("ServiceInstance"));
  }

  /** {@code <adjective>-<noun>-volume}, with a hex suffix when the project already has that name. */
  private String uniqueVolumeName(String projectId) {
    String name = ids.words() + "-volume";
    boolean taken = state.volumes.stream().anyMatch(v -> v.projectId.equals(projectId) && v.name.equals(name));
    return taken ? name + "-" + ids.hex(4) : name;
  }

  private String now() {
    return clock.instant().toString();
  }

  private static String dnsLabel(String name) {
    String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+)|(-+$)", "");
    return label.isEmpty() ? "service" : label;
  }

  private static <T> void ifSet(Map<String, Object> input, String field, Class<T> type,
      Consumer<T> setter) {
    Object value = input.get(field);
    if (type.isInstance(value)) {
      setter.accept(type.cast(value));
    }
  }

  private static <T> Optional<T> find(List<T> items, Predicate<T> matches) {
    return items.stream().filter(matches).findFirst();
  }

  private static <T> List<T> all(List<T> items, Predicate<T> matches) {
    return items.stream().filter(matches).toList();
  }
}
