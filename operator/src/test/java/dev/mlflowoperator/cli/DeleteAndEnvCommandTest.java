package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** mlflowctl delete and env on a deployment applied to the local Railway sandbox. */
class DeleteAndEnvCommandTest extends AppliedOnSandbox {
  static final String SANDBOX_LINE = "mlflowctl: no RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN set; using the local"
      + " Railway sandbox in %s (nothing is really deployed)\n";

  @Test
  void envPrintsTheUriAndUsernameForEvalAndThePasswordOnlyWhenAsked() {
    String url = sandbox.recorded("tracking").getStatus().url;
    var env = run();
    assertThat(env.run("env", "tracking")).isZero();
    assertThat(env.out()).isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=mlflow\n");
    assertThat(env.err()).isEmpty();

    String password = sandbox.state().variables.stream()
        .filter(v -> v.serviceId != null && v.serviceId.equals(sandbox.recorded("tracking").getStatus().ids.get("service/proxy")))
        .findFirst().orElseThrow().values.get("BASIC_AUTH_PASSWORD");
    var secret = run();
    assertThat(secret.run("env", "tracking", "--show-secrets")).isZero();
    assertThat(secret.out()).isEqualTo("export MLFLOW_TRACKING_URI=" + url + "\nexport MLFLOW_TRACKING_USERNAME=mlflow\n"
        + "export MLFLOW_TRACKING_PASSWORD=" + password + "\n");
    assertThat(secret.err()).isEqualTo(SANDBOX_LINE.formatted(home));
    assertThat(run().run("plan", "-f", EXAMPLE, "--detailed-exitcode")).as("env changed nothing").isZero();
  }

  @Test
  void aRefusalOfRecordedIdsIsOneLineWithoutAStackTraceHint() {
    var tampered = sandbox.recorded("tracking");
    // The proxy's ID recorded as MLflow's: it points at a service that is not ours under that name.
    tampered.getStatus().ids.put("service/mlflow", tampered.getStatus().ids.get("service/proxy"));
    new StateStore(new MlflowctlHome(home, home.toString())).save(tampered);

    var delete = run();
    assertThat(delete.run("delete", "tracking", "--yes")).isEqualTo(1);
    assertThat(delete.err().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
        .contains("Nothing was changed");
    assertThat(delete.err()).doesNotContain("--debug");
  }

  @Test
  void envAndDeleteOfAnUnknownNameSayHowToListTheKnownOnes() {
    var env = run();
    assertThat(env.run("env", "nope")).isEqualTo(1);
    assertThat(env.err()).isEqualTo("error: no deployment named \"nope\" is recorded in " + home
        + "; run mlflowctl status to list the recorded ones, or add --cluster for one in a cluster\n");
    var delete = run();
    assertThat(delete.run("delete", "nope", "--yes")).isEqualTo(1);
    assertThat(delete.err()).isEqualTo(env.err());
  }

  @Test
  void deleteRemovesTheServicesKeepsTheVolumeUnderRetainAndForgetsTheRecord() {
    String volume = sandbox.recorded("tracking").getStatus().ids.get("volume");
    var delete = run();
    assertThat(delete.run("delete", "tracking", "--yes", "--wait")).as(delete.err()).isZero();

    assertThat(delete.out()).isEqualTo("tracking: deleted services tracking-mlflow and tracking-proxy on the local"
        + " Railway sandbox; kept the volume with MLflow's data (deletionPolicy: Retain)\n");
    var state = sandbox.state();
    assertThat(state.services).isEmpty();
    assertThat(state.volumes).extracting(v -> v.id).containsExactly(volume);
    assertThat(state.volumeInstances).noneSatisfy(v -> assertThat(v.isPendingDeletion).isTrue());
    assertThat(home.resolve("deployments/default/tracking.json")).doesNotExist();
    var status = run();
    assertThat(status.run("status", "tracking")).isEqualTo(1);
  }

  @Test
  void underDeletionPolicyDeleteItAsksAndWithoutATerminalNeedsYes() throws Exception {
    Path spec = home.resolve("delete-policy.yaml");
    Files.writeString(spec, Files.readString(Path.of(EXAMPLE)).replace("deletionPolicy: Retain", "deletionPolicy: Delete"));
    assertThat(run().run("apply", "-f", spec.toString())).isZero();

    var noTerminal = run();
    assertThat(noTerminal.run("delete", "tracking")).isEqualTo(1);
    assertThat(noTerminal.err()).endsWith("error: delete would delete the services of tracking and its volume with"
        + " MLflow's data (deletionPolicy: Delete); there is no terminal to ask on, so run it again with --yes to confirm\n");

    var no = run();
    no.terminal.answering("n");
    assertThat(no.run("delete", "tracking")).isEqualTo(1);
    assertThat(no.terminal.prompts).hasToString("Delete the services of tracking and its volume with MLflow's data"
        + " (deletionPolicy: Delete)? [y/N] ");
    assertThat(no.out()).isEqualTo("Nothing was deleted.\n");
    assertThat(sandbox.state().services).hasSize(2);

    var yes = run();
    yes.terminal.answering("y");
    assertThat(yes.run("delete", "tracking")).isZero();
    assertThat(yes.out()).isEqualTo("tracking: deleted services tracking-mlflow and tracking-proxy on the local"
        + " Railway sandbox and the volume with MLflow's data (deletionPolicy: Delete)\n");
    assertThat(sandbox.state().volumeInstances).allSatisfy(v -> assertThat(v.isPendingDeletion).isTrue());
  }

  @Test
  void aSandboxDeploymentIsNotDeletedOnRealRailway() {
    var cli = run();
    cli.env.put("RAILWAY_TOKEN", "rw-token-6c1f");
    cli.env.put("RAILWAY_API_URL", "http://127.0.0.1:9/graphql/v2");
    assertThat(cli.run("delete", "tracking", "--yes")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: tracking was applied to the local Railway sandbox, but this run uses"
        + " the Railway API at http://127.0.0.1:9/graphql/v2; unset RAILWAY_TOKEN, RAILWAY_PROJECT_TOKEN and"
        + " RAILWAY_API_URL to use it\n");
    assertThat(sandbox.state().services).hasSize(2);
  }
}
