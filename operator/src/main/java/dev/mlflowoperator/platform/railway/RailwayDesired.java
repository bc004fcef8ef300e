package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.MlflowModel;
import dev.mlflowoperator.model.ScheduledJobComponent;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.ServiceComponent.ConfigFile;
import dev.mlflowoperator.model.Sha256;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What each Railway service of one stack should hold, built from the DesiredStack's service components with every
 * secret resolved, in the stack's order; resource limits and the least size of the volume are in Railway's units
 * ({@link RailwayQuantities}). Which service mounts the volume and which one the domain routes to is the layout.
 * {@code backupSchedule} is the volume's schedule in Railway's kinds ({@code DAILY}, ...), in the spec's order.
 */
public record RailwayDesired(RailwayLayout layout, List<Service> services, String region, int volumeSizeMB,
    List<String> backupSchedule) {
  /**
   * The variable holding the first user's plaintext password ({@link CaddyConfig#env} for the others), read back on
   * every reconcile so it is never regenerated.
   */
  public static final String PASSWORD_VARIABLE = "BASIC_AUTH_PASSWORD";
  /**
   * Lists, on each service, the other variables the operator set: kept with them on Railway (so a lost state
   * file loses nothing), it tells ours from the user's, and which of ours to remove when the spec drops one.
   */
  public static final String MANAGED_KEYS_VARIABLE = "MLFLOW_OPERATOR_MANAGED_KEYS";
  public static final String HEALTHCHECK_PATH = MlflowModel.HEALTH_PATH;
  public static final String RESTART_POLICY = "ON_FAILURE";
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  public RailwayDesired {
    services = List.copyOf(services);
    backupSchedule = List.copyOf(backupSchedule);
  }

  /**
   * One service: its name, image, start command, the variables we own (never printed: they hold secrets) and its
   * vCPU and memory limits (null: Railway's defaults).
   */
  /** @param healthcheckTimeout seconds a new deployment has to pass its healthcheck; null for Railway's default */
  public record Service(String component, String name, String image, String startCommand, Integer healthcheckTimeout,
      Map<String, String> variables, Limits limits) {
    public Service {
      variables = Map.copyOf(variables);
    }

    @Override
    public String toString() {
      return "Service[" + name + ", image=" + image + ", variables=" + variables.keySet() + "]";
    }
  }

  /**
   * A service's vCPU and memory limits. Railway has only limits: the cpu and memory limits of the service's
   * resources (on Kubernetes, MLflow's are also its requests) become Railway's limit.
   */
  public record Limits(double vCPUs, double memoryGB) {}

  /**
   * The services of the stack in {@code region} (null: Railway's default region), its scheduled jobs run daily at
   * {@code jobsAt} UTC (the deployment's {@link dev.mlflowoperator.model.JobTime}).
   */
  public static RailwayDesired of(DesiredStack stack, LocalTime jobsAt, String region, SecretResolver secrets) {
    return new RailwayDesired(RailwayLayout.of(stack),
        stack.services().stream().map(component -> service(stack, component, jobsAt, secrets)).toList(),
        region,
        RailwayQuantities.sizeMB(stack.volumes().get(0).size()),
        stack.volumes().get(0).backups().stream().distinct().map(BackupKind::name).toList());
  }

  /**
   * A service's variables: Railway routes the deploy-time healthcheck to PORT, so it is the service's port; each config
   * file is a variable the start command writes to its path; the environment with every secret resolved; and the
   * plaintext password on the service that reads the credentials, so it is read back and never regenerated.
   */
  private static Service service(DesiredStack stack, ServiceComponent component, LocalTime jobsAt,
      SecretResolver secrets) {
    var variables = new LinkedHashMap<String, String>();
    variables.put("PORT", Integer.toString(component.port()));
    component.files().forEach(file -> variables.put(fileVariable(file), file.content()));
    variables.putAll(resolve(component.env(), stack, secrets));
    stack.all(CredentialsComponent.class).stream().filter(c -> c.usedBy().equals(component.key()))
        .forEach(c -> {
          for (int i = 0; i < c.users().size(); i++) {
            variables.put(CaddyConfig.env(PASSWORD_VARIABLE, i), c.users().get(i).password());
          }
        });
    var resources = component.resources();
    var limits = RailwayLayout.limited(component) ? new Limits(RailwayQuantities.vCPUs(resources.cpuLimit()),
        RailwayQuantities.memoryGB(resources.memoryLimit())) : null;
    var jobs = stack.all(ScheduledJobComponent.class).stream()
        .filter(job -> component.key().equals(job.runsBeside())).toList();
    Duration startup = component.health().startup();
    return new Service(component.key(), component.name(), component.image(), startCommand(component, jobs, jobsAt),
        startup == null ? null : (int) startup.toSeconds(), withManagedKeys(variables), limits);
  }

  /** The variable holding a config file: its file name in capitals ({@code Caddyfile}: {@code CADDYFILE}). */
  static String fileVariable(ConfigFile file) {
    return file.fileName().toUpperCase(Locale.ROOT);
  }

  /**
   * The command; with config files, through a shell that first writes each file from its variable; with scheduled
   * jobs beside it, through a shell that (after the files) starts each job's loop in the background, every word
   * quoted for that shell.
   */
  static String startCommand(ServiceComponent component, List<ScheduledJobComponent> jobs, LocalTime jobsAt) {
    String writes = component.files().stream()
        .map(file -> "printf \"%s\" \"$" + fileVariable(file) + "\" > " + file.path())
        .collect(Collectors.joining(" && "));
    if (!jobs.isEmpty()) {
      return shellJoin(List.of("/bin/sh", "-c", (writes.isEmpty() ? "" : writes + " && ")
          + JobLoops.of(component, jobs, jobsAt) + "exec " + shellJoin(component.command())));
    }
    if (component.files().isEmpty()) {
      return shellJoin(component.command());
    }
    return "/bin/sh -c '" + writes + " && exec " + shellJoin(component.command()) + "'";
  }

  /** The service of a component. */
  public Service service(String component) {
    return services.stream().filter(s -> s.component().equals(component)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no service " + component));
  }

  /** The service that mounts the volume. */
  public Service volumeService() {
    return service(layout.volumeService());
  }

  /** The service the public domain routes to. */
  public Service domainService() {
    return service(layout.domainService());
  }

  public String mountPath() {
    return layout.mountPath();
  }

  /** The port the public domain routes to. */
  public int domainPort() {
    return layout.domainPort();
  }

  /** The keys the operator set, as listed in a service's {@link #MANAGED_KEYS_VARIABLE} (none when absent). */
  static List<String> managedKeys(Map<String, String> variables) {
    String listed = variables == null ? null : variables.get(MANAGED_KEYS_VARIABLE);
    return listed == null || listed.isBlank() ? List.of() : List.of(listed.split(","));
  }

  private static Map<String, String> withManagedKeys(Map<String, String> variables) {
    var all = new LinkedHashMap<>(variables);
    all.put(MANAGED_KEYS_VARIABLE, String.join(",", new TreeSet<>(variables.keySet())));
    return all;
  }

  /**
   * A short digest of everything a deployment of the service takes from us (settings, variables, limits), kept once
   * it is deployed, so that a change applied whose deployment was lost is noticed.
   */
  String fingerprint(Service service) {
    return Sha256.hex(settings(service) + "\n" + new TreeMap<>(service.variables())
        + (service.limits() != null ? "\n" + service.limits() : ""), 8);
  }

  /** The settings of a service as a ServiceInstanceUpdateInput, image source included. */
  Map<String, Object> settings(Service service) {
    var input = new LinkedHashMap<String, Object>();
    if (region != null) {
      input.put("region", region);
    }
    input.put("source", Map.of("image", service.image()));
    input.put("startCommand", service.startCommand());
    input.put("healthcheckPath", HEALTHCHECK_PATH);
    if (service.healthcheckTimeout() != null) {
      input.put("healthcheckTimeout", service.healthcheckTimeout());
    }
    input.put("restartPolicyType", RESTART_POLICY);
    return input;
  }

  /** The argv as one shell command line, each argument quoted where the shell would split or expand it. */
  static String shellJoin(List<String> argv) {
    return argv.stream()
        .map(arg -> SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\"'\"'") + "'")
        .collect(Collectors.joining(" "));
  }

  /** Literal values as they are; the proxy credentials from the stack; other secret references through the resolver. */
  private static Map<String, String> resolve(List<EnvVar> env, DesiredStack stack, SecretResolver secrets) {
    var values = new LinkedHashMap<String, String>();
    Map<String, String> credentials = stack.all(CredentialsComponent.class).get(0).data();
    for (EnvVar var : env) {
      if (!var.isSecret()) {
        values.put(var.name(), var.value());
      } else if (var.secretRef().name.equals(stack.names().credentials())) {
        values.put(var.name(), credentials.get(var.secretRef().key));
      } else {
        String name = var.secretRef().name;
        String key = var.secretRef().key;
        values.put(var.name(), secrets.value(name, key).orElseThrow(() -> new TerminalException(Reasons.SECRET_NOT_FOUND,
            "The variable " + var.name() + " comes from Secret '" + name + "' key '" + key
                + "', which does not exist; create it or change the reference.")));
      }
    }
    return values;
  }
}
