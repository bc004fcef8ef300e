package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.S3CredentialsRef;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The MLflow server command line: flags, allowed hosts by version, workers and artifacts. */
class MlflowCommandTest {
  private static final PlatformAddresses ADDRESSES =
      new PlatformAddresses(".railway.internal", List.of("tracking.up.railway.app"));
  private static final StackNames NAMES = new StackNames("tracking");

  @Test
  void listensOnEveryInterfaceIncludingIpv6OnPort5000() {
    var args = MlflowCommand.serverArgs(new MlflowSpec(), "/mlflow", ADDRESSES, NAMES);

    assertThat(args).startsWith("mlflow", "server", "--host", "::", "--port", "5000");
  }

  @Test
  void sqliteLivesOnTheVolume() {
    var args = MlflowCommand.serverArgs(new MlflowSpec(), "/data", ADDRESSES, NAMES);

    assertThat(valueOf(args, "--backend-store-uri")).isEqualTo("sqlite:////data/mlflow.db");
  }

  @Test
  void servesArtifactsFromTheVolumeByDefault() {
    var args = MlflowCommand.serverArgs(new MlflowSpec(), "/data", ADDRESSES, NAMES);

    assertThat(valueOf(args, "--artifacts-destination")).isEqualTo("/data/artifacts");
    assertThat(args).contains("--serve-artifacts").doesNotContain("--default-artifact-root");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
    "NULL, s3://bucket",
    "runs, s3://bucket/runs",
    "/team/runs/, s3://bucket/team/runs",
    "/, s3://bucket",
    "'', s3://bucket"
  })
  void s3DestinationJoinsBucketAndPrefixWithOneSlash(String prefix, String destination) {
    var spec = new MlflowSpec();
    spec.artifacts = s3("bucket", prefix);

    assertThat(valueOf(MlflowCommand.serverArgs(spec, "/mlflow", ADDRESSES, NAMES), "--artifacts-destination"))
        .isEqualTo(destination);
  }

  @Test
  void workersComeFromTheSpec() {
    var spec = new MlflowSpec();
    spec.workers = 7;

    assertThat(valueOf(MlflowCommand.serverArgs(spec, "/mlflow", ADDRESSES, NAMES), "--workers")).isEqualTo("7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.5.0", "3.5.1", "3.14.0", "4.0.0"})
  void from35AllowsEveryPublicHostWithAndWithoutPort(String version) {
    var spec = new MlflowSpec();
    spec.version = version;

    assertThat(valueOf(MlflowCommand.serverArgs(spec, "/mlflow", ADDRESSES, NAMES), "--allowed-hosts"))
        .isEqualTo("tracking.up.railway.app,tracking.up.railway.app:*,"
            + "tracking-mlflow.railway.internal,tracking-mlflow.railway.internal:*,"
            + "localhost,localhost:*");
  }

  @Test
  void allowedHostsListEachHostOnceInOrder() {
    var addresses = new PlatformAddresses(
        ".svc", List.of("a.example.com", "b.example.com", "a.example.com", "tracking-mlflow.svc"));

    assertThat(MlflowCommand.allowedHosts(addresses, NAMES).split(","))
        .containsExactly("a.example.com", "a.example.com:*", "b.example.com", "b.example.com:*",
            "tracking-mlflow.svc", "tracking-mlflow.svc:*", "localhost", "localhost:*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.4.0", "3.4.9", "2.22.1"})
  void before35HasNoAllowedHostsFlag(String version) {
    var spec = new MlflowSpec();
    spec.version = version;

    assertThat(MlflowCommand.serverArgs(spec, "/mlflow", ADDRESSES, NAMES)).doesNotContain("--allowed-hosts");
  }

  @Test
  void neverUsesGunicornOptions() {
    assertThat(String.join(" ", MlflowCommand.of(new MlflowSpec(), "/mlflow", ADDRESSES, NAMES)))
        .doesNotContain("--gunicorn-opts");
  }

  @Test
  void postgresUpgradesTheSchemaFirstThenExecsTheServer() {
    var spec = postgres();

    var args = MlflowCommand.of(spec, "/mlflow", ADDRESSES, NAMES);

    assertThat(args).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(args.get(2))
        .startsWith("python3 -c ")
        .contains(" && exec 'mlflow' 'server' '--host' '::' ")
        .doesNotContain("--backend-store-uri");
  }

  @Test
  void postgresScriptQuotesEveryArgumentForTheShell() {
    var spec = postgres();
    spec.artifacts = s3("bucket", "it's");

    assertThat(MlflowCommand.of(spec, "/mlflow", ADDRESSES, NAMES).get(2))
        .contains("'--artifacts-destination' 's3://bucket/it'\"'\"'s'");
  }

  @Test
  void postgresWithS3KeepsEverySecretVariableOutOfTheArgvAndTheShellWords() {
    var spec = postgres();
    spec.artifacts = s3("bucket", "runs");
    spec.artifacts.credentialsSecretRef = new S3CredentialsRef();
    spec.artifacts.credentialsSecretRef.name = "s3";

    var args = MlflowCommand.of(spec, "/mlflow", ADDRESSES, NAMES);

    // Kubernetes expands $(VAR) in args; the shell expands $VAR, ${VAR} and `...` outside single quotes.
    assertThat(args).noneMatch(arg -> arg.contains("$(") || arg.contains("AWS_"));
    String unquoted = args.get(2).replaceAll("'[^']*'", "''");
    assertThat(unquoted).doesNotContain("$").doesNotContain("`");
  }

  @Test
  void postgresUpgradeReadsTheUriFromTheEnvironmentAndNoProcessGetsItAsAnArgument(@TempDir Path dir)
      throws Exception {
    assumeTrue(onPath("python3"), "python3 is not on the PATH");
    String uri = "postgresql://mlflow:pg-secret-4f2a@db.internal:5432/mlflow";
    var record = FakeMlflow.install(dir);

    var process = new ProcessBuilder(MlflowCommand.of(postgres(), "/mlflow", ADDRESSES, NAMES)).redirectErrorStream(true);
    process.environment().put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    process.environment().put("PYTHONPATH", dir.resolve("lib").toString());
    process.environment().put(FakeMlflow.RECORD, record.toString());
    process.environment().put(MlflowCommand.ENV_BACKEND_STORE_URI, uri);
    var started = process.start();
    String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(started.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(started.exitValue()).as(output).isZero();

    var lines = Files.readAllLines(record);
    assertThat(lines).as("upgrade, then the server").hasSize(3);
    assertThat(lines.get(0)).isEqualTo("upgrade prog=mlflow db upgrade args=[" + uri + "]");
    assertThat(lines.get(1)).startsWith("upgrade cmdline=").doesNotContain("pg-secret-4f2a");
    assertThat(lines.get(2)).startsWith("server argv=server --host :: --port 5000 ").doesNotContain("pg-secret-4f2a");
  }

  @Test
  void sqliteUpgradesAnExistingDatabaseThenExecsTheServer() {
    var args = MlflowCommand.of(new MlflowSpec(), "/data", ADDRESSES, NAMES);

    assertThat(args).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(args.get(2))
        .startsWith("if [ -e /data/mlflow.db ]; then mlflow db upgrade sqlite:////data/mlflow.db || exit; fi;"
            + " exec mlflow server --host :: --port 5000 --backend-store-uri sqlite:////data/mlflow.db ")
        .endsWith(" --allowed-hosts 'tracking.up.railway.app,tracking.up.railway.app:*,"
            + "tracking-mlflow.railway.internal,tracking-mlflow.railway.internal:*,localhost,localhost:*'");
  }

  @Test
  void sqliteDatabaseOnTheVolumeIsUpgradedBeforeTheServerStarts(@TempDir Path dir) throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));
    Files.writeString(volume.resolve("mlflow.db"), "an older schema");

    var started = startSqlite(dir, volume, 0);

    assertThat(started.exitValue()).isZero();
    assertThat(Files.readAllLines(dir.resolve("record.txt")))
        .satisfiesExactly(
            upgrade -> assertThat(upgrade).isEqualTo("db argv=db upgrade sqlite:///" + volume + "/mlflow.db"),
            server -> assertThat(server).startsWith("server argv=server --host :: --port 5000 --backend-store-uri "
                + "sqlite:///" + volume + "/mlflow.db "));
  }

  @Test
  void aFailedUpgradeStopsBeforeTheServer(@TempDir Path dir) throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));
    Files.writeString(volume.resolve("mlflow.db"), "an older schema");

    var started = startSqlite(dir, volume, 7);

    assertThat(started.exitValue()).as("the upgrade's exit status").isEqualTo(7);
    assertThat(Files.readAllLines(dir.resolve("record.txt")))
        .containsExactly("db argv=db upgrade sqlite:///" + volume + "/mlflow.db");
  }

  @Test
  void aFreshVolumeHasNoDatabaseToUpgradeAndTheServerCreatesIt(@TempDir Path dir) throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));

    var started = startSqlite(dir, volume, 7);

    assertThat(started.exitValue()).isZero();
    assertThat(Files.readAllLines(dir.resolve("record.txt"))).singleElement(as(STRING))
        .startsWith("server argv=server --host :: ");
  }

  /**
   * Runs the SQLite start command against the fake MLflow, whose upgrade exits with {@code upgradeExit}; through
   * {@code env}, so that the command's first word is looked up on the PATH given here, as in the container.
   */
  private static Process startSqlite(Path dir, Path volume, int upgradeExit) throws Exception {
    var record = FakeMlflow.install(dir);
    var argv = new ArrayList<>(List.of("env"));
    argv.addAll(MlflowCommand.of(new MlflowSpec(), volume.toString(), ADDRESSES, NAMES));
    var process = new ProcessBuilder(argv).redirectErrorStream(true);
    process.environment().put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    process.environment().put(FakeMlflow.RECORD, record.toString());
    process.environment().put(FakeMlflow.DATABASE, volume.resolve("mlflow.db").toString());
    process.environment().put(FakeMlflow.UPGRADE_EXIT, Integer.toString(upgradeExit));
    var started = process.start();
    String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(started.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
    return started;
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static MlflowSpec postgres() {
    var spec = new MlflowSpec();
    spec.backendStore.type = BackendStoreSpec.Type.POSTGRES;
    spec.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");
    return spec;
  }

  private static ArtifactsSpec s3(String bucket, String prefix) {
    var artifacts = new ArtifactsSpec();
    artifacts.type = ArtifactsSpec.Type.S3;
    artifacts.bucket = bucket;
    artifacts.prefix = prefix;
    return artifacts;
  }

  /** The argument right after a flag, which must occur exactly once. */
  private static String valueOf(List<String> args, String flag) {
    assertThat(args).containsOnlyOnce(flag);
    return args.get(args.indexOf(flag) + 1);
  }
}
