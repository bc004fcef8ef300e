package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayPlatformContractTest.RailwayFixture;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An MLflow upgrade on the Railway sandbox, read from the platform's record of requests: the backup workflow on the
 * volume instance is created before any request that carries the new image, and the backup shows as beforeUpgrade.
 */
class RailwayUpgradeBackupTest {
  private static final String TARGET = "3.17.0";
  private static final String NEW_IMAGE = "ghcr.io/mlflow/mlflow:v" + TARGET;

  private final RailwayFixture railway = new RailwayFixture();
  private final ReconcileLoop<?, ?> loop = new ReconcileLoop<>(railway.platform(), new CredentialsGenerator());
  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  private final MlflowDeployment stack = railway.deployment("tracking");

  @AfterEach
  void close() {
    railway.close();
  }

  @Test
  void theBackupWorkflowOnTheVolumeInstanceIsCreatedBeforeAnyRequestCarryingTheNewImage() {
    stack.getSpec().mlflow.version = "3.14.0";
    run();
    railway.finishRollouts();
    run();
    String volumeInstance = stack.getStatus().ids.get(RailwayIds.VOLUME_INSTANCE);
    stack.getSpec().mlflow.version = TARGET;
    stack.getMetadata().setGeneration(2L);
    int from = railway.log.size();

    run();
    assertThat(condition(StatusRecorder.READY).getReason()).isEqualTo("Upgrading");
    run();
    railway.finishBackups();
    run();
    railway.finishRollouts();
    run();

    var upgrade = railway.log.subList(from, railway.log.size());
    int backup = firstIndex(upgrade, r -> r.startsWith("VolumeInstanceBackupCreate "));
    int newImage = firstIndex(upgrade, r -> r.contains(NEW_IMAGE));
    assertThat(upgrade).filteredOn(r -> r.startsWith("VolumeInstanceBackupCreate ")).as("one backup").hasSize(1)
        .first().asString().contains(volumeInstance).contains("beforeUpgrade " + TARGET);
    assertThat(newImage).as("the new image is sent: %s", upgrade).isPositive();
    assertThat(backup).as("the backup is asked for before the new image: %s", upgrade).isLessThan(newImage);
    assertThat(upgrade.subList(0, newImage)).as("and it had completed").anyMatch(r -> r.startsWith("WorkflowStatus "));
    assertThat(condition(StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().mlflowVersion).isEqualTo(TARGET);
    assertThat(stack.getStatus().backup.lastKind).isEqualTo("beforeUpgrade");
    assertThat(upgrade.stream().map(r -> r.substring(0, r.indexOf(' '))).toList()).as("the upgrade's requests")
        .containsExactly("ObserveStack", "VolumeInstances", "VolumeInstanceBackupCreate", "WorkflowStatus",
            "ObserveStack", "WorkflowStatus", "ObserveStack", "WorkflowStatus", "ConfigureStack",
            "ObserveStack", "WorkflowStatus");
  }

  private void run() {
    var report = loop.run(stack, SecretResolver.none(), ReconcileLoop.Listener.none());
    stack.setStatus(recorder.record(stack.getStatus(), report).status());
  }

  private Condition condition(String type) {
    return stack.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static int firstIndex(List<String> requests, Predicate<String> test) {
    return IntStream.range(0, requests.size()).filter(i -> test.test(requests.get(i))).findFirst().orElse(-1);
  }
}
