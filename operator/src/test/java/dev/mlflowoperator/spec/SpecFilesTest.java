package dev.mlflowoperator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading files and directories: splitting, labels, malformed YAML, duplicates, typed resources, fixtures. */
class SpecFilesTest {
  static final Path EXAMPLES = Path.of("../manifests/examples");
  static final Path INVALID = Path.of("src/test/resources/specs/invalid");

  private static final String TRACKING = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: %s
      spec:
        target: kubernetes
      """;

  @TempDir Path dir;

  @Test
  void examplesAreValid() {
    SpecSet specs = SpecFiles.load(List.of(EXAMPLES));

    assertThat(specs.problems()).isEmpty();
    assertThat(specs.documents()).extracting(LoadedSpec::label).containsExactly(
        EXAMPLES.resolve("kubernetes-basic.yaml") + "#1 (tracking)",
        EXAMPLES.resolve("kubernetes-postgres.yaml") + "#1 (tracking-postgres)",
        EXAMPLES.resolve("kubernetes-s3.yaml") + "#1 (tracking-s3)",
        EXAMPLES.resolve("railway-basic.yaml") + "#1 (tracking)",
        EXAMPLES.resolve("railway-postgres.yaml") + "#1 (tracking-railway-postgres)");
    assertThat(specs.resources()).extracting(r -> r.getSpec().target).containsExactly(
        Target.KUBERNETES, Target.KUBERNETES, Target.KUBERNETES, Target.RAILWAY, Target.RAILWAY);
  }

  @Test
  void multiDocumentFileIsSplitSkippingEmptyDocumentsAndKeepingTheirPositions() throws IOException {
    Path file = write("two.yaml", "---\n" + TRACKING.formatted("first") + "---\n# nothing here\n---\n"
        + TRACKING.formatted("second") + "---\n");

    SpecSet specs = SpecFiles.load(List.of(file));

    assertThat(specs.problems()).isEmpty();
    assertThat(specs.documents()).extracting(LoadedSpec::label)
        .containsExactly(file + "#1 (first)", file + "#3 (second)");
  }

  @Test
  void directoryIsReadInNameOrderTakingOnlyYamlFiles() throws IOException {
    write("b.yml", TRACKING.formatted("b"));
    write("a.yaml", TRACKING.formatted("a"));
    write("notes.txt", "not a spec");
    Files.createDirectory(dir.resolve("nested.yaml"));

    assertThat(SpecFiles.load(List.of(dir)).documents()).extracting(LoadedSpec::source)
        .containsExactly(dir.resolve("a.yaml") + "#1", dir.resolve("b.yml") + "#1");
  }

  @Test
  void directoryWithoutSpecsIsOneProblem() {
    assertThat(SpecFiles.load(List.of(dir)).problems())
        .containsExactly(dir + ": no *.yaml or *.yml files in this directory");
  }

  @Test
  void missingFileIsOneProblem() {
    Path missing = dir.resolve("missing.yaml");
    assertThat(SpecFiles.load(List.of(missing)).problems()).containsExactly(missing + ": no such file or directory");
  }

  @Test
  void fileWithoutDocumentsIsOneProblem() throws IOException {
    Path file = write("empty.yaml", "# only a comment\n");
    assertThat(SpecFiles.load(List.of(file)).problems()).containsExactly(file + ": no documents in this file");
  }

  @Test
  void malformedYamlGivesLineAndColumnAfterTheDocumentsBeforeIt() throws IOException {
    Path file = write("bad.yaml", TRACKING.formatted("first") + "---\nspec:\n  target: kubernetes\n    storage: {}\n");

    SpecSet specs = SpecFiles.load(List.of(file));

    assertThat(specs.documents()).extracting(LoadedSpec::label).containsExactly(file + "#1 (first)");
    assertThat(specs.problems())
        .containsExactly(file + ": malformed YAML at line 10, column 12: mapping values are not allowed here");
  }

  @Test
  void duplicateKeyIsMalformedYaml() throws IOException {
    Path file = write("dup.yaml", TRACKING.formatted("tracking") + "  target: railway\n");
    assertThat(SpecFiles.load(List.of(file)).problems())
        .containsExactly(file + ": malformed YAML at line 7, column 9: duplicate key 'target'");
  }

  @Test
  void aYamlAliasIsRefusedNamingTheDocumentLineAndColumnInsteadOfBecomingTheAnchorsName() throws IOException {
    Path file = write("alias.yaml", TRACKING.formatted("first") + "---\n" + TRACKING.formatted("second")
        + "  storage: &size {size: 5Gi}\n  deletionPolicy: *size\n");

    SpecSet specs = SpecFiles.load(List.of(file));

    assertThat(specs.documents()).extracting(LoadedSpec::label).containsExactly(file + "#1 (first)");
    assertThat(specs.problems()).containsExactly(file + ": document #2: YAML alias *size at line 15, column 19 is not"
        + " accepted; write the value out in full (aliases, and so merge keys, are not supported)");
  }

  @Test
  void aMergeKeyIsRefusedAsTheAliasItIs() throws IOException {
    Path file = write("merge.yaml", TRACKING.formatted("tracking")
        + "  mlflow: &m {workers: 2}\n  proxy:\n    <<: *m\n");

    assertThat(SpecFiles.load(List.of(file)).problems()).containsExactly(file + ": document #1: YAML alias *m at line"
        + " 9, column 9 is not accepted; write the value out in full (aliases, and so merge keys, are not supported)");
  }

  @Test
  void anAnchorWithoutAliasIsHarmlessAndAccepted() throws IOException {
    Path file = write("anchor.yaml", TRACKING.formatted("tracking") + "  storage: &s {size: 5Gi}\n");

    assertThat(SpecFiles.load(List.of(file)).problems()).isEmpty();
  }

  @Test
  void textThatIsNotUtf8IsOneProblem() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
    assertThat(SpecFiles.load(List.of(file)).problems()).containsExactly(file + ": cannot read: not UTF-8 text");
  }

  @Test
  void duplicateNamesInOneFileAreRejectedOnTheSecondDocument() throws IOException {
    Path file = write("dup-names.yaml", TRACKING.formatted("tracking") + "---\n" + TRACKING.formatted("tracking"));
    assertThat(SpecFiles.load(List.of(file)).problems()).containsExactly(file + "#2 (tracking): metadata.name: "
        + "\"tracking\" is already the name of document #1 in this file; every MlflowDeployment in a namespace needs its own name");
  }

  @Test
  void sameNameInDifferentNamespacesOrFilesIsAccepted() throws IOException {
    Path file = write("ns.yaml", TRACKING.formatted("tracking") + "---\n"
        + TRACKING.formatted("tracking").replace("name: tracking", "name: tracking\n  namespace: other"));
    Path other = write("other.yaml", TRACKING.formatted("tracking"));
    assertThat(SpecFiles.load(List.of(file, other)).problems()).isEmpty();
  }

  @Test
  void sameFileGivenTwiceIsReadOnce() throws IOException {
    Path file = write("once.yaml", TRACKING.formatted("tracking"));
    assertThat(SpecFiles.load(List.of(file, dir, file)).documents()).hasSize(1);
  }

  @Test
  void validDocumentBecomesATypedResourceWithDefaults() throws IOException {
    Path file = write("defaults.yaml", TRACKING.formatted("tracking") + "  storage:\n  mlflow:\n    workers: 4\n");

    var resource = SpecFiles.load(List.of(file)).resources().get(0);

    assertThat(resource.getMetadata().getName()).isEqualTo("tracking");
    assertThat(resource.getSpec().mlflow.workers).isEqualTo(4);
    assertThat(resource.getSpec().mlflow.version).isEqualTo("3.17.0");
    assertThat(resource.getSpec().storage.size).isEqualTo("5Gi");
  }

  @Test
  void invalidDocumentHasNoTypedResource() {
    SpecSet specs = SpecFiles.load(List.of(INVALID.resolve("size-not-a-quantity.yaml")));
    assertThatThrownBy(specs::resources).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spec.storage.size");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void everyInvalidFixtureIsRejectedWithTheProblemItsHeaderExpects(Path fixture) throws IOException {
    String expected = Files.readAllLines(fixture).get(1).replaceFirst("^# expect: ", "");

    SpecSet specs = SpecFiles.load(List.of(fixture));

    assertThat(specs.isValid()).isFalse();
    assertThat(specs.problems()).anyMatch(line -> line.contains(expected));
  }

  static Stream<Path> invalidFixtures() throws IOException {
    return Files.list(INVALID).sorted();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
