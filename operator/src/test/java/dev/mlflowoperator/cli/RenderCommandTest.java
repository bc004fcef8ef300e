package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.validation.SpecValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl render: the objects of a spec as multi-document YAML, secrets only on request. */
class RenderCommandTest {
  static final String SPEC = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: tracking
        namespace: ml
      spec:
        target: kubernetes
        proxy:
          auth:
            username: alice
      """;

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    var cli = MlflowCtl.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("spec.yaml"), yaml);
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    var mapper = new YAMLMapper();
    var docs = new ArrayList<JsonNode>();
    try (var values = mapper.readerFor(JsonNode.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        docs.add((JsonNode) values.nextValue());
      }
    }
    return docs;
  }

  @Test
  void printsTheNineObjectsInApplyOrderWithoutTheGeneratedSecrets() throws IOException {
    int exit = run("render", "-f", write(SPEC).toString());

    assertThat(exit).isZero();
    var docs = documents(out.toString());
    assertThat(docs).extracting(d -> d.get("kind").asText() + "/" + d.at("/metadata/name").asText()).containsExactly(
        "Secret/tracking-credentials", "ConfigMap/tracking-proxy-config", "PersistentVolumeClaim/tracking-data",
        "NetworkPolicy/tracking-mlflow", "NetworkPolicy/tracking-proxy", "Deployment/tracking-mlflow",
        "Service/tracking-mlflow", "Deployment/tracking-proxy", "Service/tracking-proxy");
    assertThat(docs).allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("ml"));
    var secret = docs.get(0);
    assertThat(secret.has("data")).isFalse();
    assertThat(secret.at("/stringData/username").asText()).isEqualTo("alice");
    assertThat(secret.at("/stringData").size()).isEqualTo(1);
    assertThat(out.toString()).contains("# The generated password and its hash are left out; rerun with --show-secrets");
  }

  @Test
  void severalUsersAreEachInTheSecretAndTheProxyAndAReferencedOneSaysWhereItsPasswordComesFrom() throws IOException {
    Path file = write(SPEC.replace("      username: alice", "      users:\n        - username: alice\n"
        + "        - username: ci-train\n          passwordSecretRef: {name: ci-creds, key: password}"));

    assertThat(run("render", "-f", file.toString(), "--show-secrets")).as(err.toString()).isZero();

    var docs = documents(out.toString());
    assertThat(docs.get(0).at("/stringData")).hasToString("{\"username\":\"alice\",\"username-1\":\"ci-train\"}");
    assertThat(out.toString()).contains("# The password of ci-train comes from key password of the Secret ci-creds"
        + " (spec.proxy.auth.users[1].passwordSecretRef), which render does not read; the operator copies it here with"
        + " its bcrypt hash (keys password-1 and passwordHash-1).\n");
    assertThat(docs.get(1).at("/data/Caddyfile").asText())
        .contains("{env.BASIC_AUTH_USERNAME} {env.BASIC_AUTH_HASH}\n\t\t\t{env.BASIC_AUTH_USERNAME_1} {env.BASIC_AUTH_HASH_1}");
  }

  @Test
  void showSecretsIncludesThePasswordAndHashAndNamespaceOverridesTheDocument() throws IOException {
    int exit = run("render", "-f", write(SPEC).toString(), "--show-secrets", "-n", "other");

    assertThat(exit).isZero();
    var secret = documents(out.toString()).get(0);
    assertThat(secret.at("/data").fieldNames()).toIterable().containsExactly("username", "password", "passwordHash");
    assertThat(documents(out.toString())).allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("other"));
  }

  @Test
  void withAPasswordSecretRefTheSecretSaysWhereThePasswordComesFromAndNoneIsGenerated() throws IOException {
    Path file = write(SPEC.replace("username: alice", "username: alice\n      passwordSecretRef: {name: mlflow-auth, key: pw}"));
    for (String[] args : List.of(new String[] {"render", "-f", file.toString(), "--show-secrets"},
        new String[] {"render", "-f", file.toString()})) {
      out.getBuffer().setLength(0);
      assertThat(run(args)).as(String.join(" ", args)).isZero();

      var secret = documents(out.toString()).get(0);
      assertThat(secret.has("data")).as(String.join(" ", args)).isFalse();
      assertThat(secret.at("/stringData").fieldNames()).toIterable().containsExactly("username");
      assertThat(out.toString()).as(String.join(" ", args)).contains("# The password comes from key pw of the Secret"
          + " mlflow-auth (spec.proxy.auth.passwordSecretRef), which render does not read; the operator copies it"
          + " here with its bcrypt hash (keys password and passwordHash).\n")
          .doesNotContain("generated", "--show-secrets");
    }
  }

  @Test
  void withoutShowSecretsNoHashIsComputedAndTheOutputIsTheSameEveryTime() throws IOException {
    Path file = write(SPEC);
    var bcryptRuns = new AtomicInteger();

    assertThat(runCountingBcrypt(bcryptRuns, "render", "-f", file.toString())).isZero();
    String first = out.toString();
    out.getBuffer().setLength(0);
    assertThat(runCountingBcrypt(bcryptRuns, "render", "-f", file.toString())).isZero();

    assertThat(bcryptRuns).hasValue(0);
    assertThat(out.toString()).isEqualTo(first);
    assertThat(first).contains("# The generated password and its hash are left out; rerun with --show-secrets to"
        + " include them (the hash is computed only then).\n");
  }

  @Test
  void withoutShowSecretsTheObjectsAreThoseOfShowSecretsBarTheSecretsValuesAndTheProxysConfigHash()
      throws IOException {
    Path file = write(SPEC);
    assertThat(run("render", "-f", file.toString())).isZero();
    var hidden = documents(out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("render", "-f", file.toString(), "--show-secrets")).isZero();
    var shown = documents(out.toString());

    assertThat(hidden).hasSameSizeAs(shown);
    String configHash = "/spec/template/metadata/annotations/mlflow-operator.dev~1config-hash";
    for (int i = 1; i < shown.size(); i++) {
      var expected = (ObjectNode) shown.get(i).deepCopy();
      var actual = (ObjectNode) hidden.get(i).deepCopy();
      if (!expected.at(configHash).isMissingNode()) {
        assertThat(actual.at(configHash).asText()).as("the proxy restarts when its hash changes")
            .isNotEqualTo(expected.at(configHash).asText()).hasSize(expected.at(configHash).asText().length());
        ((ObjectNode) expected.at("/spec/template/metadata/annotations")).remove("mlflow-operator.dev/config-hash");
        ((ObjectNode) actual.at("/spec/template/metadata/annotations")).remove("mlflow-operator.dev/config-hash");
      }
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void withShowSecretsTheHashIsComputedAndVerifiesAgainstThePassword() throws IOException {
    var bcryptRuns = new AtomicInteger();

    assertThat(runCountingBcrypt(bcryptRuns, "render", "-f", write(SPEC).toString(), "--show-secrets")).isZero();

    var data = documents(out.toString()).get(0).at("/data");
    String password = decode(data.get("password").asText());
    String hash = decode(data.get("passwordHash").asText());
    assertThat(bcryptRuns).hasValue(1);
    assertThat(new CredentialsGenerator().matches(password, hash)).as("the hash of the printed password").isTrue();
  }

  /** Runs mlflowctl with render's bcrypt counted in {@code runs}. */
  int runCountingBcrypt(AtomicInteger runs, String... args) {
    var cli = MlflowCtl.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    RenderCommand render = cli.getSubcommands().get("render").getCommand();
    var bcrypt = render.bcrypt;
    render.bcrypt = password -> {
      runs.incrementAndGet();
      return bcrypt.apply(password);
    };
    return cli.execute(args);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Test
  void railwayDocumentsAreSkippedWithANote() throws IOException {
    String railway = """
        apiVersion: mlflow-operator.dev/v1alpha1
        kind: MlflowDeployment
        metadata:
          name: on-railway
        spec:
          target: railway
          railway:
            project: demo
        """;
    int exit = run("render", "-f", write(SPEC + "---\n" + railway).toString());

    assertThat(exit).isZero();
    assertThat(documents(out.toString())).hasSize(9);
    assertThat(err.toString()).contains("on-railway: skipped");
  }

  @Test
  void anInvalidSpecPrintsTheValidatorsLinesAndNothingElse() throws IOException {
    String invalid = SPEC + "  mlflow:\n    workers: 0\n";

    int exit = run("render", "-f", write(invalid).toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("spec.mlflow.workers");
  }

  @Test
  void aMissingFileIsOneErrorLine() {
    int exit = run("render", "-f", dir.resolve("absent.yaml").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).endsWith("absent.yaml: no such file or directory").doesNotContain("\tat ");
  }
}
