package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.StackPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** mlflowctl plan: what apply would change, as a diff, observing only. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show what apply would change, touching nothing.",
      "The diff marks creates with +, changes with ~ and removals with -. Nothing on Railway, in the cluster or in MLFLOWCTL_HOME is changed, and secret values are never shown.",
      "For target: kubernetes, like kubectl diff: the MlflowDeployment and the objects in the cluster of the current kubeconfig context that the operator would create or change."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no changes (or changes, without --detailed-exitcode)",
        "1:invalid spec, a refused change (e.g. a smaller storage size), or observing failed",
        "2:changes, with --detailed-exitcode (else wrong usage)"})
final class PlanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE|DIR",
      description = "A spec file (multi-document YAML allowed) or a directory of *.yaml and *.yml files; repeatable.")
  List<Path> files;

  @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, as terraform plan does.")
  boolean detailedExitCode;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<MlflowDeployment> specs = SpecInput.load(files, err, "planned");
    List<MlflowDeployment> railway = specs.stream().filter(s -> s.getSpec().target == Target.RAILWAY).toList();
    List<MlflowDeployment> kubernetes = specs.stream().filter(s -> s.getSpec().target == Target.KUBERNETES).toList();
    int changes = 0;
    if (!railway.isEmpty()) {
      try (RailwaySession session = RailwaySession.forReading(root, err)) {
        // One shared observe request per 20 recorded deployments, instead of one each.
        session.deployments().readAhead(railway);
        for (MlflowDeployment resource : railway) {
          session.secrets().requireReferenced(resource.getSpec());
          StackPlan plan;
          try {
            plan = session.deployments().plan(resource);
          } catch (TerminalException e) {
            // A refused change (e.g. a smaller storage.size): said as apply says it.
            throw new UserException(resource.getMetadata().getName() + ": " + e.getMessage());
          }
          changes += plan.changes().size();
          print(out, resource, session.where(), PlanText.lines(plan));
        }
      }
    }
    if (!kubernetes.isEmpty()) {
      try (var client = KubeClients.open(root.env())) {
        var cluster = new ClusterPlan(client, root.clock());
        for (MlflowDeployment resource : kubernetes) {
          List<String> lines = cluster.lines(resource);
          changes += lines.size();
          print(out, resource, "the cluster", lines);
        }
      }
    }
    out.flush();
    return detailedExitCode && changes > 0 ? 2 : 0;
  }

  private static void print(PrintWriter out, MlflowDeployment resource, String where, List<String> lines) {
    String name = resource.getMetadata().getName();
    if (lines.isEmpty()) {
      out.println(name + ": no changes on " + where);
    } else {
      out.println(name + ": " + PlanText.count(lines.size()) + " on " + where);
      lines.forEach(out::println);
    }
  }
}
