package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** mlflowctl apply: reconciles each spec once, printing each change, and with --wait follows it until Ready. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Bring each spec in FILE or DIR to its target once, printing each change as it is made.",
      "target: railway goes to Railway with RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN, else to the local Railway sandbox in MLFLOWCTL_HOME (which deploys nothing); the outcome is recorded for mlflowctl status.",
      "target: kubernetes creates or updates the MlflowDeployment in the cluster of the current kubeconfig context (namespace from the document, else the context's); the operator there does the rest.",
      "Secrets the spec references are read from MLFLOWCTL_HOME/secrets/<name>/<key>."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:applied (and Ready, with --wait)", "1:invalid spec, or applying failed", "2:wrong usage",
        "3:timed out waiting for Ready"})
final class ApplyCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofSeconds(2);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE|DIR",
      description = "A spec file (multi-document YAML allowed) or a directory of *.yaml and *.yml files; repeatable.")
  List<Path> files;

  @Option(names = "--wait", description = "Then wait until each deployment is Ready, reconciling every 2 s.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
      description = "How long --wait waits per deployment, e.g. 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  private PrintWriter out;
  private PrintWriter err;
  /** The wait in progress, if any, and when it started. */
  private Progress progress;
  private Instant started;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    List<MlflowDeployment> specs = SpecInput.load(files, err, "applied");
    List<MlflowDeployment> railway = specs.stream().filter(s -> s.getSpec().target == Target.RAILWAY).toList();
    List<MlflowDeployment> kubernetes = specs.stream().filter(s -> s.getSpec().target == Target.KUBERNETES).toList();
    int exit = 0;
    if (!railway.isEmpty()) {
      try (RailwaySession session = RailwaySession.forWriting(root, err)) {
        // One shared observe request per 20 recorded deployments, instead of one each.
        session.deployments().readAhead(railway);
        for (MlflowDeployment resource : railway) {
          exit = Math.max(exit, applyToRailway(session, resource));
        }
      }
    }
    if (!kubernetes.isEmpty()) {
      try (var client = KubeClients.open(root.env())) {
        var cluster = new KubernetesApply(client);
        for (MlflowDeployment resource : kubernetes) {
          exit = Math.max(exit, applyToCluster(cluster, resource));
        }
      }
    }
    return exit;
  }

  private int applyToRailway(RailwaySession session, MlflowDeployment resource) {
    String name = resource.getMetadata().getName();
    session.secrets().requireReferenced(resource.getSpec());
    out.println(name + ": applying to " + session.where() + " (project " + resource.getSpec().railway.project + ")");
    out.flush();
    MlflowDeployment recorded = reconcile(session, resource, true);
    while (true) {
      Condition synced = condition(recorded, "Synced").orElseThrow();
      Condition ready = condition(recorded, "Ready").orElseThrow();
      boolean upgrading = Reasons.UPGRADING.equals(synced.getReason());
      if (!"True".equals(synced.getStatus()) && !upgrading && !(wait && Reasons.RETRIED.contains(synced.getReason()))) {
        throw new UserException(name + ": " + synced.getMessage());
      }
      if (!wait || "True".equals(ready.getStatus())) {
        return finished(name, ready, recorded.getStatus().url);
      }
      Optional<Integer> timedOut = waited(name, ready.getMessage());
      if (timedOut.isPresent()) {
        return timedOut.get();
      }
      recorded = reconcile(session, resource, false);
    }
  }

  /** Reconciles once, printing the changes as they are made (and "no changes" when asked to). */
  private MlflowDeployment reconcile(RailwaySession session, MlflowDeployment resource, boolean sayNoChanges) {
    return session.deployments().reconcile(resource, plan -> {
      (plan.isEmpty() && sayNoChanges ? List.of("  no changes") : PlanText.lines(plan)).forEach(out::println);
      out.flush();
    });
  }

  private int applyToCluster(KubernetesApply cluster, MlflowDeployment resource) {
    String name = resource.getMetadata().getName();
    out.println(name + ": applying to the cluster (" + cluster.key(resource) + ")");
    out.println(cluster.apply(resource).orElse("  no changes"));
    out.flush();
    while (wait) {
      Optional<Condition> synced = cluster.condition(resource, StatusRecorder.SYNCED);
      if (synced.filter(c -> "False".equals(c.getStatus()) && !Reasons.RETRIED.contains(c.getReason())).isPresent()) {
        endProgress();
        throw new UserException(name + ": " + synced.get().getMessage() + " (Synced=False, " + synced.get().getReason()
            + "); fix the spec and apply again");
      }
      Optional<Condition> ready = cluster.condition(resource, StatusRecorder.READY);
      if (ready.filter(c -> "True".equals(c.getStatus())).isPresent()) {
        return finished(name, ready.get(), cluster.url(resource).orElse(null));
      }
      Optional<Integer> timedOut = waited(name, ready.map(Condition::getMessage)
          .orElse("the operator has not reported on this generation yet"));
      if (timedOut.isPresent()) {
        return timedOut.get();
      }
    }
    return 0;
  }

  /** One step of a wait: shows where it is, then pauses; the exit code when the time is up. */
  private Optional<Integer> waited(String name, String state) {
    if (progress == null) {
      started = root.clock().instant();
      progress = new Progress(out, root.terminal().isInteractive(), root.env());
    }
    Duration elapsed = Duration.between(started, root.clock().instant());
    if (elapsed.compareTo(timeout) >= 0) {
      endProgress();
      err.println("error: " + name + " is not Ready after " + DurationConverter.format(timeout) + ": " + state);
      err.println("it may still become Ready: check with mlflowctl status " + name
          + ", or run apply --wait again with a longer --timeout");
      err.flush();
      return Optional.of(3);
    }
    progress.show(name + ": waiting for Ready: " + state, DurationConverter.format(elapsed));
    Sleeper.pause(root.clock(), POLL, timeout.minus(elapsed), "waiting for " + name + "; it keeps deploying");
    return Optional.empty();
  }

  private void endProgress() {
    if (progress != null) {
      progress.end();
      progress = null;
    }
  }

  private int finished(String name, Condition ready, String url) {
    endProgress();
    if ("True".equals(ready.getStatus())) {
      out.println(name + ": Ready" + (url == null ? "" : " at " + url));
    } else {
      out.println(name + ": applied; Ready=" + ready.getStatus() + " (" + ready.getReason() + "): " + ready.getMessage());
      if (Reasons.UPGRADING.equals(ready.getReason())) {
        out.println("  run apply again once the backup has completed (or apply --wait) to roll the new version out");
      }
    }
    out.flush();
    return 0;
  }

  static Optional<Condition> condition(MlflowDeployment deployment, String type) {
    var status = deployment.getStatus();
    return status == null || status.conditions == null ? Optional.empty()
        : status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
