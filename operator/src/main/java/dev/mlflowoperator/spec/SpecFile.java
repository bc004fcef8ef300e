package dev.mlflowoperator.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A file as given by the user (or found in a given directory): its documents, or why it could not be read. */
public record SpecFile(Path path, List<LoadedSpec> documents, Optional<String> problem) {
  public SpecFile {
    documents = List.copyOf(documents);
  }

  /** The problems of its documents, then its own, one line each. */
  public List<String> problems() {
    var lines = new ArrayList<String>();
    documents.forEach(d -> lines.addAll(d.problems()));
    problem.ifPresent(p -> lines.add(path + ": " + p));
    return lines;
  }
}
