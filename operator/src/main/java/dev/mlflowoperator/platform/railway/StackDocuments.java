package dev.mlflowoperator.platform.railway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.GraphqlAnswer;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One batched GraphQL document of a stack, built from its list of services: each step on a service is one field
 * aliased by the component ({@code mlflow_variables: variableCollectionUpsert(...)}), each value a variable of its own,
 * so a stack of any number of services is observed, created, configured or deleted in one request. Only the steps
 * added are sent; top-level mutation fields run in the order they were added.
 */
final class StackDocuments {
  /** The project, the environment, their services and volumes: the fixed part of ObserveStack. */
  private static final String OBSERVE_ENVIRONMENT = """
        project(id: $projectId) {
          id
          name
          description
          deletedAt
          environments(first: 10) {
            edges { node { id name } }
          }
          services(first: 100) {
            edges { node { id name deletedAt } }
            pageInfo { hasNextPage endCursor }
          }
          volumes(first: 100) {
            edges { node { id name } }
            pageInfo { hasNextPage endCursor }
          }
        }
        environment(id: $environmentId, projectId: $projectId) {
          id
          name
          unmergedChangesCount
          serviceInstances(first: 100) {
            edges {
              node {
                id
                serviceId
                serviceName
                environmentId
                source { image }
                startCommand
                healthcheckPath
                healthcheckTimeout
                region
                restartPolicyType
                restartPolicyMaxRetries
                domains {
                  serviceDomains { id domain targetPort }
                }
                latestDeployment { id status createdAt }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
          volumeInstances(first: 100) {
            edges {
              node {
                id
                volumeId
                serviceId
                mountPath
                sizeMB
                state
                isPendingDeletion
                volume { id name }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }""";

  /** The aliases of the volume instance's backup schedules and backups in ObserveStack. */
  static final String BACKUP_SCHEDULES = "backupSchedules";
  static final String BACKUPS = "backups";

  private final String operation;
  /** Put before every alias and variable name: a deployment's part of a batch ({@code d12_}), else empty. */
  private final String prefix;
  private final String projectId;
  private final String environmentId;
  private final Map<String, String> declarations = new LinkedHashMap<>();
  private final Map<String, Object> values = new HashMap<>();
  private final List<String> fields = new ArrayList<>();

  private StackDocuments(String operation, String projectId, String environmentId) {
    this(operation, "", projectId, environmentId);
  }

  private StackDocuments(String operation, String prefix, String projectId, String environmentId) {
    this.operation = operation;
    this.prefix = prefix;
    this.projectId = projectId;
    this.environmentId = environmentId;
  }

  /**
   * ObserveStack: the whole stack of one deployment. Add {@link #readService} for each service whose ID is known;
   * the others are found by name in the answer.
   */
  static StackDocuments observe(String projectId, String environmentId) {
    return observe(projectId, environmentId, "");
  }

  /**
   * ObserveStack of one deployment in a batch: every alias and variable begins with {@code prefix}, so the answer's
   * fields that begin with it, the prefix cut, are what {@link #observe(String, String)} would have read.
   */
  static StackDocuments observe(String projectId, String environmentId, String prefix) {
    var document = new StackDocuments("query ObserveStack", prefix, projectId, environmentId);
    String project = document.project();
    String environment = document.environment();
    document.fields.add(OBSERVE_ENVIRONMENT
        .replace("project(id: $projectId)", document.aliased("project") + "project(id: " + project + ")")
        .replace("environment(id: $environmentId, projectId: $projectId)",
            document.aliased("environment") + "environment(id: " + environment + ", projectId: " + project + ")"));
    return document;
  }

  /** ObserveStacks: the deployments' ObserveStack documents, each under its own prefix, as one query. */
  static StackDocuments batch(List<StackDocuments> observes) {
    var batch = new StackDocuments("query ObserveStacks", null, null);
    for (var part : observes) {
      part.declarations.forEach((name, type) -> {
        if (batch.declarations.containsKey(name)) {
          throw new IllegalStateException("$" + name + " is declared by two parts of one batch: give each a prefix");
        }
        batch.declarations.put(name, type);
      });
      batch.values.putAll(part.values);
      batch.fields.addAll(part.fields);
    }
    return batch;
  }

  /** CreateServices: the missing services, without a source, so nothing deploys before it is configured. */
  static StackDocuments createServices(String projectId, String environmentId) {
    return new StackDocuments("mutation CreateServices", projectId, environmentId);
  }

  /**
   * ConfigureStack: brings the existing services in line. Callers add steps in Railway's safe order: volume (always
   * with environmentId, then its name, then its growth), domain, variables ({@code skipDeploys}, only our keys),
   * settings with the image source, limits, then one deploy per changed service.
   */
  static StackDocuments configure(String projectId, String environmentId) {
    return new StackDocuments("mutation ConfigureStack", projectId, environmentId);
  }

  /** DeleteStack: services and, only when asked, the volume. */
  static StackDocuments delete() {
    return new StackDocuments("mutation DeleteStack", null, null);
  }

  /** The alias of a component's field for one step; a key's characters outside a GraphQL name become {@code _}. */
  static String alias(String component, String step) {
    return component.replaceAll("[^A-Za-z0-9_]", "_") + "_" + step;
  }

  /** Reads a service's variables (unrendered: references stay references) and, when limited, its resource limits. */
  StackDocuments readService(String component, String serviceId, boolean limits) {
    String service = serviceId(component, serviceId);
    fields.add(prefix + alias(component, "variables") + ": variables(projectId: " + project() + ", environmentId: "
        + environment() + ", serviceId: " + service + ", unrendered: true)");
    if (limits) {
      fields.add(prefix + alias(component, "limits") + ": serviceInstanceLimits(environmentId: " + environment()
          + ", serviceId: " + service + ")");
    }
    return this;
  }

  /** Reads the volume instance's backup schedules and completed backups (two aliased top-level fields). */
  StackDocuments readBackups(String volumeInstanceId) {
    String instance = variable("volumeInstanceId", "String!", volumeInstanceId);
    fields.add(prefix + BACKUP_SCHEDULES + ": volumeInstanceBackupScheduleList(volumeInstanceId: " + instance + ") { id kind }");
    fields.add(prefix + BACKUPS + ": volumeInstanceBackupList(volumeInstanceId: " + instance
        + ") { id name createdAt scheduleId }");
    return this;
  }

  /** Sets the volume instance's backup schedule to exactly these kinds (none: no schedule). */
  StackDocuments updateBackupSchedule(String volumeInstanceId, List<String> kinds) {
    fields.add("volumeInstanceBackupScheduleUpdate(volumeInstanceId: "
        + variable("volumeInstanceId", "String!", volumeInstanceId) + ", kinds: "
        + variable("backupKinds", "[VolumeInstanceBackupScheduleKind!]!", kinds) + ")");
    return this;
  }

  StackDocuments createService(String component, String name) {
    fields.add(alias(component, "create") + ": serviceCreate(input: { projectId: " + project() + ", environmentId:"
        + " " + environment() + ", name: " + variable(alias(component, "name"), "String!", name) + " }) { id name }");
    return this;
  }

  /** A new volume on a service; the answer carries its instance's ID and size (Railway's plan default). */
  StackDocuments createVolume(String component, String serviceId, String mountPath) {
    fields.add("volumeCreate(input: { projectId: " + project() + ", environmentId: " + environment() + ", serviceId: "
        + serviceId(component, serviceId) + ", mountPath: " + variable("mountPath", "String!", mountPath)
        + " }) { id name volumeInstances(first: 1) { edges { node { id sizeMB } } } }");
    return this;
  }

  StackDocuments attachVolume(String volumeId, String component, String serviceId, String mountPath) {
    fields.add("volumeInstanceUpdate(volumeId: " + variable("volumeId", "String!", volumeId)
        + ", environmentId: " + environment() + ", input: { serviceId: " + serviceId(component, serviceId)
        + ", mountPath: " + variable("mountPath", "String!", mountPath) + " })");
    return this;
  }

  StackDocuments renameVolume(String volumeId, String name) {
    fields.add("volumeUpdate(volumeId: " + variable("volumeId", "String!", volumeId) + ", input: { name: "
        + variable("volumeName", "String!", name) + " }) { id name }");
    return this;
  }

  /** Railway's only way to grow a volume: an environment patch of {@code volumes.<id>.sizeMB}. */
  StackDocuments growVolume(String volumeId, int sizeMB) {
    Map<String, Object> patch = Map.of("volumes", Map.of(volumeId, Map.of("sizeMB", sizeMB)));
    fields.add("environmentPatchCommit(environmentId: " + environment() + ", patch: "
        + variable("volumePatch", "EnvironmentConfig!", patch)
        + ", commitMessage: \"mlflow-operator: grow the data volume\")");
    return this;
  }

  StackDocuments createDomain(String component, String serviceId, int port) {
    fields.add("serviceDomainCreate(input: { environmentId: " + environment() + ", serviceId: "
        + serviceId(component, serviceId) + ", targetPort: " + variable("domainPort", "Int!", port)
        + " }) { id domain targetPort }");
    return this;
  }

  StackDocuments updateDomain(String domainId, String domain, String component, String serviceId, int port) {
    fields.add("serviceDomainUpdate(input: { serviceDomainId: " + variable("domainId", "String!", domainId)
        + ", environmentId: " + environment() + ", serviceId: " + serviceId(component, serviceId) + ", domain: "
        + variable("domain", "String!", domain) + ", targetPort: " + variable("domainPort", "Int!", port) + " })");
    return this;
  }

  StackDocuments upsertVariables(String component, String serviceId, Map<String, String> variables) {
    fields.add(alias(component, "variables") + ": variableCollectionUpsert(input: { projectId: " + project() + ","
        + " environmentId: " + environment() + ", serviceId: " + serviceId(component, serviceId) + ", variables: "
        + variable(alias(component, "variables"), "EnvironmentVariables!", variables)
        + ", replace: false, skipDeploys: true })");
    return this;
  }

  StackDocuments updateSettings(String component, String serviceId, Map<String, Object> input) {
    fields.add(alias(component, "settings") + ": serviceInstanceUpdate(serviceId: " + serviceId(component, serviceId)
        + ", environmentId: " + environment() + ", input: "
        + variable(alias(component, "settings"), "ServiceInstanceUpdateInput!", input) + ")");
    return this;
  }

  StackDocuments updateLimits(String component, String serviceId, RailwayDesired.Limits limits) {
    fields.add(alias(component, "limits") + ": serviceInstanceLimitsUpdate(input: { environmentId: "
        + environment() + ", serviceId: " + serviceId(component, serviceId) + ", vCPUs: "
        + variable(alias(component, "vCPUs"), "Float!", limits.vCPUs()) + ", memoryGB: "
        + variable(alias(component, "memoryGB"), "Float!", limits.memoryGB()) + " })");
    return this;
  }

  StackDocuments deploy(String component, String serviceId) {
    fields.add(alias(component, "deploy") + ": serviceInstanceDeployV2(serviceId: " + serviceId(component, serviceId)
        + ", environmentId: " + environment() + ")");
    return this;
  }

  StackDocuments deleteService(String component, String serviceId) {
    fields.add(alias(component, "delete") + ": serviceDelete(id: " + serviceId(component, serviceId) + ")");
    return this;
  }

  StackDocuments deleteVolume(String volumeId) {
    fields.add("volumeDelete(volumeId: " + variable("volumeId", "String!", volumeId) + ")");
    return this;
  }

  boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The document's text: the operation with its variable declarations and one field per step. */
  String document() {
    var text = new StringBuilder(operation);
    if (!declarations.isEmpty()) {
      var declared = new ArrayList<String>();
      declarations.forEach((name, type) -> declared.add("$" + name + ": " + type));
      text.append('(').append(String.join(", ", declared)).append(')');
    }
    text.append(" {\n");
    fields.forEach(field -> text.append("  ").append(field.strip()).append('\n'));
    return text.append("}\n").toString();
  }

  Map<String, Object> variables() {
    return new HashMap<>(values);
  }

  /** Sends the document; returns its data. */
  JsonNode send(GraphqlExecutor api) {
    return api.execute(GraphqlOperation.of(document()), variables());
  }

  /** Sends a query of independent fields; each field's error comes back with the data ({@link GraphqlExecutor#query}). */
  GraphqlAnswer query(GraphqlExecutor api) {
    return api.query(GraphqlOperation.of(document()), variables());
  }

  /** {@code "<prefix>name: "} for a field that has a prefix, else nothing (the field's own name is its key). */
  private String aliased(String name) {
    return prefix.isEmpty() ? "" : prefix + name + ": ";
  }

  /** The stack's project, declared where a field uses it (GraphQL refuses a variable no field uses). */
  private String project() {
    return variable("projectId", "String!", projectId);
  }

  private String environment() {
    return variable("environmentId", "String!", environmentId);
  }

  private String serviceId(String component, String id) {
    return variable(alias(component, "serviceId"), "String!", id);
  }

  /**
   * Declares a variable once and gives its value; returns the reference to use in a field. Two values under one
   * name would send one step to another's target: two component keys that differ only outside letters and digits.
   */
  private String variable(String unprefixed, String type, Object value) {
    String name = prefix + unprefixed;
    if (declarations.containsKey(name) && !Objects.equals(values.get(name), value)) {
      throw new IllegalStateException("Two values for $" + name + " in one document: component keys must differ"
          + " in their letters, digits or underscores");
    }
    declarations.put(name, type);
    values.put(name, value);
    return "$" + name;
  }
}
