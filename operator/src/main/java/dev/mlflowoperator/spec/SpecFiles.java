package dev.mlflowoperator.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlflowoperator.validation.SpecValidator;
import dev.mlflowoperator.validation.Violation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads spec files and directories of them, splits multi-document YAML and validates every document. */
public final class SpecFiles {
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final String NOT_UTF8 = "cannot read: not UTF-8 text";

  private final SpecValidator validator = new SpecValidator();

  private SpecFiles() {}

  /**
   * Reads the given files and directories (their {@code *.yaml} and {@code *.yml} files, sorted; not
   * recursive), each file once. Never throws for bad input: every problem is in the result, a link to a file that
   * is gone included (it is a spec that cannot be read, not a spec that was removed).
   */
  public static SpecSet load(List<Path> paths) {
    var loader = new SpecFiles();
    var files = new ArrayList<SpecFile>();
    Set<Path> seen = new HashSet<>();
    for (Path path : paths) {
      for (Path file : loader.expand(path, files)) {
        if (seen.add(file.toAbsolutePath().normalize())) {
          files.add(loader.read(file));
        }
      }
    }
    return new SpecSet(files);
  }

  /** The spec files a path stands for; a directory without any is recorded as a problem. */
  private List<Path> expand(Path path, List<SpecFile> files) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      List<Path> specs = entries
          .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml") && !Files.isDirectory(p))
          .sorted()
          .toList();
      if (specs.isEmpty()) {
        files.add(new SpecFile(path, List.of(), Optional.of("no *.yaml or *.yml files in this directory")));
      }
      return specs;
    } catch (IOException e) {
      files.add(new SpecFile(path, List.of(), Optional.of(ioProblem(e))));
      return List.of();
    }
  }

  private SpecFile read(Path file) {
    var documents = new ArrayList<LoadedSpec>();
    Map<String, LoadedSpec> byName = new HashMap<>();
    int index = 0;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = new AliasRefusingParser(YAML.getFactory().createParser(reader));
        MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(parser)) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        index++;
        if (document != null && !document.isMissingNode() && !document.isNull()) {
          documents.add(loaded(file, index, document, byName));
        }
      }
    } catch (AliasRefusingParser.AliasRefused e) {
      return new SpecFile(file, documents, Optional.of("document #" + (index + 1) + ": " + e.problem()));
    } catch (JsonProcessingException e) {
      return new SpecFile(file, documents, Optional.of(notUtf8(e) ? NOT_UTF8 : malformed(e)));
    } catch (IOException e) {
      return new SpecFile(file, documents, Optional.of(ioProblem(e)));
    }
    Optional<String> empty = documents.isEmpty() ? Optional.of("no documents in this file") : Optional.empty();
    return new SpecFile(file, documents, empty);
  }

  /** A validated document; {@code byName} holds the first document of the file with each namespace/name. */
  private LoadedSpec loaded(Path file, int index, JsonNode document, Map<String, LoadedSpec> byName) {
    var violations = new ArrayList<>(validator.validate(document));
    var spec = new LoadedSpec(file, index, document, violations);
    spec.name().ifPresent(name -> {
      String key = spec.namespace().orElse("") + "/" + name;
      LoadedSpec first = byName.putIfAbsent(key, spec);
      if (first != null) {
        violations.add(new Violation("metadata.name", "\"" + name + "\" is already the name of document #" + first.index()
            + " in this file; every MlflowDeployment in a namespace needs its own name"));
      }
    });
    return violations.size() == spec.violations().size() ? spec : new LoadedSpec(file, index, document, violations);
  }

  /** Where and why the YAML cannot be parsed, from SnakeYAML's marks when there are any. */
  private static String malformed(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark problemAt = yaml.getProblemMark();
      Mark contextAt = yaml.getContextMark();
      boolean samePlace = contextAt != null
          && contextAt.getLine() == problemAt.getLine() && contextAt.getColumn() == problemAt.getColumn();
      String context = yaml.getContext() == null || contextAt == null || samePlace ? ""
          : " (" + yaml.getContext() + " that starts at line " + (contextAt.getLine() + 1)
              + ", column " + (contextAt.getColumn() + 1) + ")";
      return "malformed YAML at line " + (problemAt.getLine() + 1) + ", column " + (problemAt.getColumn() + 1)
          + ": " + yaml.getProblem() + context;
    }
    JsonLocation at = e.getLocation();
    String problem = e.getOriginalMessage().lines().findFirst().orElse("cannot parse")
        .replaceFirst("^Duplicate field ", "duplicate key ");
    return at == null || at.getLineNr() < 1
        ? "malformed YAML: " + problem
        : "malformed YAML at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
  }

  /** Whether parsing failed because the bytes are not UTF-8, which SnakeYAML wraps as a YAML error. */
  private static boolean notUtf8(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CharacterCodingException) {
        return true;
      }
    }
    return false;
  }

  private static String ioProblem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return NOT_UTF8;
    }
    return "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }
}
