package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.spec.SpecFiles;
import dev.mlflowoperator.spec.SpecSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The specs of -f FILE|DIR for apply and plan: all valid, or every problem printed and nothing done. */
final class SpecInput {
  private SpecInput() {}

  /**
   * The resources in {@code paths}.
   *
   * @throws UserException after printing each problem on {@code err}, when any document is not valid
   */
  static List<MlflowDeployment> load(List<Path> paths, PrintWriter err, String verb) {
    SpecSet specs = SpecFiles.load(paths);
    List<String> problems = specs.problems();
    if (!problems.isEmpty()) {
      problems.forEach(err::println);
      throw new UserException(problems.size() + (problems.size() == 1 ? " problem" : " problems")
          + " in the specs, so nothing was " + verb + "; fix " + (problems.size() == 1 ? "it" : "them")
          + " and run the command again");
    }
    return specs.resources();
  }
}
