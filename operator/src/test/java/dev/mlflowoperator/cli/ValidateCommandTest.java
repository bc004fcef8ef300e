package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl validate run in-process: exit codes and the exact lines on stdout and stderr. */
class ValidateCommandTest {
  private static final String INVALID = "src/test/resources/specs/invalid/";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  @Test
  void validExamplesPrintTheCountAndExitZero() {
    assertThat(run("validate", "-f", "../manifests/examples")).isZero();
    assertThat(out.toString().lines()).containsExactly("5 documents valid");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void severalFilesAfterOneOptionAndRepeatedOptionsAreAccepted() {
    assertThat(run("validate", "-f", "../manifests/examples/railway-basic.yaml", "../manifests/examples/kubernetes-basic.yaml"))
        .isZero();
    assertThat(run("validate", "--filename", "../manifests/examples/railway-basic.yaml", "-f", "../manifests/examples"))
        .isZero();
    // A file named again inside a named folder is read once.
    assertThat(out.toString().lines()).containsExactly("2 documents valid", "5 documents valid");
  }

  @Test
  void missingFileIsOneLineAndExitsOne() {
    assertThat(run("validate", "-f", "missing.yaml")).isOne();
    assertThat(err.toString().lines())
        .containsExactly("missing.yaml: no such file or directory", "1 problem; 0 of 0 documents valid");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void malformedYamlNamesTheLineAndColumn() {
    assertThat(run("validate", "-f", INVALID + "malformed.yaml")).isOne();
    assertThat(err.toString().lines()).containsExactly(
        INVALID + "malformed.yaml: malformed YAML at line 9, column 1: found character '\\t(TAB)' that cannot start any "
            + "token. (Do not use \\t(TAB) for indentation)",
        "1 problem; 0 of 0 documents valid");
  }

  @Test
  void aYamlAliasIsOneLineNamingTheDocumentLineAndColumn() {
    assertThat(run("validate", "-f", INVALID + "yaml-alias.yaml")).isOne();
    assertThat(err.toString().lines()).containsExactly(
        INVALID + "yaml-alias.yaml: document #1: YAML alias *policy at line 11, column 19 is not accepted; write the"
            + " value out in full (aliases, and so merge keys, are not supported)",
        "1 problem; 0 of 0 documents valid");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unknownFieldSuggestsTheNearestKnownField() {
    assertThat(run("validate", "-f", INVALID + "unknown-field.yaml")).isOne();
    assertThat(err.toString().lines()).containsExactly(
        INVALID + "unknown-field.yaml#1 (tracking): spec.storage.mountpath: unknown field; did you mean \"mountPath\"?",
        "1 problem; 0 of 1 document valid");
  }

  @Test
  void directoryWithValidAndInvalidSpecsListsEveryProblemInFileOrder() throws IOException {
    Files.copy(Path.of("../manifests/examples/kubernetes-basic.yaml"), dir.resolve("a-valid.yaml"));
    Files.copy(Path.of(INVALID + "duplicate-names.yaml"), dir.resolve("b-duplicates.yaml"));
    Files.copy(Path.of(INVALID + "size-not-a-quantity.yaml"), dir.resolve("c-size.yml"));
    Files.writeString(dir.resolve("d-broken.yaml"), "spec: [\n");
    Files.writeString(dir.resolve("README.md"), "not a spec");

    assertThat(run("validate", "-f", dir.toString())).isOne();

    assertThat(err.toString().lines()).containsExactly(
        dir.resolve("b-duplicates.yaml") + "#2 (tracking): metadata.name: \"tracking\" is already the name of document #1 "
            + "in this file; every MlflowDeployment in a namespace needs its own name",
        dir.resolve("c-size.yml") + "#1 (tracking): spec.storage.size: found \"5GB\"; expected a positive quantity such as "
            + "5Gi or 500Mi",
        dir.resolve("d-broken.yaml") + ": malformed YAML at line 2, column 1: expected the node content, but found "
            + "'<stream end>'",
        "3 problems; 2 of 4 documents valid");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void filenameIsRequired() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--filename=FILE'");
  }

  @Test
  void helpDescribesTheCommand() {
    assertThat(run("validate", "--help")).isZero();
    assertThat(out.toString()).contains("Check MlflowDeployment specs without deploying anything.", "-f, --filename=FILE");
  }

  private int run(String... args) {
    var cli = MlflowCtl.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
