package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.Target;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * mlflowctl rotate: gives one user of a deployment a new password (or re-reads their passwordSecretRef), the
 * others keeping theirs; on Railway through the reconcile loop, in the cluster by the annotation the operator reacts to.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Give one user a new password; the other users keep theirs.",
      "Of a deployment recorded on Railway (or the local sandbox): generates the user's new password (a user with a"
          + " passwordSecretRef gets the value their Secret holds now) and redeploys the proxy; Railway keeps the old"
          + " proxy deployment serving until the new one passes its healthcheck.",
      "With --cluster: sets the annotation " + RotateAnnotation.NAME + ": USER@NONCE on the MlflowDeployment in the"
          + " cluster of the current kubeconfig context; the operator then rotates the password at once and rolls the"
          + " proxy with no unavailable replica.",
      "The user's old password gets 401 from then on. Print the new one with mlflowctl env NAME --user USER"
          + " --show-secrets. Asks on a terminal first; without one, --yes is required."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rotated (with --cluster: asked the operator)",
        "1:unknown name or user, not confirmed, or applying failed", "2:wrong usage"})
final class RotateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "The deployment, as mlflowctl status lists it.")
  String name;

  @Option(names = "--user", required = true, paramLabel = "USERNAME",
      description = "The user whose password to rotate, one of spec.proxy.auth.users.")
  String user;

  @Mixin DeploymentLocation location;

  @Option(names = {"-y", "--yes"}, description = "Do not ask before rotating; needed without a terminal.")
  boolean yes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (location.cluster) {
      try (var client = KubeClients.open(root.env())) {
        var deployments = new ClusterDeployments(client, location.namespace);
        MlflowDeployment deployment = deployments.get(name);
        requireUser(deployment);
        if (!yes && !confirmed()) {
          out.println("Nothing was changed.");
          return 1;
        }
        String value = new RotateAnnotation(user, RotateAnnotation.newNonce()).toString();
        deployments.annotate(name, Map.of(RotateAnnotation.NAME, value));
        out.println(name + ": asked the operator to rotate the password of " + user + " (" + RotateAnnotation.NAME
            + ": " + value + "); mlflowctl status " + name + " --cluster shows when it changed");
        out.flush();
        return 0;
      }
    }
    try (RailwaySession session = RailwaySession.forWriting(root, spec.commandLine().getErr())) {
      MlflowDeployment recorded = session.store().require(location.namespace, name);
      requireUser(recorded);
      if (recorded.getSpec().target != Target.RAILWAY) {
        throw new UserException(name + " is not a Railway deployment; rotate it with --cluster");
      }
      session.requireSameTarget(recorded);
      if (!yes && !confirmed()) {
        out.println("Nothing was changed.");
        return 1;
      }
      out.println(name + ": rotating the password of " + user + " on " + session.where());
      var after = session.deployments().rotate(recorded, user, plan -> PlanText.lines(plan).forEach(out::println));
      var synced = after.getStatus().conditions.stream().filter(c -> "Synced".equals(c.getType())).findFirst();
      if (synced.filter(c -> "True".equals(c.getStatus())).isEmpty()) {
        throw new UserException(name + ": " + synced.map(c -> c.getMessage()).orElse("not applied")
            + "; the password of " + user + " may not have changed: run the command again");
      }
      out.println(name + ": " + user + " has a new password; the other users keep theirs. The proxy is redeployed,"
          + " its old deployment serving until the new one is healthy; then the old password gets 401. Print the new"
          + " one with: mlflowctl env " + name + " --user " + user + " --show-secrets");
      out.flush();
      return 0;
    }
  }

  /** The user must be one of the spec's: else a one-line error listing them. */
  private void requireUser(MlflowDeployment deployment) {
    var usernames = deployment.getSpec().proxy.auth.userList().stream().map(u -> u.username).toList();
    if (!usernames.contains(user)) {
      throw new UserException(name + " has no user \"" + user.replaceAll("\\p{Cntrl}", "?") + "\"; its users are "
          + String.join(", ", usernames));
    }
  }

  private boolean confirmed() {
    String what = "the password of " + user + " on " + name + ": clients using " + user + "'s current password get"
        + " 401 once the proxy has the new one; the other users keep theirs";
    if (!root.terminal().isInteractive()) {
      throw new UserException("rotate would replace " + what + "; there is no terminal to ask on, so run it again"
          + " with --yes to confirm");
    }
    String answer = root.terminal().readLine("Rotate " + what + "? [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }
}
