package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.state.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl env: export lines that point MLflow clients at a deployment, for eval. */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = {
      "Print export lines for MLflow clients.",
      "MLFLOW_TRACKING_URI and MLFLOW_TRACKING_USERNAME, and with --show-secrets MLFLOW_TRACKING_PASSWORD, read from Railway (or the sandbox) without changing anything.",
      "Those of the first user in spec.proxy.auth.users, or of the one given with --user.",
      "With --cluster, of an MlflowDeployment in the cluster of the current kubeconfig context instead: the URL from its status, the password from its credentials Secret.",
      "Use it as: eval \"$(mlflowctl env NAME --show-secrets)\""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:unknown name or user, no URL yet, or the password cannot be read", "2:wrong usage"})
final class EnvCommand implements Callable<Integer> {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = "--show-secrets", description = "Also print the password (MLFLOW_TRACKING_PASSWORD).")
  boolean showSecrets;

  @Option(names = "--user", paramLabel = "USERNAME",
      description = "The user whose lines to print, one of spec.proxy.auth.users (default: the first).")
  String user;

  @Mixin DeploymentLocation location;

  @Override
  public Integer call() {
    if (location.cluster) {
      try (var client = KubeClients.open(root.env())) {
        var deployments = new ClusterDeployments(client, location.namespace);
        MlflowDeployment deployment = deployments.get(name);
        String username = username(deployment);
        return print(deployment, username, () -> deployments.password(deployment, username).orElseThrow(() ->
            new UserException("the Secret " + new StackNames(name).credentials() + " in namespace "
                + deployments.namespace() + " holds no password for " + username + " yet; wait until the operator"
                + " has reconciled " + name + " and try again")));
      }
    }
    var store = new StateStore(root.home());
    MlflowDeployment deployment = store.require(location.namespace, name);
    String username = username(deployment);
    return print(deployment, username, () -> railwayPassword(deployment, username));
  }

  /** The user of --user, which must be one of the spec's, else the first. */
  private String username(MlflowDeployment deployment) {
    var usernames = deployment.getSpec().proxy.auth.userList().stream().map(u -> u.username).toList();
    if (user != null && !usernames.contains(user)) {
      throw new UserException(name + " has no user \"" + user.replaceAll("\\p{Cntrl}", "?") + "\"; its users are "
          + String.join(", ", usernames));
    }
    return user != null ? user : usernames.get(0);
  }

  private int print(MlflowDeployment deployment, String username, Supplier<String> password) {
    String url = deployment.getStatus() == null ? null : deployment.getStatus().url;
    if (url == null) {
      throw new UserException(name + " has no URL yet; run mlflowctl apply -f FILE --wait and try again");
    }
    var lines = new StringBuilder()
        .append(export("MLFLOW_TRACKING_URI", url))
        .append(export("MLFLOW_TRACKING_USERNAME", username));
    if (showSecrets) {
      lines.append(export("MLFLOW_TRACKING_PASSWORD", password.get()));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(lines);
    out.flush();
    return 0;
  }

  private String railwayPassword(MlflowDeployment deployment, String username) {
    try (RailwaySession session = RailwaySession.forReading(root, spec.commandLine().getErr())) {
      session.requireSameTarget(deployment);
      return session.railway().storedCredentials(deployment).stream().filter(c -> c.username().equals(username))
          .findFirst().map(Credentials::password).orElseThrow(() ->
          new UserException("the proxy of " + name + " on " + session.where() + " holds no password for " + username
              + " yet; run mlflowctl apply -f FILE and try again"));
    }
  }

  private static String export(String variable, String value) {
    String quoted = SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    return "export " + variable + "=" + quoted + "\n";
  }
}
