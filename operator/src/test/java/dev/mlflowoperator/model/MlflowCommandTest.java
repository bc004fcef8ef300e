package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.ArtifactsSpec;
import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The MLflow server command line: flags, allowed hosts by version, workers and artifacts. */
class MlflowCommandTest {
  private static final PlatformAddresses ADDRESSES =
      new PlatformAddresses("tracking-mlflow.railway.internal", List.of("tracking.up.railway.app"));

  @Test
  void listensOnEveryInterfaceIncludingIpv6OnPort5000() {
    var args = MlflowCommand.of(new MlflowSpec(), "/mlflow", ADDRESSES);

    assertThat(args).startsWith("mlflow", "server", "--host", "::", "--port", "5000");
  }

  @Test
  void sqliteLivesOnTheVolume() {
    var args = MlflowCommand.of(new MlflowSpec(), "/data", ADDRESSES);

    assertThat(valueOf(args, "--backend-store-uri")).isEqualTo("sqlite:////data/mlflow.db");
  }

  @Test
  void servesArtifactsFromTheVolumeByDefault() {
    var args = MlflowCommand.of(new MlflowSpec(), "/data", ADDRESSES);

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

    assertThat(valueOf(MlflowCommand.of(spec, "/mlflow", ADDRESSES), "--artifacts-destination"))
        .isEqualTo(destination);
  }

  @Test
  void workersComeFromTheSpec() {
    var spec = new MlflowSpec();
    spec.workers = 7;

    assertThat(valueOf(MlflowCommand.of(spec, "/mlflow", ADDRESSES), "--workers")).isEqualTo("7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.5.0", "3.5.1", "3.14.0", "4.0.0"})
  void from35AllowsEveryPublicHostWithAndWithoutPort(String version) {
    var spec = new MlflowSpec();
    spec.version = version;

    assertThat(valueOf(MlflowCommand.of(spec, "/mlflow", ADDRESSES), "--allowed-hosts"))
        .isEqualTo("tracking.up.railway.app,tracking.up.railway.app:*,"
            + "tracking-mlflow.railway.internal,tracking-mlflow.railway.internal:*,"
            + "localhost,localhost:*");
  }

  @Test
  void allowedHostsListEachHostOnceInOrder() {
    var addresses = new PlatformAddresses(
        "mlflow.svc", List.of("a.example.com", "b.example.com", "a.example.com", "mlflow.svc"));

    assertThat(MlflowCommand.allowedHosts(addresses).split(","))
        .containsExactly("a.example.com", "a.example.com:*", "b.example.com", "b.example.com:*",
            "mlflow.svc", "mlflow.svc:*", "localhost", "localhost:*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.4.0", "3.4.9", "2.22.1"})
  void before35HasNoAllowedHostsFlag(String version) {
    var spec = new MlflowSpec();
    spec.version = version;

    assertThat(MlflowCommand.of(spec, "/mlflow", ADDRESSES)).doesNotContain("--allowed-hosts");
  }

  @Test
  void neverUsesGunicornOptions() {
    assertThat(String.join(" ", MlflowCommand.of(new MlflowSpec(), "/mlflow", ADDRESSES)))
        .doesNotContain("--gunicorn-opts");
  }

  @Test
  void postgresUpgradesTheSchemaFirstThenExecsTheServer() {
    var spec = postgres();

    var args = MlflowCommand.of(spec, "/mlflow", ADDRESSES);

    assertThat(args).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(args.get(2))
        .startsWith("mlflow db upgrade \"$MLFLOW_BACKEND_STORE_URI\" && exec 'mlflow' 'server' '--host' '::' ")
        .doesNotContain("--backend-store-uri");
  }

  @Test
  void postgresScriptQuotesEveryArgumentForTheShell() {
    var spec = postgres();
    spec.artifacts = s3("bucket", "it's");

    assertThat(MlflowCommand.of(spec, "/mlflow", ADDRESSES).get(2))
        .contains("'--artifacts-destination' 's3://bucket/it'\"'\"'s'");
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
