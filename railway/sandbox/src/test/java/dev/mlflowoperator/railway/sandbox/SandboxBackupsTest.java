package dev.mlflowoperator.railway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.railway.RailwayException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Railway's volume backups in the sandbox, through the client's operation documents: NOTES §13's rules. */
class SandboxBackupsTest {
  private static final Duration WORKFLOW_TIME = Duration.ofSeconds(30);

  /** A Sunday, noon UTC. */
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private RailwaySandbox sandbox;
  private GraphqlExecutor api;
  private String environmentId;
  private String serviceId;
  private String volumeId;
  private String instanceId;

  @BeforeEach
  void stackWithAVolume() {
    sandbox = RailwaySandbox.builder().seed(11).clock(clock).workflowDuration(WORKFLOW_TIME).build();
    api = sandbox.executor();
    JsonNode project = run("ProjectCreate", "name", "p", "description", "d", "workspaceId", null).path("projectCreate");
    environmentId = project.path("environments").path("edges").path(0).path("node").path("id").asText();
    serviceId = run("ServiceCreate", "projectId", project.path("id").asText(), "environmentId", environmentId,
        "name", "mlflow", "variables", null).path("serviceCreate").path("id").asText();
    volumeId = run("VolumeCreate", "projectId", project.path("id").asText(), "environmentId", environmentId,
        "serviceId", serviceId, "mountPath", "/mlflow").path("volumeCreate").path("id").asText();
    instanceId = sandbox.state().volumeInstances.get(0).id;
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aVolumeIdOrAServiceIdInsteadOfTheVolumeInstanceIdIsNotAuthorized() {
    for (String wrong : List.of(volumeId, serviceId)) {
      assertThatThrownBy(() -> run("VolumeInstanceBackupCreate", "volumeInstanceId", wrong, "name", null))
          .isInstanceOfSatisfying(RailwayException.class,
              e -> assertThat(e.kind()).isEqualTo(RailwayException.Kind.UNAUTHORIZED));
      assertThatThrownBy(() -> run("VolumeInstanceBackupList", "volumeInstanceId", wrong))
          .isInstanceOfSatisfying(RailwayException.class,
              e -> assertThat(e.kind()).isEqualTo(RailwayException.Kind.UNAUTHORIZED));
      assertThatThrownBy(() -> schedule(wrong, "DAILY"))
          .isInstanceOfSatisfying(RailwayException.class,
              e -> assertThat(e.kind()).isEqualTo(RailwayException.Kind.UNAUTHORIZED));
    }
    assertThat(sandbox.state().workflows).isEmpty();
    assertThat(sandbox.state().backupSchedules).isEmpty();
  }

  @Test
  void aManualBackupIsAWorkflowThatCompletesOnTheSandboxClock() {
    String workflow = createBackup(null);

    assertThat(status(workflow)).isEqualTo("Running");
    assertThat(backups()).isEmpty();
    clock.advance(WORKFLOW_TIME.minusSeconds(1));
    assertThat(status(workflow)).isEqualTo("Running");
    clock.advance(Duration.ofSeconds(1));

    assertThat(status(workflow)).isEqualTo("Complete");
    JsonNode backup = backups().get(0);
    assertThat(backups()).hasSize(1);
    assertThat(backup.path("name").asText()).isEqualTo("Manual");
    assertThat(backup.path("scheduleId").isNull()).as("a manual backup has no schedule").isTrue();
    assertThat(backup.path("expiresAt").isNull()).as("a manual backup does not expire").isTrue();
    assertThat(Instant.parse(backup.path("createdAt").asText())).isEqualTo(clock.instant());
    assertThat(backup.path("volumeInstanceSizeMB").asInt()).isEqualTo(RailwaySemantics.DEFAULT_VOLUME_SIZE_MB);
  }

  @Test
  void aWorkflowMadeToFailThroughTheFaultInjectorEndsInErrorAndLeavesNoBackup() {
    sandbox.faults(FaultInjector.builder(1).fault(FaultKind.WORKFLOW_ERROR, 1.0, "volumeInstanceBackupCreate").build());

    String workflow = createBackup("before upgrade");
    assertThat(status(workflow)).isEqualTo("Running");
    clock.advance(WORKFLOW_TIME);

    JsonNode result = run("WorkflowStatus", "workflowId", workflow).path("workflowStatus");
    assertThat(result.path("status").asText()).isEqualTo("Error");
    assertThat(result.path("error").asText()).contains("backup create");
    assertThat(backups()).isEmpty();
  }

  @Test
  void backupsOfAnInstanceFlaggedToFailEndInErrorAsTheyCompleteUntilTheFlagIsCleared() {
    String startedBefore = createBackup("beforeUpgrade 3.17.0");
    sandbox.setBackupsFail(instanceId, true);
    clock.advance(WORKFLOW_TIME);

    JsonNode failed = run("WorkflowStatus", "workflowId", startedBefore).path("workflowStatus");
    assertThat(failed.path("status").asText()).isEqualTo("Error");
    assertThat(failed.path("error").asText()).isEqualTo("The backup create workflow failed");
    assertThat(backups()).isEmpty();

    sandbox.setBackupsFail(instanceId, false);
    String next = createBackup("beforeUpgrade 3.17.0");
    clock.advance(WORKFLOW_TIME);
    assertThat(status(next)).isEqualTo("Complete");
    assertThat(backups()).extracting(b -> b.path("name").asText()).containsExactly("beforeUpgrade 3.17.0");
  }

  @Test
  void aWorkflowTheSandboxDoesNotKnowIsNotFound() {
    assertThat(status("00000000-0000-4000-8000-000000000000")).isEqualTo("NotFound");
  }

  @Test
  void aManualBackupOfAVolumeMoreThanHalfFullIsRefusedAndStartsNothing() {
    sandbox.setVolumeUsage(instanceId, RailwaySemantics.DEFAULT_VOLUME_SIZE_MB / 2 + 1);

    assertThatThrownBy(() -> createBackup(null))
        .isInstanceOf(RailwayException.class)
        .hasMessageContaining("50% of the volume size");
    assertThat(sandbox.state().workflows).isEmpty();

    sandbox.setVolumeUsage(instanceId, RailwaySemantics.DEFAULT_VOLUME_SIZE_MB / 2);
    assertThat(createBackup(null)).as("exactly half is allowed").isNotBlank();
  }

  @Test
  void scheduleKindsBackUpOnTheClockAndEachKindIsKeptForItsRetention() {
    schedule(instanceId, "DAILY", "WEEKLY", "MONTHLY");
    JsonNode schedules = run("VolumeInstanceBackupList", "volumeInstanceId", instanceId)
        .path("volumeInstanceBackupScheduleList");
    Map<String, String> kindById = StreamSupport.stream(schedules.spliterator(), false)
        .collect(Collectors.toMap(s -> s.path("id").asText(), s -> s.path("kind").asText()));
    assertThat(kindById.values()).containsExactlyInAnyOrder("DAILY", "WEEKLY", "MONTHLY");

    clock.advance(Duration.ofDays(130));

    Map<String, List<Instant>> kept = backups().stream().collect(Collectors.groupingBy(
        b -> kindById.get(b.path("scheduleId").asText()), Collectors.mapping(
            b -> Instant.parse(b.path("createdAt").asText()), Collectors.toList())));
    // Daily at midnight, kept 6 days; weekly on Mondays, kept 30 days; monthly on the 1st, kept 90 days.
    assertThat(kept.get("DAILY")).hasSize(6).allMatch(t -> t.toString().endsWith("T00:00:00Z"))
        .contains(Instant.parse("2027-03-06T00:00:00Z"), Instant.parse("2027-03-11T00:00:00Z"));
    assertThat(kept.get("WEEKLY")).containsExactlyInAnyOrder(Instant.parse("2027-02-15T00:00:00Z"),
        Instant.parse("2027-02-22T00:00:00Z"), Instant.parse("2027-03-01T00:00:00Z"),
        Instant.parse("2027-03-08T00:00:00Z"));
    assertThat(kept.get("MONTHLY")).containsExactlyInAnyOrder(Instant.parse("2027-01-01T00:00:00Z"),
        Instant.parse("2027-02-01T00:00:00Z"), Instant.parse("2027-03-01T00:00:00Z"));
  }

  @Test
  void theScheduleHoldsExactlyTheKindsLastSetAndAKindKeptKeepsItsId() {
    schedule(instanceId, "DAILY", "WEEKLY");
    String dailyId = scheduleIds().get("DAILY");

    schedule(instanceId, "DAILY", "MONTHLY");

    assertThat(scheduleIds()).containsOnlyKeys("DAILY", "MONTHLY").containsEntry("DAILY", dailyId);
    schedule(instanceId);
    assertThat(scheduleIds()).isEmpty();
  }

  @Test
  void aRestoreIsOnlyStagedUntilCommittedAndTheServiceSeesItAfterTheNextDeploy() {
    createBackup("first");
    clock.advance(WORKFLOW_TIME);
    createBackup("second");
    clock.advance(WORKFLOW_TIME);
    String first = backups().stream().filter(b -> b.path("name").asText().equals("first")).findFirst()
        .orElseThrow().path("id").asText();

    String workflow = run("VolumeInstanceBackupRestore", "volumeInstanceBackupId", first,
        "volumeInstanceId", instanceId).path("volumeInstanceBackupRestore").path("workflowId").asText();
    assertThat(status(workflow)).isEqualTo("Running");
    clock.advance(WORKFLOW_TIME);
    assertThat(status(workflow)).isEqualTo("Complete");

    assertThat(backups()).extracting(b -> b.path("name").asText()).as("newer backups are removed")
        .containsExactly("first");
    assertThat(sandbox.state().stagedRestores).hasSize(1);
    assertThat(sandbox.state().volumeInstances.get(0).dataFrom).as("only staged").isNull();

    run("EnvironmentPatchCommitStaged", "environmentId", environmentId, "commitMessage", "restore");
    assertThat(sandbox.state().volumeInstances.get(0).dataFrom).isEqualTo(first);
    assertThat(sandbox.state().stagedRestores).isEmpty();
    assertThat(sandbox.state().deployments).as("committed, not deployed").isEmpty();

    run("ServiceInstanceDeployV2", "serviceId", serviceId, "environmentId", environmentId);
    assertThat(sandbox.state().deployments.get(0).volumeDataFrom).isEqualTo(first);
  }

  @Test
  void aRestoreOfABackupOfAnotherVolumeInstanceIsNotFound() {
    assertThatThrownBy(() -> run("VolumeInstanceBackupRestore", "volumeInstanceBackupId", "no-such-backup",
        "volumeInstanceId", instanceId))
        .isInstanceOf(RailwayException.class).hasMessageContaining("Backup not found");
  }

  @Test
  void aDeletedBackupIsGoneOnceItsWorkflowCompletes() {
    createBackup(null);
    clock.advance(WORKFLOW_TIME);
    String backupId = backups().get(0).path("id").asText();

    String workflow = sandbox.execute("mutation($b: String!, $v: String!) { volumeInstanceBackupDelete("
        + "volumeInstanceBackupId: $b, volumeInstanceId: $v) { workflowId } }", Map.of("b", backupId, "v", instanceId))
        .toString();
    assertThat(workflow).contains("workflowId");
    assertThat(backups()).hasSize(1);
    clock.advance(WORKFLOW_TIME);

    assertThat(backups()).isEmpty();
  }

  private String createBackup(String name) {
    return run("VolumeInstanceBackupCreate", "volumeInstanceId", instanceId, "name", name)
        .path("volumeInstanceBackupCreate").path("workflowId").asText();
  }

  private String status(String workflow) {
    return run("WorkflowStatus", "workflowId", workflow).path("workflowStatus").path("status").asText();
  }

  private List<JsonNode> backups() {
    JsonNode list = run("VolumeInstanceBackupList", "volumeInstanceId", instanceId).path("volumeInstanceBackupList");
    return StreamSupport.stream(list.spliterator(), false).toList();
  }

  private Map<String, String> scheduleIds() {
    JsonNode list = run("VolumeInstanceBackupList", "volumeInstanceId", instanceId)
        .path("volumeInstanceBackupScheduleList");
    return StreamSupport.stream(list.spliterator(), false)
        .collect(Collectors.toMap(s -> s.path("kind").asText(), s -> s.path("id").asText()));
  }

  private void schedule(String volumeInstanceId, String... kinds) {
    sandbox.executor().execute(GraphqlOperation.of("mutation ScheduleUpdate($v: String!, "
        + "$k: [VolumeInstanceBackupScheduleKind!]!) { volumeInstanceBackupScheduleUpdate(volumeInstanceId: $v, "
        + "kinds: $k) }"), Map.of("v", volumeInstanceId, "k", List.of(kinds)));
  }

  private JsonNode run(String operation, Object... namesAndValues) {
    Map<String, Object> variables = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return api.execute(GraphqlOperation.named(operation), variables);
  }
}
