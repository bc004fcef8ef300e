package dev.mlflowoperator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store: deployment records under the home, written atomically, readable by the owner only. */
class StateStoreTest {
  @TempDir Path dir;
  MlflowctlHome home;
  StateStore store;

  @BeforeEach
  void setUp() {
    home = MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, dir.resolve("home").toString()));
    store = new StateStore(home);
  }

  static MlflowDeployment deployment(String namespace, String name) {
    var d = new MlflowDeployment();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    d.setSpec(new MlflowDeploymentSpec());
    d.getSpec().target = Target.RAILWAY;
    d.setStatus(new MlflowDeploymentStatus());
    d.getStatus().conditions = List.of(new ConditionBuilder().withType("Ready").withStatus("True")
        .withReason("Available").withLastTransitionTime("2026-11-26T11:00:00Z").build());
    d.getStatus().ids.put("project", "prj-1");
    d.getStatus().components = new java.util.LinkedHashMap<>();
    d.getStatus().components.put("mlflow", new ComponentStatus("Ready", "running"));
    return d;
  }

  @Test
  void savedDeploymentLoadsBackWithSpecAndStatus() {
    MlflowDeployment saved = deployment(null, "tracking");
    store.save(saved);

    MlflowDeployment loaded = store.load("tracking").orElseThrow();

    assertThat(loaded.getSpec().target).isEqualTo(Target.RAILWAY);
    assertThat(loaded.getStatus()).isEqualTo(saved.getStatus());
    assertThat(store.load(null, "tracking")).isPresent();
    assertThat(dir.resolve("home/deployments/default/tracking.json")).isRegularFile();
  }

  @Test
  void listIsOrderedByNamespaceThenName() {
    store.save(deployment("prod", "a"));
    store.save(deployment(null, "b"));
    store.save(deployment(null, "a"));

    assertThat(store.list()).extracting(d -> StateStore.namespaceOf(d) + "/" + d.getMetadata().getName())
        .containsExactly("default/a", "default/b", "prod/a");
  }

  @Test
  void emptyHomeHasNoDeploymentsAndIsNotCreatedByReading() {
    assertThat(store.list()).isEmpty();
    assertThat(store.load("tracking")).isEmpty();
    assertThat(dir.resolve("home")).doesNotExist();
  }

  @Test
  void aNameOrNamespaceThatIsNotADnsLabelNeverBecomesAPath() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("home/x"));
    Files.writeString(dir.resolve("home/x/victim.json"), "{}");

    for (String[] bad : new String[][] {{"..", "x"}, {"default", "../x"}, {"default", "a/b"}, {"Ml", "tracking"},
        {"default", "Ml"}}) {
      assertThatThrownBy(() -> store.load(bad[0], bad[1])).as(String.join(" ", bad))
          .isInstanceOf(StateException.class).hasMessageContaining("not a valid");
      assertThatThrownBy(() -> store.delete(bad[0], bad[1])).as(String.join(" ", bad))
          .isInstanceOf(StateException.class).hasMessageContaining("not a valid");
      assertThatThrownBy(() -> store.save(deployment(bad[0], bad[1]))).as(String.join(" ", bad))
          .isInstanceOf(StateException.class).hasMessageContaining("not a valid");
    }
    assertThat(outside.resolve("victim.json")).hasContent("{}");
    assertThat(dir.resolve("home/deployments")).doesNotExist();
  }

  @Test
  void deleteForgetsOneDeployment() {
    store.save(deployment(null, "a"));
    store.save(deployment(null, "b"));

    assertThat(store.delete(null, "a")).isTrue();
    assertThat(store.delete(null, "a")).isFalse();
    assertThat(store.list()).extracting(d -> d.getMetadata().getName()).containsExactly("b");
  }

  @Test
  void savingAgainReplacesTheRecordAndLeavesNoTemporaryFiles() throws IOException {
    store.save(deployment(null, "tracking"));
    MlflowDeployment changed = deployment(null, "tracking");
    changed.getStatus().url = "https://tracking.example";
    store.save(changed);

    assertThat(store.load("tracking").orElseThrow().getStatus().url).isEqualTo("https://tracking.example");
    try (Stream<Path> files = Files.list(dir.resolve("home/deployments/default"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tracking.json");
    }
  }

  @Test
  void recordsAndTheirDirectoriesAreReadableByTheOwnerOnly() throws IOException {
    store.save(deployment(null, "tracking"));
    Path file = dir.resolve("home/deployments/default/tracking.json");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home"))))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void sameNameInTwoNamespacesIsAmbiguousByNameAlone() {
    store.save(deployment("dev", "tracking"));
    store.save(deployment("prod", "tracking"));

    assertThatThrownBy(() -> store.load("tracking")).isInstanceOf(StateException.class)
        .hasMessage("deployments named \"tracking\" are recorded in namespaces dev, prod of " + home.display()
            + "; pick one with -n NAMESPACE");
    assertThat(store.load("prod", "tracking")).isPresent();
  }

  @Test
  void sandboxMarkIsKeptInTheRecord() {
    MlflowDeployment d = deployment(null, "tracking");
    assertThat(StateStore.isOnSandbox(d)).isFalse();
    StateStore.markOnSandbox(d);
    store.save(d);

    assertThat(StateStore.isOnSandbox(store.load("tracking").orElseThrow())).isTrue();
  }

  @Test
  void homeDefaultsToDotMlflowctlInTheUserHomeAndIsShownWithATilde() {
    MlflowctlHome fallback = MlflowctlHome.resolve(Map.of());
    assertThat(fallback.dir()).isEqualTo(Path.of(System.getProperty("user.home"), ".mlflowctl"));
    assertThat(fallback).hasToString("~/.mlflowctl");
    assertThat(MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, " "))).isEqualTo(fallback);
  }
}
