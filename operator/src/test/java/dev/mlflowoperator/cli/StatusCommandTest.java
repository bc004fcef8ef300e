package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mlflowoperator.api.v1alpha1.UserStatus;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl status: the recorded deployments as a table, in detail, and as stable JSON and YAML. */
class StatusCommandTest {
  @TempDir Path home;
  CliRun cli;

  @BeforeEach
  void setUp() {
    cli = new CliRun(home);
  }

  void record() {
    var store = new StateStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())));
    var railway = Deployments.readyOnRailway("tracking");
    StateStore.markOnSandbox(railway);
    store.save(railway);
    store.save(Deployments.failingOnKubernetes("experiments"));
  }

  @Test
  void tablePrintsOneLinePerDeploymentWithConditionsUrlAndAges() {
    record();
    assertThat(cli.run("status")).isZero();
    assertThat(cli.out()).isEqualTo("""
        NAME         TARGET             READY  SYNCED  HEALTHY  URL                              AGE  CHANGED
        tracking     railway (sandbox)  True   True    True     https://tracking.up.railway.app  60m  5m
        experiments  kubernetes         False  False   -        -                                2d   30s
        """);
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void namespaceNarrowsTheRecordedOnesToThatNamespace() {
    record();
    assertThat(cli.run("status", "-n", "ml")).isZero();
    assertThat(cli.out().lines()).hasSize(2).last().asString().startsWith("experiments");

    var other = new CliRun(home);
    assertThat(other.run("status", "tracking", "-n", "ml")).isEqualTo(1);
    assertThat(other.err()).startsWith("error: no deployment named \"tracking\" is recorded in " + home);
  }

  @Test
  void widePrintsNamespaceComponentsAndDriftCount() {
    record();
    assertThat(cli.run("status", "-o", "wide")).isZero();
    assertThat(cli.out()).isEqualTo("""
        NAME         TARGET             READY  SYNCED  HEALTHY  URL                              AGE  CHANGED  NAMESPACE  MLFLOW  PROXY        STORAGE   DRIFTS
        tracking     railway (sandbox)  True   True    True     https://tracking.up.railway.app  60m  5m       default    Ready   Ready        Ready     1
        experiments  kubernetes         False  False   -        -                                2d   30s      ml         Ready   Progressing  Degraded  0
        """);
  }

  @Test
  void oneNameShowsComponentsEveryConditionIdsAndDrift() {
    record();
    assertThat(cli.run("status", "tracking")).isZero();
    assertThat(cli.out()).isEqualTo("""
        Name:       tracking
        Namespace:  default
        Target:     railway (sandbox)
        URL:        https://tracking.up.railway.app
        MLflow:     3.14.0
        Age:        60m
        Backups:    last 2026-11-26T00:00:00Z (daily); next 2026-11-27T00:00:00Z (daily); schedule daily, weekly
        Components:
          COMPONENT  STATE  MESSAGE
          mlflow     Ready
          proxy      Ready
          storage    Ready
        Conditions:
          TYPE     STATUS  REASON      CHANGED  MESSAGE
          Ready    True    Available   5m       MLflow answers through the proxy
          Synced   True    Applied     10m      the spec is applied
          Healthy  True    ProbesPass  6m       /health answered 200
        IDs:
          RESOURCE       ID
          project        prj-1
          mlflowService  srv-2
        Drift:      repaired 1 time, last at 2026-11-26T11:30:00Z: mlflowService/variables
        """);
  }

  @Test
  void oneNameListsTheUsersAndWhenEachPasswordLastChanged() {
    var store = new StateStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())));
    var railway = Deployments.readyOnRailway("tracking");
    railway.getStatus().users = List.of(new UserStatus("alice", "2026-11-01T12:00:00Z"),
        new UserStatus("ci-train", null));
    store.save(railway);

    assertThat(cli.run("status", "tracking")).isZero();
    assertThat(cli.out()).contains("""
        Backups:    last 2026-11-26T00:00:00Z (daily); next 2026-11-27T00:00:00Z (daily); schedule daily, weekly
        Users:
          USER      PASSWORD CHANGED
          alice     2026-11-01T12:00:00Z
          ci-train  -
        Components:
        """);
  }

  @Test
  void theBackupsLineSaysWhenThereIsNoBackupYetAndWhatTheBackupsDoNotCover() {
    var store = new StateStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())));
    var railway = Deployments.readyOnRailway("tracking");
    railway.getStatus().backup.lastId = null;
    railway.getStatus().backup.lastKind = null;
    railway.getStatus().backup.lastTime = null;
    railway.getStatus().backup.schedule = List.of();
    railway.getStatus().backup.nextScheduled = null;
    railway.getStatus().backup.nextKind = null;
    railway.getStatus().backup.note = "the Postgres backend store is outside the volume, so these backups do not cover it";
    store.save(railway);

    assertThat(cli.run("status", "tracking")).isZero();
    assertThat(cli.out()).contains("Backups:    no backup yet; no schedule; the Postgres backend store is outside the"
        + " volume, so these backups do not cover it\n");
  }

  @Test
  void oneFailingDeploymentShowsWhyAndThatNoIdsAreRecordedYet() {
    record();
    assertThat(cli.run("status", "experiments")).isZero();
    assertThat(cli.out()).isEqualTo("""
        Name:       experiments
        Namespace:  ml
        Target:     kubernetes
        URL:        -
        MLflow:     -
        Age:        2d
        Backups:    none recorded
        Components:
          COMPONENT  STATE        MESSAGE
          mlflow     Ready
          proxy      Progressing
          storage    Degraded     volume is full
        Conditions:
          TYPE    STATUS  REASON           CHANGED  MESSAGE
          Ready   False   ReconcileFailed  30s      the PVC cannot shrink
          Synced  False   ReconcileFailed  30s      the PVC cannot shrink
        IDs:
          none recorded yet
        Drift:      none repaired
        """);
  }

  @Test
  void jsonListsEveryDeploymentInTheDocumentedShape() throws Exception {
    record();
    assertThat(cli.run("status", "-o", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("deployments")).hasSize(2);
    JsonNode tracking = json.get("deployments").get(0);
    assertThat(tracking.fieldNames()).toIterable().containsExactly("name", "namespace", "target", "sandbox", "status");
    assertThat(tracking.get("name").asText()).isEqualTo("tracking");
    assertThat(tracking.get("namespace").asText()).isEqualTo("default");
    assertThat(tracking.get("target").asText()).isEqualTo("railway");
    assertThat(tracking.get("sandbox").asBoolean()).isTrue();
    assertThat(tracking.at("/status/url").asText()).isEqualTo("https://tracking.up.railway.app");
    assertThat(tracking.at("/status/conditions/0/type").asText()).isEqualTo("Ready");
    assertThat(tracking.at("/status/ids/mlflowService").asText()).isEqualTo("srv-2");
    assertThat(tracking.at("/status/drift/count").asLong()).isEqualTo(1);
    assertThat(tracking.at("/status/components/proxy/state").asText()).isEqualTo("Ready");
    JsonNode experiments = json.get("deployments").get(1);
    assertThat(experiments.get("sandbox").asBoolean()).isFalse();
    assertThat(experiments.get("target").asText()).isEqualTo("kubernetes");
    assertThat(experiments.at("/status/ids").isObject()).isTrue();
  }

  @Test
  void jsonForOneNameIsTheSingleObject() throws Exception {
    record();
    assertThat(cli.run("status", "experiments", "-o", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("name").asText()).isEqualTo("experiments");
    assertThat(json.at("/status/conditions/1/reason").asText()).isEqualTo("ReconcileFailed");
  }

  @Test
  void yamlHasTheSameShapeAsJson() throws Exception {
    record();
    assertThat(cli.run("status", "-o", "yaml")).isZero();
    JsonNode yaml = new YAMLMapper().readTree(cli.out());
    assertThat(yaml.at("/deployments/0/name").asText()).isEqualTo("tracking");
    assertThat(yaml.at("/deployments/0/status/mlflowVersion").asText()).isEqualTo("3.14.0");
    assertThat(yaml.at("/deployments/1/status/components/storage/message").asText()).isEqualTo("volume is full");
  }

  @Test
  void emptyStoreSaysSoInOneLine() {
    assertThat(cli.run("status")).isZero();
    assertThat(cli.out()).isEqualTo("No deployments are recorded in " + home + " yet.\n");
  }

  @Test
  void emptyStoreAsJsonIsAnEmptyList() throws Exception {
    assertThat(cli.run("status", "-o", "json")).isZero();
    assertThat(new ObjectMapper().readTree(cli.out()).get("deployments")).isEmpty();
  }

  @Test
  void unknownNameExitsOneWithWhatToDoNext() {
    record();
    assertThat(cli.run("status", "nope")).isEqualTo(1);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).isEqualTo("error: no deployment named \"nope\" is recorded in " + home
        + "; run mlflowctl status to list the recorded ones\n");
  }

  @Test
  void unreadableRecordNamesTheFileAndWhatToDo() throws Exception {
    Files.createDirectories(home.resolve("deployments/default"));
    Files.writeString(home.resolve("deployments/default/broken.json"), "{not json");
    assertThat(cli.run("status")).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: cannot read " + home + "/deployments/default/broken.json: ")
        .endsWith("; delete that file and apply the spec again\n")
        .hasLineCount(1);
  }

  @Test
  void debugAddsTheStackTraceBehindTheError() {
    assertThat(cli.run("--debug", "status", "nope")).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: no deployment named \"nope\"")
        .contains("dev.mlflowoperator.state.StateException", "\tat dev.mlflowoperator.cli.StatusCommand");
  }

  @Test
  void debugIsAcceptedAfterTheSubcommandToo() {
    assertThat(cli.run("status", "nope", "--debug")).isEqualTo(1);
    assertThat(cli.err()).contains("\tat dev.mlflowoperator.cli.StatusCommand");
  }

  @Test
  void statusesAreColouredOnATerminal() {
    record();
    cli.terminal.interactive = true;
    assertThat(cli.run("status")).isZero();
    assertThat(cli.out()).contains("\u001b[32mTrue\u001b[0m", "\u001b[31mFalse\u001b[0m");
  }

  @Test
  void noColorTurnsColoursOffEvenOnATerminal() {
    record();
    cli.terminal.interactive = true;
    cli.env.put("NO_COLOR", "");
    assertThat(cli.run("status")).isZero();
    assertThat(cli.out()).doesNotContain("\u001b[").contains("True   True");
  }

  @Test
  void watchPrintsAgainWhenTheRecordChanges() throws Exception {
    var store = new StateStore(MlflowctlHome.resolve(Map.of("MLFLOWCTL_HOME", home.toString())));
    var watching = new Thread(() -> cli.run("status", "--watch", "--interval", "0.1"));
    watching.start();
    try {
      await().until(() -> cli.out().startsWith("No deployments"));
      store.save(Deployments.readyOnRailway("tracking"));
      await().until(() -> cli.out().contains("tracking"));
    } finally {
      watching.interrupt();
      watching.join(5000);
    }
    assertThat(watching.isAlive()).isFalse();
    assertThat(cli.out()).startsWith("No deployments are recorded in " + home + " yet.\n\nNAME ");
  }
}
