package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.MlflowServer;
import dev.mlflowoperator.model.Proxy;
import dev.mlflowoperator.model.Sha256;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.status.Reasons;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What each Railway service of one stack should hold, built from the DesiredStack with every secret resolved;
 * MLflow's resource limits and the least size of its volume are in Railway's units ({@link RailwayQuantities}).
 */
public record RailwayDesired(Service mlflow, Service proxy, String mountPath, String region, Limits mlflowLimits,
    int volumeSizeMB) {
  /** The variable holding the plaintext password, read back on every reconcile so it is never regenerated. */
  public static final String PASSWORD_VARIABLE = "BASIC_AUTH_PASSWORD";
  public static final String CADDYFILE_VARIABLE = "CADDYFILE";
  /**
   * Lists, on each service, the other variables the operator set: kept with them on Railway (so a lost state
   * file loses nothing), it tells ours from the user's, and which of ours to remove when the spec drops one.
   */
  public static final String MANAGED_KEYS_VARIABLE = "MLFLOW_OPERATOR_MANAGED_KEYS";
  public static final String HEALTHCHECK_PATH = MlflowServer.HEALTH_PATH;
  public static final String RESTART_POLICY = "ON_FAILURE";
  static final String PROXY_START_COMMAND = "/bin/sh -c 'printf \"%s\" \"$" + CADDYFILE_VARIABLE
      + "\" > /etc/caddy/Caddyfile && exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile'";
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  /** One service: its name, image, start command and the variables we own (never printed: they hold secrets). */
  public record Service(String component, String name, String image, String startCommand, Map<String, String> variables) {
    public Service {
      variables = Map.copyOf(variables);
    }

    @Override
    public String toString() {
      return "Service[" + name + ", image=" + image + ", variables=" + variables.keySet() + "]";
    }
  }

  /**
   * MLflow's vCPU and memory limits. Railway has only limits: the spec's cpu and memory, which are both request
   * and limit on Kubernetes, become Railway's limit.
   */
  public record Limits(double vCPUs, double memoryGB) {}

  /** The services of the stack in {@code region} (null: Railway's default region). */
  public static RailwayDesired of(DesiredStack stack, String region, SecretResolver secrets) {
    var names = stack.names();
    var mlflowVariables = new LinkedHashMap<String, String>();
    // Railway routes the deploy-time healthcheck to PORT; MLflow listens on its own fixed port.
    mlflowVariables.put("PORT", Integer.toString(MlflowServer.PORT));
    mlflowVariables.putAll(resolve(stack.mlflow().env(), stack, secrets));
    var proxyVariables = new LinkedHashMap<String, String>();
    proxyVariables.put(CADDYFILE_VARIABLE, stack.proxy().caddyfile());
    proxyVariables.putAll(resolve(stack.proxy().env(), stack, secrets));
    proxyVariables.put(PASSWORD_VARIABLE, stack.credentials().password());
    return new RailwayDesired(
        new Service("mlflow", names.mlflow(), stack.mlflow().image(), shellJoin(stack.mlflow().command()),
            withManagedKeys(mlflowVariables)),
        new Service("proxy", names.proxy(), stack.proxy().image(), PROXY_START_COMMAND, withManagedKeys(proxyVariables)),
        stack.storage().mountPath(),
        region,
        new Limits(RailwayQuantities.vCPUs(stack.mlflow().resources().cpu()),
            RailwayQuantities.memoryGB(stack.mlflow().resources().memory())),
        RailwayQuantities.sizeMB(stack.storage().size()));
  }

  public List<Service> services() {
    return List.of(mlflow, proxy);
  }

  /** The port the proxy's public domain routes to. */
  public int domainPort() {
    return Proxy.PORT;
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
   * A short digest of everything a deployment of the service takes from us (settings, variables, MLflow's limits),
   * kept once it is deployed, so that a change applied whose deployment was lost is noticed.
   */
  String fingerprint(Service service) {
    return Sha256.hex(settings(service) + "\n" + new TreeMap<>(service.variables())
        + (service == mlflow ? "\n" + mlflowLimits : ""), 8);
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
    Credentials credentials = stack.credentials();
    for (EnvVar var : env) {
      if (!var.isSecret()) {
        values.put(var.name(), var.value());
      } else if (var.secretRef().name.equals(stack.names().credentials())) {
        values.put(var.name(), switch (var.secretRef().key) {
          case Credentials.USERNAME_KEY -> credentials.username();
          case Credentials.PASSWORD_HASH_KEY -> credentials.passwordHash();
          default -> credentials.password();
        });
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
