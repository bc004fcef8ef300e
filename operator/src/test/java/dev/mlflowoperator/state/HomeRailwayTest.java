package dev.mlflowoperator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.railway.GraphqlOperation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Railway mlflowctl talks to: real Railway with a token, the home's sandbox without one. */
class HomeRailwayTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  @Test
  void withoutATokenItUsesTheSandboxInTheHomeAndSaysSoOnce() {
    var env = Map.of(MlflowctlHome.ENV, dir.toString());
    var home = MlflowctlHome.resolve(env);
    try (var connection = HomeRailway.open(env, home, new PrintWriter(err, true))) {
      assertThat(connection.isSandbox()).isTrue();
      assertThat(connection.client().toString()).contains("http://127.0.0.1:");
      assertThat(err).hasToString("mlflowctl: no RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN set; using the local Railway"
          + " sandbox in " + dir + " (nothing is really deployed)\n");
      assertThat(dir.resolve(HomeRailway.SANDBOX_STATE)).exists();
      assertThatThrownBy(() -> HomeRailway.open(env, home, new PrintWriter(new StringWriter())))
          .hasMessageContaining("is already running the Railway sandbox in " + dir);
    }
    try (var again = HomeRailway.open(Map.of(), MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, dir.toString())),
        new PrintWriter(new StringWriter()))) {
      assertThat(again.isSandbox()).as("the sandbox lock was released on close").isTrue();
    }
  }

  @Test
  void withATokenItUsesRailwayAndPrintsNothing() {
    var env = Map.of("RAILWAY_TOKEN", "secret-token", "RAILWAY_API_URL", "http://127.0.0.1:9/graphql/v2");
    try (var connection = HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true))) {
      assertThat(connection.isSandbox()).isFalse();
      assertThat(connection.client().toString()).contains("127.0.0.1:9").doesNotContain("secret-token");
    }
    assertThat(err.toString()).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void railwayPlanSetsTheTokensHourlyBudgetAsInTheOperator() {
    var env = new HashMap<>(Map.of("RAILWAY_TOKEN", "secret-token",
        "RAILWAY_API_URL", "http://127.0.0.1:9/graphql/v2"));
    try (var hobby = HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true))) {
      assertThat(hobby.client().budget().availableThisHour()).as("default: hobby").isEqualTo(1_000);
    }
    env.put("RAILWAY_PLAN", "pro");
    try (var pro = HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true))) {
      assertThat(pro.client().budget().availableThisHour()).isEqualTo(10_000);
    }
    env.put("RAILWAY_PLAN", "enterprise");
    assertThatThrownBy(() -> HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true)))
        .isInstanceOf(StateException.class).hasMessage("RAILWAY_PLAN is \"enterprise\"; set it to free, hobby or pro");
  }

  @Test
  void theSandboxClientTalksToTheSandboxOverHttp() {
    var env = Map.of(MlflowctlHome.ENV, dir.toString());
    try (var connection = HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true))) {
      var created = connection.client().execute(GraphqlOperation.named("ProjectCreate"), Map.of("name", "ml", "description", "test"));
      assertThat(created.path("projectCreate").path("id").asText()).isNotBlank();
    }
  }

  @Test
  void aTimeScaleIsRefusedForARailwayThatIsNotOnThisMachine() {
    var env = Map.of("RAILWAY_TOKEN", "secret-token", "RAILWAY_API_URL", "https://backboard.railway.com/graphql/v2",
        "MLFLOWCTL_TIME_SCALE", "1440");
    assertThatThrownBy(() -> HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true)))
        .isInstanceOf(StateException.class)
        .hasMessage("MLFLOWCTL_TIME_SCALE speeds up waits for tests against a Railway sandbox on this machine, but"
            + " RAILWAY_API_URL is backboard.railway.com; unset MLFLOWCTL_TIME_SCALE");
  }

  @Test
  void plainHttpToAnotherMachineIsAStateErrorNamingTheVariableAndNoSandboxStarts() {
    var env = Map.of(MlflowctlHome.ENV, dir.toString(), "RAILWAY_TOKEN", "secret-token",
        "RAILWAY_API_URL", "http://railway.example.com/graphql/v2");
    assertThatThrownBy(() -> HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true)))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("RAILWAY_API_URL is http://railway.example.com/graphql/v2: plain http to another"
            + " machine would send the Railway token unencrypted");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aBadClientVariableIsAStateErrorNamingItAndNothingIsStarted() {
    var env = Map.of(MlflowctlHome.ENV, dir.toString(), "RAILWAY_TIMEOUT_SECONDS", "30s");
    assertThatThrownBy(() -> HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true)))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("RAILWAY_TIMEOUT_SECONDS is \"30s\"; set it to a whole number of seconds");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void theTimeScaleIsHandedToTheCommandsForTheBuiltInSandbox() {
    var env = Map.of(MlflowctlHome.ENV, dir.toString(), "MLFLOWCTL_TIME_SCALE", "60");
    try (var connection = HomeRailway.open(env, MlflowctlHome.resolve(env), new PrintWriter(err, true))) {
      assertThat(connection.pace().factor()).isEqualTo(60);
    }
  }
}
