package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.Listed;
import dev.mlflowoperator.platform.railway.RailwayVolumeBackups.WorkflowState;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.railway.GraphqlOperation;
import dev.mlflowoperator.status.Reasons;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a recorded Railway deployment's data volume from one of its own backups: starts Railway's restore workflow,
 * and once it is complete commits the staged volume swap and deploys the service that mounts the volume.
 */
public final class RailwayVolumeRestore {
  private final GraphqlExecutor api;
  private final RailwayIds ids;
  private final RailwayVolumeBackups backups;
  private final String volumeService;

  /** {@code volumeService} is the component key of the service that mounts the volume (MLflow's). */
  public RailwayVolumeRestore(GraphqlExecutor api, RailwayIds ids, String volumeService) {
    this.api = api;
    this.ids = ids;
    this.backups = new RailwayVolumeBackups(api, ids);
    this.volumeService = volumeService;
  }

  /**
   * The backup, when it is one of our volume instance's completed backups (read: the instance's owner and the
   * service mounting it, which the restore deploys, then its backups); refused naming the ID otherwise, with nothing
   * sent.
   */
  public Listed requireOwnBackup(String backupId) {
    backups.requireOurs(ids.service(volumeService));
    List<Listed> listed = backups.list();
    return listed.stream().filter(b -> b.id().equals(backupId)).findFirst()
        .orElseThrow(() -> new TerminalException(Reasons.VOLUME_NOT_OWNED, "backup " + backupId
            + " is not a backup of the recorded volume instance " + ids.get(RailwayIds.VOLUME_INSTANCE)
            + "; nothing was changed. Its backups are " + (listed.isEmpty() ? "none yet"
                : String.join(", ", listed.stream().map(Listed::id).toList())) + " (mlflowctl backup list)"));
  }

  /** Starts the restore workflow of a backup checked with {@link #requireOwnBackup}; returns the workflow's ID. */
  public String start(String backupId) {
    var variables = new HashMap<String, Object>();
    variables.put("volumeInstanceBackupId", backupId);
    variables.put("volumeInstanceId", ids.get(RailwayIds.VOLUME_INSTANCE));
    return api.execute(GraphqlOperation.named("VolumeInstanceBackupRestore"), variables)
        .path("volumeInstanceBackupRestore").path("workflowId").asText();
  }

  public WorkflowState workflow(String workflowId) {
    return backups.workflow(workflowId);
  }

  /**
   * Commits the environment's staged changes (the volume swap, and any other change staged there) and deploys the
   * service that mounts the volume, so that it serves the restored data; returns the new deployment's ID.
   */
  public String commitAndDeploy(String backupId) {
    return commitStagedAndDeploy("mlflow-operator: restore the data volume from backup " + backupId);
  }

  /**
   * The newest of our volume instance's backups that the upgrade gate took before rolling out MLflow {@code version}
   * (named {@value RailwayPlatform#BEFORE_UPGRADE} and the version); empty when none is left.
   */
  public Optional<Listed> beforeUpgradeBackup(String version) {
    backups.requireOurs(ids.service(volumeService));
    String name = RailwayPlatform.BEFORE_UPGRADE + " " + version;
    return backups.list().stream().filter(b -> name.equals(b.name())).findFirst();
  }

  /**
   * A rollback's commit: first sets the image of the service that mounts the volume to {@code image} (which deploys
   * nothing), then commits the staged swap and deploys, so that the service never runs the image it had on the
   * restored data; returns the new deployment's ID.
   */
  public String commitAndDeployAt(String backupId, String image) {
    api.execute(GraphqlOperation.named("ServiceInstanceUpdate"), Map.of("serviceId", ids.service(volumeService),
        "environmentId", ids.get(RailwayIds.ENVIRONMENT), "input", Map.of("source", Map.of("image", image))));
    return commitStagedAndDeploy("mlflow-operator: roll back to " + image + " on the data of backup " + backupId);
  }

  private String commitStagedAndDeploy(String message) {
    var commit = new HashMap<String, Object>();
    commit.put("environmentId", ids.get(RailwayIds.ENVIRONMENT));
    commit.put("commitMessage", message);
    api.execute(GraphqlOperation.named("EnvironmentPatchCommitStaged"), commit);
    return api.execute(GraphqlOperation.named("ServiceInstanceDeployV2"), Map.of(
        "serviceId", ids.service(volumeService), "environmentId", ids.get(RailwayIds.ENVIRONMENT)))
        .path("serviceInstanceDeployV2").asText();
  }

  /** The backups left after a restore (Railway removes those newer than the restored one), newest first. */
  public List<Listed> list() {
    return backups.list();
  }
}
