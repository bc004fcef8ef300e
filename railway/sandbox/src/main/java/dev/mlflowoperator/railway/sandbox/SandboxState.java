package dev.mlflowoperator.railway.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one sandboxed Railway account holds, as plain data that Jackson writes to and reads from a file. */
public final class SandboxState {
  /** Seeds ids and generated names; kept so a reloaded sandbox goes on with the same sequence. */
  public long seed;
  /** How many ids and names have been generated so far. */
  public long sequence;
  /** The one token this sandbox accepts, as a bearer or a project access token. */
  public String token;
  public List<Project> projects = new ArrayList<>();
  public List<Environment> environments = new ArrayList<>();
  public List<Service> services = new ArrayList<>();
  public List<ServiceInstance> serviceInstances = new ArrayList<>();
  public List<VariableSet> variables = new ArrayList<>();
  public List<Volume> volumes = new ArrayList<>();
  public List<VolumeInstance> volumeInstances = new ArrayList<>();
  public List<ServiceDomain> serviceDomains = new ArrayList<>();
  public List<Deployment> deployments = new ArrayList<>();

  /** A project; {@code workspaceId} is whatever the creator passed. */
  public static final class Project {
    public String id;
    public String name;
    public String description;
    public String workspaceId;
    public String createdAt;
  }

  /** An environment of a project; every project starts with "production". */
  public static final class Environment {
    public String id;
    public String projectId;
    public String name;
    public Integer unmergedChangesCount = 0;
  }

  /** A service: project-level identity; its settings live in its instances. */
  public static final class Service {
    public String id;
    public String projectId;
    public String name;
    public String createdAt;
    /** Set by tests and demos: deployments of this service end CRASHED. */
    public boolean crashing;
  }

  /** A service in one environment, with the settings Railway keeps per environment. */
  public static final class ServiceInstance {
    public String id;
    public String serviceId;
    public String environmentId;
    public String sourceImage;
    public String startCommand;
    public String healthcheckPath;
    public Integer healthcheckTimeout;
    /** Railway's deployment region; null means Railway's default. */
    public String region;
    public String restartPolicyType = "ON_FAILURE";
    public int restartPolicyMaxRetries = 10;
    /** Resource limits set by serviceInstanceLimitsUpdate; null means the plan's default. */
    public Double vCPUs;
    public Double memoryGB;
  }

  /** The variables of one service in one environment, or the environment's shared ones when serviceId is null. */
  public static final class VariableSet {
    public String environmentId;
    public String serviceId;
    public Map<String, String> values = new LinkedHashMap<>();
  }

  /** A volume: project-level identity with a generated, project-unique name. */
  public static final class Volume {
    public String id;
    public String projectId;
    public String name;
  }

  /** A volume in one environment, mounted into one service at a path. */
  public static final class VolumeInstance {
    public String id;
    public String volumeId;
    public String environmentId;
    public String serviceId;
    public String mountPath;
    /** Railway's size; a new volume gets the Hobby plan's default, and it only ever grows. */
    public int sizeMB = RailwaySemantics.DEFAULT_VOLUME_SIZE_MB;
    public String state = "READY";
    public boolean isPendingDeletion;
  }

  /** A generated {@code *.up.railway.app} domain of a service in one environment. */
  public static final class ServiceDomain {
    public String id;
    public String serviceId;
    public String environmentId;
    public String domain;
    public Integer targetPort;
  }

  /** One deployment; its status follows from its age and outcome (see {@link DeploymentProgress}). */
  public static final class Deployment {
    public String id;
    public String serviceId;
    public String environmentId;
    public String image;
    public String createdAt;
    /** SUCCESS or CRASHED: where the deployment ends once its time is up. */
    public String outcome = "SUCCESS";
  }
}
