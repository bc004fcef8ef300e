package dev.mlflowoperator.proxy;

import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.model.CaddyConfig;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.CredentialsComponent;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.EnvVar;
import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.model.ReleaseVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The proxy of a stack with several users, run by the real Caddy on its rendered Caddyfile and environment. */
final class UsersProxy {
  private UsersProxy() {}

  /** The stack of a spec with these users, for the given Caddy version. */
  static DesiredStack stack(ReleaseVersion caddyVersion, List<Credentials> users) {
    var spec = new MlflowDeploymentSpec();
    spec.proxy.caddyVersion = caddyVersion.toString();
    spec.proxy.auth.users = users.stream().map(user -> new UserSpec(user.username(), null)).toList();
    return DesiredStackFactory.build("tracking", spec, users, new PlatformAddresses(".local", List.of()));
  }

  /** The proxy's Caddyfile with its environment: literals as they are, credentials from the component's keys. */
  static CaddyProcess run(Path caddy, DesiredStack stack, Path dir, StubUpstream upstream) {
    var proxy = stack.service("proxy");
    Map<String, String> secrets = stack.all(CredentialsComponent.class).get(0).data();
    var env = new HashMap<String, String>();
    for (EnvVar var : proxy.env()) {
      env.put(var.name(), var.isSecret() ? secrets.get(var.secretRef().key) : var.value());
    }
    env.put(CaddyConfig.ENV_PORT, String.valueOf(CaddyProcess.freePort()));
    env.put(CaddyConfig.ENV_UPSTREAM, upstream.address());
    return CaddyProcess.run(caddy, dir, proxy.files().get(0).content(), env);
  }
}
