package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlflowctl rotate on the local sandbox: one user's password and hash replaced, the others' variables untouched, only
 * the proxy redeployed, status moving for that user only, nothing secret printed, and the refusals (unknown user, no
 * terminal without --yes, "no" on a terminal) changing nothing.
 */
class RotateCommandTest {
  private static final String SPEC = """
      apiVersion: mlflow-operator.dev/v1alpha1
      kind: MlflowDeployment
      metadata:
        name: tracking
      spec:
        target: railway
        railway:
          project: ml-platform
        proxy:
          auth:
            users:
              - username: alice
              - username: bob
              - username: ci-train
        storage:
          size: 5Gi
      """;

  @TempDir Path home;
  @TempDir Path specs;
  private final ManualClock clock = new ManualClock(CliRun.NOW);
  private SandboxDeployments sandbox;
  private Path spec;

  @BeforeEach
  void applied() throws IOException {
    sandbox = new SandboxDeployments(home);
    spec = specs.resolve("tracking.yaml");
    Files.writeString(spec, SPEC);
    var apply = run();
    assertThat(apply.run("apply", "-f", spec.toString(), "--wait")).as(apply.err()).isZero();
  }

  @Test
  void rotatingAliceReplacesHerPasswordAndHashOnlyRedeploysOnlyTheProxyAndPrintsNoSecret() {
    var before = proxyVariables();
    var deploymentsBefore = deploymentsByService();
    String applied = sandbox.recorded("tracking").getStatus().users.get(1).passwordChanged;
    clock.advance(Duration.ofHours(2));
    String now = clock.instant().toString();

    var rotate = run();
    assertThat(rotate.run("rotate", "tracking", "--user", "alice", "--yes")).as(rotate.err()).isZero();

    var after = proxyVariables();
    assertThat(after.get("BASIC_AUTH_PASSWORD")).isNotEqualTo(before.get("BASIC_AUTH_PASSWORD"));
    assertThat(after.get("BASIC_AUTH_HASH")).isNotEqualTo(before.get("BASIC_AUTH_HASH")).startsWith("$2a$10$");
    before.keySet().stream().filter(key -> key.endsWith("_1") || key.endsWith("_2")).forEach(key ->
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key)));
    var deploymentsAfter = deploymentsByService();
    String proxy = sandbox.recorded("tracking").getStatus().ids.get("service/proxy");
    String mlflow = sandbox.recorded("tracking").getStatus().ids.get("service/mlflow");
    assertThat(deploymentsAfter.get(proxy)).as("a new proxy deployment").isEqualTo(deploymentsBefore.get(proxy) + 1);
    assertThat(deploymentsAfter.get(mlflow)).as("MLflow not redeployed").isEqualTo(deploymentsBefore.get(mlflow));
    var recorded = sandbox.recorded("tracking");
    assertThat(recorded.getStatus().users).extracting(u -> u.username + " " + u.passwordChanged)
        .containsExactly("alice " + now, "bob " + applied, "ci-train " + applied);
    assertThat(recorded.getStatus().users.get(0).rotation).isNotBlank();
    assertThat(recorded.getMetadata().getAnnotations()).doesNotContainKey(RotateAnnotation.NAME);
    var env = run();
    assertThat(env.run("env", "tracking", "--user", "alice", "--show-secrets")).isZero();
    assertThat(env.out()).contains("MLFLOW_TRACKING_PASSWORD=" + after.get("BASIC_AUTH_PASSWORD") + "\n");
    assertThat(rotate.out()).contains("tracking: alice has a new password; the other users keep theirs.");
    assertThat(rotate.out() + rotate.err()).doesNotContain(secrets(before)).doesNotContain(secrets(after));
  }

  @Test
  void applyingAgainAfterARotationRotatesNothing() {
    var rotate = run();
    assertThat(rotate.run("rotate", "tracking", "--user", "bob", "--yes")).as(rotate.err()).isZero();
    var rotated = proxyVariables();

    var apply = run();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();

    assertThat(apply.out()).contains("no changes");
    assertThat(proxyVariables()).isEqualTo(rotated);
  }

  @Test
  void theRotateAnnotationInTheAppliedFileRotatesOnceForEachNonce() throws IOException {
    var before = proxyVariables();
    Files.writeString(spec, SPEC.replace("  name: tracking\n",
        "  name: tracking\n  annotations:\n    mlflow-operator.dev/rotate: ci-train@n1\n"));

    var apply = run();
    assertThat(apply.run("apply", "-f", spec.toString())).as(apply.err()).isZero();
    var rotated = proxyVariables();
    var again = run();
    assertThat(again.run("apply", "-f", spec.toString())).as(again.err()).isZero();

    assertThat(rotated.get("BASIC_AUTH_PASSWORD_2")).isNotEqualTo(before.get("BASIC_AUTH_PASSWORD_2"));
    assertThat(rotated.get("BASIC_AUTH_PASSWORD")).isEqualTo(before.get("BASIC_AUTH_PASSWORD"));
    assertThat(again.out()).contains("no changes");
    assertThat(proxyVariables()).isEqualTo(rotated);
    var recorded = sandbox.recorded("tracking");
    assertThat(recorded.getStatus().users.get(2).rotation).isEqualTo("n1");
    assertThat(recorded.getMetadata().getAnnotations()).doesNotContainKey(RotateAnnotation.NAME);
  }

  @Test
  void anUnknownUserIsAOneLineErrorListingTheUsersAndNothingChanges() {
    var before = proxyVariables();

    var rotate = run();
    assertThat(rotate.run("rotate", "tracking", "--user", "mallory", "--yes")).isEqualTo(1);

    assertThat(rotate.err()).endsWith("\nerror: tracking has no user \"mallory\"; its users are alice, bob, ci-train\n");
    assertThat(proxyVariables()).isEqualTo(before);
  }

  @Test
  void withoutATerminalAndWithoutYesItIsRefusedAndNoOnATerminalChangesNothing() {
    var before = proxyVariables();

    var noTerminal = run();
    assertThat(noTerminal.run("rotate", "tracking", "--user", "alice")).isEqualTo(1);
    var no = run();
    no.terminal.answering("n");
    assertThat(no.run("rotate", "tracking", "--user", "alice")).isEqualTo(1);

    assertThat(noTerminal.err()).contains("there is no terminal to ask on, so run it again with --yes to confirm");
    assertThat(no.terminal.prompts.toString()).startsWith("Rotate the password of alice on tracking")
        .endsWith("[y/N] ");
    assertThat(no.out()).isEqualTo("Nothing was changed.\n");
    assertThat(proxyVariables()).isEqualTo(before);
  }

  private static List<String> secrets(Map<String, String> variables) {
    return variables.entrySet().stream()
        .filter(e -> e.getKey().startsWith("BASIC_AUTH_PASSWORD") || e.getKey().startsWith("BASIC_AUTH_HASH"))
        .map(Map.Entry::getValue).toList();
  }

  private Map<String, String> proxyVariables() {
    String proxy = sandbox.recorded("tracking").getStatus().ids.get("service/proxy");
    return new HashMap<>(sandbox.state().variables.stream().filter(v -> proxy.equals(v.serviceId)).findFirst()
        .orElseThrow().values);
  }

  private Map<String, Long> deploymentsByService() {
    var counts = new HashMap<String, Long>();
    sandbox.state().deployments.forEach(d -> counts.merge(d.serviceId, 1L, Long::sum));
    return counts;
  }

  private CliRun run() {
    var cli = new CliRun(home);
    cli.clock = clock;
    return cli;
  }
}
