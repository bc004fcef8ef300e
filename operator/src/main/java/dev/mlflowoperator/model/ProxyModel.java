package dev.mlflowoperator.model;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.model.ServiceComponent.Access;
import dev.mlflowoperator.model.ServiceComponent.ConfigFile;
import dev.mlflowoperator.model.ServiceComponent.Health;
import dev.mlflowoperator.model.ServiceComponent.Liveness;
import dev.mlflowoperator.model.ServiceComponent.Rollout;
import dev.mlflowoperator.model.ServiceComponent.ScratchDir;
import java.util.ArrayList;
import java.util.List;

/** The Caddy proxy as a service component: the stack's public entry, doing basic auth in front of MLflow. */
public final class ProxyModel {
  public static final int PORT = 8080;
  /** Where the proxy reads its Caddyfile. */
  public static final String CONFIG_DIR = "/etc/caddy";
  public static final String CADDYFILE = "Caddyfile";

  private ProxyModel() {}

  /**
   * Stock Caddy with the generated Caddyfile; the config hash restarts it on a new config or new credentials. Small
   * and unthrottled. Its liveness checks Caddy itself only: restarting Caddy does not help while MLflow is down. The
   * stock image's binary carries the file capability cap_net_bind_service=+ep, and the kernel refuses to exec such a
   * binary when that capability is not in the bounding set: so NET_BIND_SERVICE is kept there.
   */
  static ServiceComponent of(StackNames names, MlflowDeploymentSpec spec, List<Credentials> users,
      PlatformAddresses addresses) {
    String caddyfile = CaddyConfig.render(spec.proxy.caddyVersion, users.size());
    return new ServiceComponent(
        StackNames.COMPONENT_PROXY,
        names.proxy(),
        image(spec),
        null,
        List.of("caddy", "run", "--config", CONFIG_DIR + "/" + CADDYFILE, "--adapter", "caddyfile"),
        env(names, addresses, users.size()),
        PORT,
        new Health(MlflowModel.HEALTH_PATH, Liveness.PORT_OPEN),
        new Resources("50m", "64Mi", null, "256Mi"),
        List.of(),
        List.of(new ConfigFile(CONFIG_DIR, CADDYFILE, caddyfile)),
        // Caddy's XDG_CONFIG_HOME (autosave.json) and XDG_DATA_HOME (instance id, locks), as the stock image sets them.
        List.of(new ScratchDir("caddy-config", "/config", List.of("XDG_CONFIG_HOME")),
            new ScratchDir("caddy-data", "/data", List.of("XDG_DATA_HOME"))),
        Rollout.OVERLAP,
        Access.fromAnyone(),
        List.of("NET_BIND_SERVICE"),
        configHash(caddyfile, users));
  }

  /** The proxy's port as the stack's one public entry. */
  static EndpointComponent endpoint(StackNames names) {
    return new EndpointComponent("endpoint", names.proxy(), StackNames.COMPONENT_PROXY, PORT);
  }

  /** The stock Caddy image of the spec's version unless the spec names one. */
  static String image(MlflowDeploymentSpec spec) {
    if (spec.proxy.image != null && !spec.proxy.image.isBlank()) {
      return spec.proxy.image;
    }
    return "caddy:" + spec.proxy.caddyVersion;
  }

  /**
   * Changes whenever the proxy must restart: the Caddyfile or the credentials Caddy reads from its
   * environment at start (each user's username and password hash). Each part is length-prefixed so
   * that no two different inputs concatenate to the same text.
   */
  static String configHash(String caddyfile, List<Credentials> users) {
    var parts = new ArrayList<String>(List.of(caddyfile));
    users.forEach(user -> parts.addAll(List.of(user.username(), user.passwordHash())));
    var text = new StringBuilder();
    for (String part : parts) {
      text.append(part.length()).append(':').append(part).append('\n');
    }
    return Sha256.hex(text.toString(), 8);
  }

  /** The port, the upstream, and each user's username and hash from the credentials, the first user's first. */
  private static List<EnvVar> env(StackNames names, PlatformAddresses addresses, int users) {
    var env = new ArrayList<>(List.of(
        EnvVar.literal(CaddyConfig.ENV_PORT, "" + PORT),
        EnvVar.literal(CaddyConfig.ENV_UPSTREAM, addresses.privateHost(names.mlflow()) + ":" + MlflowModel.PORT)));
    for (int i = 0; i < users; i++) {
      env.add(EnvVar.fromSecret(CaddyConfig.env(CaddyConfig.ENV_USERNAME, i), names.credentials(),
          Credentials.key(Credentials.USERNAME_KEY, i)));
      env.add(EnvVar.fromSecret(CaddyConfig.env(CaddyConfig.ENV_PASSWORD_HASH, i), names.credentials(),
          Credentials.key(Credentials.PASSWORD_HASH_KEY, i)));
    }
    return env;
  }
}
