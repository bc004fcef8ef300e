package dev.mlflowoperator.cli;

import dev.mlflowoperator.spec.LoadedSpec;
import dev.mlflowoperator.spec.SpecFiles;
import dev.mlflowoperator.spec.SpecSet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** mlflowctl validate: checks MlflowDeployment specs offline, one line per problem. */
@Command(
    name = "validate",
    description = {
      "Check MlflowDeployment specs without deploying anything.",
      "Prints one line per problem (file#document (name): field: what was found; what would be valid)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every document is valid", "1:a problem was found", "2:wrong usage"})
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "A spec file (multi-document YAML allowed) or a directory of *.yaml and *.yml files; repeatable.")
  List<Path> files;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Override
  public Integer call() {
    SpecSet specs = SpecFiles.load(files);
    List<String> problems = specs.problems();
    int documents = specs.documents().size();
    if (problems.isEmpty()) {
      spec.commandLine().getOut().println(count(documents, "document") + " valid");
      return 0;
    }
    var err = spec.commandLine().getErr();
    problems.forEach(err::println);
    long valid = specs.documents().stream().filter(LoadedSpec::isValid).count();
    err.println(count(problems.size(), "problem") + "; " + valid + " of " + count(documents, "document") + " valid");
    return 1;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
