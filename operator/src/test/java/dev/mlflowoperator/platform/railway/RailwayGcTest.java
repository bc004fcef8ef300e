package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.JobTime;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.mlflow.gc on Railway: the job runs inside the MLflow service, which alone mounts the volume, as a background
 * loop in its start command; the stack converges and then stays steady in one request, with an honest status entry.
 */
class RailwayGcTest {
  /** MLflow's own script: the schema upgrade of an existing database, then the server. */
  private static final String MLFLOW_SCRIPT = "if [ -e /mlflow/mlflow.db ]; then mlflow db upgrade"
      + " sqlite:////mlflow/mlflow.db || exit; fi; exec mlflow server --host :: --port 5000 --backend-store-uri"
      + " sqlite:////mlflow/mlflow.db --artifacts-destination /mlflow/artifacts --serve-artifacts --workers 2"
      + " --allowed-hosts ";

  private final RailwayStackHarness harness = RailwayStackHarness.inProcess();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theGcLoopStartsBeforeTheServerInsideTheMlflowServiceAndTheStackIsThenSteadyInOneRequest() {
    gc(harness.resource.getSpec(), BackupKind.DAILY);

    harness.converge();

    var mlflow = RailwayTargetContract.instance(harness.sandbox.state(), harness.id("service/mlflow"));
    // team/tracking runs at 05:51 UTC: 86400 + 21060 seconds.
    assertThat(mlflow.startCommand).startsWith("/bin/sh -c 'while sleep $(( (107460 - $(date -u +%s) % 86400)"
        + " % 86400 + 1 )); do MLFLOW_TRACKING_URI=http://tracking-mlflow.railway.internal:5000"
        + " mlflow gc --older-than 30d --backend-store-uri sqlite:////mlflow/mlflow.db; done & exec /bin/sh -c '\"'\"'"
        + MLFLOW_SCRIPT);
    assertThat(harness.sandbox.state().services).extracting(s -> s.name)
        .containsExactlyInAnyOrder("tracking-mlflow", "tracking-proxy");
    assertThat(RailwayTargetContract.variables(harness.sandbox.state(), harness.id("service/mlflow")))
        .doesNotContainKey("MLFLOW_TRACKING_URI");
    assertThat(harness.status().components.get("gc").state).isEqualTo("Ready");
    assertThat(harness.status().components.get("gc").message)
        .isEqualTo("runs daily at 05:51 UTC inside tracking-mlflow; Railway does not report its runs");

    long requests = harness.requests();
    long mutations = harness.mutations();
    var report = harness.reconcile();

    assertThat(harness.requests() - requests).as("steady state").isEqualTo(1);
    assertThat(harness.mutations()).isEqualTo(mutations);
    assertThat(report.components()).containsKey("gc");
  }

  @Test
  void turningGcOnChangesOnlyMlflowsStartCommand() {
    harness.converge();
    var proxyBefore = RailwayTargetContract.instance(harness.sandbox.state(), harness.id("service/proxy")).startCommand;

    gc(harness.resource.getSpec(), BackupKind.WEEKLY);
    var plan = harness.plan();

    assertThat(plan.changes()).extracting(c -> c.line()).anySatisfy(line -> assertThat(line).contains("startCommand"));
    harness.converge();
    assertThat(RailwayTargetContract.instance(harness.sandbox.state(), harness.id("service/mlflow")).startCommand)
        .contains("; do if [ \"$(date -u +%w)\" = 0 ]; then MLFLOW_TRACKING_URI=");
    assertThat(RailwayTargetContract.instance(harness.sandbox.state(), harness.id("service/proxy")).startCommand)
        .isEqualTo(proxyBefore);
  }

  @Test
  void withPostgresTheLoopReadsTheStoreUriFromTheServicesVariableAndTheCommandHoldsNoSecret() {
    var spec = harness.resource.getSpec();
    gc(spec, BackupKind.MONTHLY);
    spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
    spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");
    harness.secrets.put("db/uri", "postgresql://ml:hunter2@db.internal:5432/mlflow");

    harness.converge();

    var mlflow = RailwayTargetContract.instance(harness.sandbox.state(), harness.id("service/mlflow"));
    assertThat(mlflow.startCommand).startsWith("/bin/sh -c 'while sleep $((")
        .contains("; do if [ \"$(date -u +%d)\" = 01 ]; then MLFLOW_TRACKING_URI=")
        .contains("os.environ[\"MLFLOW_BACKEND_STORE_URI\"]")
        .doesNotContain("hunter2");
    assertThat(RailwayTargetContract.variables(harness.sandbox.state(), harness.id("service/mlflow")))
        .containsEntry("MLFLOW_BACKEND_STORE_URI", "postgresql://ml:hunter2@db.internal:5432/mlflow");
  }

  @Test
  void aStackWithoutGcHasNoLoopInItsStartCommand() {
    var desired = RailwayDesired.of(DesiredStackFactory.build("tracking", harness.resource.getSpec(),
        RailwayPlannerTest.CREDENTIALS, RailwayAddresses.of(new StackNames("tracking"), RailwayPlannerTest.DOMAIN)),
        JobTime.of("team", "tracking"), null, SecretResolver.none());

    assertThat(desired.service("mlflow").startCommand()).startsWith("/bin/sh -c '" + MLFLOW_SCRIPT);
    assertThat(desired.layout().jobs()).isEmpty();
  }

  @Test
  void withGcTheStartCommandStillUpgradesAnExistingSqliteDatabaseBeforeTheServer(@TempDir Path dir) throws Exception {
    var spec = harness.resource.getSpec();
    gc(spec, BackupKind.DAILY);
    Path volume = Files.createDirectories(dir.resolve("volume"));
    Files.writeString(volume.resolve("mlflow.db"), "an older schema");
    spec.storage.mountPath = volume.toString();
    String start = RailwayDesired.of(DesiredStackFactory.build("tracking", spec, RailwayPlannerTest.CREDENTIALS,
        RailwayAddresses.of(new StackNames("tracking"), RailwayPlannerTest.DOMAIN)),
        JobTime.of("team", "tracking"), null, SecretResolver.none()).service("mlflow").startCommand();
    Path record = dir.resolve("record.txt");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // mlflow records its arguments; its server refuses the database unless it was upgraded first, as MLflow does.
    executable(bin.resolve("mlflow"), "echo \"$*\" >> " + record + "\n"
        + "[ \"$1\" != server ] || grep -q '^db upgrade ' " + record + " || exit 3\n");
    // The loop's sleep fails at once, so that the loop ends instead of outliving the test.
    executable(bin.resolve("sleep"), "exit 1\n");

    // As Railway runs a start command: split into words as sh would, then executed.
    var process = new ProcessBuilder("/bin/sh", "-c", "PATH=\"$1:$PATH\"; eval \"set -- $0\"; exec \"$@\"",
        start, bin.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(Files.readAllLines(record)).satisfiesExactly(
        upgrade -> assertThat(upgrade).isEqualTo("db upgrade sqlite:///" + volume + "/mlflow.db"),
        server -> assertThat(server).startsWith("server --host :: --port 5000 --backend-store-uri sqlite:///" + volume));
  }

  private static void executable(Path path, String script) throws Exception {
    Files.writeString(path, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void gc(MlflowDeploymentSpec spec, BackupKind schedule) {
    spec.mlflow.gc = new GcSpec();
    spec.mlflow.gc.schedule = schedule;
    spec.mlflow.gc.olderThan = "30d";
  }
}
