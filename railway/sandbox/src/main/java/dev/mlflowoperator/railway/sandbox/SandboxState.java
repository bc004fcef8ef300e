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
  public List<BackupSchedule> backupSchedules = new ArrayList<>();
  public List<Backup> backups = new ArrayList<>();
  public List<Workflow> workflows = new ArrayList<>();
  /** Volume restores staged by a completed restore workflow, waiting for a commit of their environment. */
  public List<StagedRestore> stagedRestores = new ArrayList<>();

  /** A project; {@code workspaceId} is whatever the creator passed. */
  public static final class Project {
    public String id;
    public String name;
    public String description;
    public String workspaceId;
    public String createdAt;
    /** Set by every change of the project; a state saved before it had this has only createdAt. */
    public String updatedAt;

    /** When the project last changed. */
    public String lastUpdated() {
      return updatedAt != null ? updatedAt : createdAt;
    }
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
    /** Not Railway's: how much of the volume holds data (a manual backup of more than half the size is refused). */
    public int usedMB;
    /** Not Railway's: the backup whose data the volume holds once a restore is committed; null: its own data. */
    public String dataFrom;
    /** Set by tests and demos: backups of this instance fail (their create workflows end in Error as they complete). */
    public boolean backupsFail;
  }

  /** A backup schedule of one volume instance: one kind, run on the clock since {@code lastRunAt}. */
  public static final class BackupSchedule {
    public String id;
    public String volumeInstanceId;
    /** DAILY, WEEKLY or MONTHLY. */
    public String kind;
    public String createdAt;
    /** When it last made a backup (its creation time before the first). */
    public String lastRunAt;
  }

  /** A completed backup of one volume instance; a scheduled one expires, a manual one is kept. */
  public static final class Backup {
    public String id;
    public String volumeInstanceId;
    public String name;
    public String createdAt;
    public String expiresAt;
    public String externalId;
    public String scheduleId;
    public int usedMB;
    public int volumeInstanceSizeMB;
  }

  /** A workflow (backup create, restore or delete) that ends at {@code endsAt}, then takes effect or fails. */
  public static final class Workflow {
    public String id;
    /** BACKUP_CREATE, BACKUP_RESTORE or BACKUP_DELETE. */
    public String kind;
    public String volumeInstanceId;
    /** The backup restored or deleted. */
    public String backupId;
    /** The name of the backup being created. */
    public String name;
    public String endsAt;
    /** True when it was made to end in Error. */
    public boolean fails;
    /** Running, Complete or Error. */
    public String status = "Running";
    public String error;
  }

  /** A restore of a volume instance from a backup, staged in its environment until committed. */
  public static final class StagedRestore {
    public String environmentId;
    public String volumeInstanceId;
    public String backupId;
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
    /** Not Railway's: the backup whose data the service's volume held when deployed (null: its own data). */
    public String volumeDataFrom;
  }
}
