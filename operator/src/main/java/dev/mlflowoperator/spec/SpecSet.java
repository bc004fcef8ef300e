package dev.mlflowoperator.spec;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import java.util.List;

/** Everything read from the files and directories a user gave: documents and problems, in the order given. */
public record SpecSet(List<SpecFile> files) {
  public SpecSet {
    files = List.copyOf(files);
  }

  public List<LoadedSpec> documents() {
    return files.stream().flatMap(f -> f.documents().stream()).toList();
  }

  /** One line per problem, each naming the file (and document) it is about. */
  public List<String> problems() {
    return files.stream().flatMap(f -> f.problems().stream()).toList();
  }

  public boolean isValid() {
    return problems().isEmpty();
  }

  /** The typed resources; only when the whole set is valid. */
  public List<MlflowDeployment> resources() {
    if (!isValid()) {
      throw new IllegalStateException("the specs are not valid: " + problems().get(0));
    }
    return documents().stream().map(LoadedSpec::resource).toList();
  }
}
