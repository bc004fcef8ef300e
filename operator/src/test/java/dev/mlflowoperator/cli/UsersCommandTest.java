package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment with three users on the local sandbox through the CLI: env prints the lines of the user asked for
 * (the first by default), status lists the users, and neither shows a password or hash unless --show-secrets asks.
 */
class UsersCommandTest {
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
      %s  storage:
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
    apply("alice", "bob", "ci-train");
  }

  @Test
  void envPrintsTheLinesOfTheUserAskedForAndOfTheFirstByDefault() {
    String url = sandbox.recorded("tracking").getStatus().url;
    var proxy = proxyVariables();

    var bob = run();
    assertThat(bob.run("env", "tracking", "--user", "bob", "--show-secrets")).isZero();
    var first = run();
    assertThat(first.run("env", "tracking")).isZero();

    assertThat(bob.out()).isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=bob\n"
        + "export MLFLOW_TRACKING_PASSWORD=" + proxy.get("BASIC_AUTH_PASSWORD_1") + "\n");
    assertThat(first.out()).isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=alice\n");
  }

  @Test
  void anUnknownUserIsAOneLineErrorListingTheUsers() {
    var env = run();
    assertThat(env.run("env", "tracking", "--user", "mallory", "--show-secrets")).isEqualTo(1);
    assertThat(env.err()).endsWith("error: tracking has no user \"mallory\"; its users are alice, bob, ci-train\n");
    assertThat(env.out()).isEmpty();
  }

  @Test
  void statusListsTheUsersWithoutAPasswordOrHashAndNoOutputShowsOneUnasked() throws IOException {
    var outputs = new ArrayList<String>();
    var status = run();
    assertThat(status.run("status", "tracking")).isZero();
    outputs.add(status.out() + status.err());
    var json = run();
    assertThat(json.run("status", "tracking", "-o", "json")).isZero();
    outputs.add(json.out() + json.err());
    for (String user : List.of("alice", "bob", "ci-train")) {
      var env = run();
      assertThat(env.run("env", "tracking", "--user", user)).isZero();
      outputs.add(env.out() + env.err());
    }
    outputs.add(apply("alice", "bob", "ci-train"));

    assertThat(status.out()).contains("Users:\n  USER      PASSWORD CHANGED\n  alice     " + CliRun.NOW + "\n"
        + "  bob       " + CliRun.NOW + "\n  ci-train  " + CliRun.NOW + "\n");
    var secrets = proxyVariables().entrySet().stream()
        .filter(e -> e.getKey().startsWith("BASIC_AUTH_PASSWORD") || e.getKey().startsWith("BASIC_AUTH_HASH"))
        .map(Map.Entry::getValue).toList();
    assertThat(secrets).hasSize(6);
    assertThat(outputs).allSatisfy(output -> assertThat(output).doesNotContain(secrets));
  }

  @Test
  void aUserRemovedFromTheSpecHasNoLinesAndNoVariablesLeft() throws IOException {
    String bob = proxyVariables().get("BASIC_AUTH_PASSWORD_1");

    apply("alice", "ci-train");

    var env = run();
    assertThat(env.run("env", "tracking", "--user", "bob", "--show-secrets")).isEqualTo(1);
    assertThat(env.err()).endsWith("error: tracking has no user \"bob\"; its users are alice, ci-train\n");
    assertThat(proxyVariables()).doesNotContainValue(bob).doesNotContainValue("bob");
  }

  /** Applies the spec with these users and waits; returns what apply printed. */
  private String apply(String... users) throws IOException {
    var lines = new StringBuilder();
    for (String user : users) {
      lines.append("          - username: ").append(user).append('\n');
    }
    Files.writeString(spec, SPEC.formatted(lines));
    var apply = run();
    assertThat(apply.run("apply", "-f", spec.toString(), "--wait")).as(apply.err()).isZero();
    return apply.out() + apply.err();
  }

  private Map<String, String> proxyVariables() {
    String proxy = sandbox.recorded("tracking").getStatus().ids.get("service/proxy");
    return sandbox.state().variables.stream().filter(v -> proxy.equals(v.serviceId)).findFirst().orElseThrow().values;
  }

  private CliRun run() {
    var cli = new CliRun(home);
    cli.clock = clock;
    return cli;
  }
}
