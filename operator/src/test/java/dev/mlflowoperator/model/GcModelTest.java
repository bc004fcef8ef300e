package dev.mlflowoperator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackendStoreSpec;
import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.model.ServiceComponent.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** spec.mlflow.gc as a scheduled job: a command mlflow gc accepts, the server's store and address, and nothing when off. */
class GcModelTest {
  /**
   * The options of {@code mlflow gc} as read in MLflow's source, {@code mlflow/cli/__init__.py} (the 3.x layout of
   * {@code mlflow/cli.py}) at commit 7404978ff1afcd7db11f9feeaa0684027e3b5522: {@code --older-than},
   * {@code --backend-store-uri} (no environment variable, unlike the server's), {@code --artifacts-destination},
   * {@code --run-ids}, {@code --experiment-ids}, {@code --tracking-uri} (defaults to MLFLOW_TRACKING_URI).
   */
  private static final List<String> MLFLOW_GC_OPTIONS = List.of("--older-than", "--backend-store-uri",
      "--artifacts-destination", "--run-ids", "--experiment-ids", "--tracking-uri");
  /** How mlflow gc parses --older-than (the same file): #d#h#m#s, each part optional. */
  private static final Pattern OLDER_THAN = Pattern.compile(
      "^((?<days>[.\\d]+?)d)?((?<hours>[.\\d]+?)h)?((?<minutes>[.\\d]+?)m)?((?<seconds>[.\\d]+?)s)?$");
  private static final Credentials CREDENTIALS = new Credentials("mlflow", "fixture-password", "$2a$10$fixture");
  private static final PlatformAddresses ADDRESSES = new PlatformAddresses(".railway.internal", List.of("t.example"));

  @Test
  void noGcMeansNoJobAndMlflowAdmitsOnlyTheProxy() {
    var stack = build(spec -> {});

    assertThat(stack.all(ScheduledJobComponent.class)).isEmpty();
    assertThat(stack.service("mlflow").access().fromServices()).containsExactly("proxy");
  }

  @Test
  void sqliteGcRunsDailyBesideMlflowOnItsVolumeWithTheServerAsTrackingUri() {
    var gc = job(build(spec -> gc(spec, BackupKind.DAILY, "30d")));

    assertThat(gc.key()).isEqualTo("gc");
    assertThat(gc.name()).isEqualTo("tracking-gc");
    assertThat(gc.image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0");
    assertThat(gc.schedule()).isEqualTo(BackupKind.DAILY);
    assertThat(gc.runsBeside()).isEqualTo("mlflow");
    assertThat(gc.command()).containsExactly(
        "mlflow", "gc", "--older-than", "30d", "--backend-store-uri", "sqlite:////mlflow/mlflow.db");
    assertThat(gc.env()).containsExactly(
        EnvVar.literal("MLFLOW_TRACKING_URI", "http://tracking-mlflow.railway.internal:5000"));
    assertThat(gc.mounts()).containsExactly(new Mount("data", "storage", "/mlflow"));
  }

  @Test
  void mlflowAdmitsTheGcJobSoProxiedArtifactsAreDeletedThroughIt() {
    var stack = build(spec -> gc(spec, BackupKind.WEEKLY, "1d12h"));

    assertThat(stack.service("mlflow").access().fromServices()).containsExactly("proxy", "gc");
  }

  @Test
  void postgresGcReadsTheStoreUriFromTheServersSecretNeverFromItsArguments() {
    var gc = job(build(spec -> {
      gc(spec, BackupKind.MONTHLY, "7d");
      spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
      spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");
    }));

    assertThat(gc.image()).isEqualTo("ghcr.io/mlflow/mlflow:v3.17.0-full");
    assertThat(gc.env()).containsExactly(
        EnvVar.literal("MLFLOW_TRACKING_URI", "http://tracking-mlflow.railway.internal:5000"),
        EnvVar.fromSecret("MLFLOW_BACKEND_STORE_URI", "db", "uri"));
    assertThat(gc.command()).hasSize(3).startsWith("python3", "-c");
    assertThat(gc.command().get(2)).contains("os.environ[\"MLFLOW_BACKEND_STORE_URI\"]");
    assertThat(options(gc)).containsExactly(
        Map.entry("--older-than", "7d"), Map.entry("--backend-store-uri", "$MLFLOW_BACKEND_STORE_URI"));
  }

  @Test
  void theCommandUsesOnlyOptionsMlflowGcAcceptsInTheFormItDocuments() {
    for (String olderThan : List.of("30d", "1d12h", "90m", "45s", "2d3h4m5s")) {
      for (boolean postgres : List.of(false, true)) {
        var gc = job(build(spec -> {
          gc(spec, BackupKind.DAILY, olderThan);
          if (postgres) {
            spec.mlflow.backendStore.type = BackendStoreSpec.Type.POSTGRES;
            spec.mlflow.backendStore.uriSecretRef = new SecretKeyRef("db", "uri");
          }
        }));
        var options = options(gc);

        assertThat(options.keySet()).isSubsetOf(MLFLOW_GC_OPTIONS).contains("--older-than");
        assertThat(options.get("--older-than")).matches(OLDER_THAN);
        assertThat(options.get("--backend-store-uri")).matches("sqlite:///.+|\\$MLFLOW_BACKEND_STORE_URI");
      }
    }
  }

  /**
   * Each option of the gc command with its value: from the argv, or from the Python call's argument list, where a
   * value read from the environment shows as {@code $NAME}.
   */
  private static Map<String, String> options(ScheduledJobComponent gc) {
    List<String> words = new ArrayList<>();
    if (gc.command().get(0).equals("mlflow")) {
      words.addAll(gc.command().subList(1, gc.command().size()));
    } else {
      var call = Pattern.compile("args=\\[(.*)], prog_name=\"mlflow\"").matcher(gc.command().get(2));
      assertThat(call.find()).as("a call of mlflow's cli with an argument list").isTrue();
      for (String word : call.group(1).split(", ")) {
        words.add(word.startsWith("\"") ? word.substring(1, word.length() - 1)
            : word.replaceAll("^os\\.environ\\[\"(.*)\"]$", "\\$$1"));
      }
    }
    assertThat(words.get(0)).isEqualTo("gc");
    var options = new LinkedHashMap<String, String>();
    for (int i = 1; i < words.size(); i += 2) {
      options.put(words.get(i), words.get(i + 1));
    }
    return options;
  }

  private static ScheduledJobComponent job(DesiredStack stack) {
    return stack.find(ScheduledJobComponent.class, "gc").orElseThrow();
  }

  private static void gc(MlflowDeploymentSpec spec, BackupKind schedule, String olderThan) {
    spec.mlflow.gc = new GcSpec();
    spec.mlflow.gc.schedule = schedule;
    spec.mlflow.gc.olderThan = olderThan;
  }

  private static DesiredStack build(Consumer<MlflowDeploymentSpec> customise) {
    var spec = new MlflowDeploymentSpec();
    customise.accept(spec);
    return DesiredStackFactory.build("tracking", spec, CREDENTIALS, ADDRESSES);
  }
}
