package dev.mlflowoperator.status;

import java.util.Set;

/**
 * Every reason the operator writes in the Ready, Synced and Healthy conditions, on every platform: when it is given
 * and what the user does about it. {@code docs/conditions.md} lists the same table for users.
 */
public final class Reasons {
  // Success: nothing to do.

  /** Synced=True: the spec is applied. */
  public static final String RECONCILE_SUCCESS = "ReconcileSuccess";
  /** Ready=True: every component is ready and MLflow is at status.url. */
  public static final String AVAILABLE = "Available";
  /** Synced=True: the data volume was deleted outside the operator and an empty one created; restore a backup. */
  public static final String DATA_VOLUME_RECREATED = "DataVolumeRecreated";
  /** A Warning Event: the token's budget stretches the Railway resync interval beyond the base one. */
  public static final String RAILWAY_RESYNC_STRETCHED = "RailwayResyncStretched";

  // Progressing: the operator waits, nothing to do unless it lasts.

  /** Ready=False: the spec is applied but a component is not ready yet; the message names it and its state. */
  public static final String COMPONENTS_NOT_READY = "ComponentsNotReady";
  /**
   * Ready=False and Synced=False: spec.mlflow.version went up and the backup before it is still running; the version
   * that ran stays deployed (and repaired) until it has completed, then the new one rolls out.
   */
  public static final String UPGRADING = "Upgrading";

  // The user must act: the operator changes nothing until the spec, a Secret or the platform is fixed.

  /** Synced=False: the spec breaks a rule; the message names the field and what would be valid. */
  public static final String INVALID_SPEC = "InvalidSpec";
  /** Synced=False: spec.target is not set (a resource the schema did not check); set it to kubernetes or railway. */
  public static final String TARGET_NOT_SUPPORTED = "TargetNotSupported";
  /** Synced=False: spec.storage.size is smaller than the volume; set it back, volumes never shrink. */
  public static final String STORAGE_SHRINK_REFUSED = "StorageShrinkRefused";
  /** Synced=False: spec.mlflow.version is older than the one that ran; set it back, MLflow never downgrades. */
  public static final String VERSION_DOWNGRADE_REFUSED = "VersionDowngradeRefused";
  /**
   * Synced=False: MLflow's version went up with spec.backup.beforeUpgrade and the platform cannot take a backup
   * (on Kubernetes: no spec.kubernetes.volumeSnapshotClassName); set the field, or beforeUpgrade: false.
   */
  public static final String UPGRADE_WITHOUT_BACKUP_REFUSED = "UpgradeWithoutBackupRefused";
  /**
   * Ready=False and Synced=False: MLflow did not become available at the new version within the bounded time after
   * its rollout (which followed a completed pre-upgrade backup); the message names that backup and how to restore it
   * and return to the version that ran. The new version stays deployed: it clears by itself if MLflow comes up.
   */
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  /**
   * Ready=False and Synced=False: {@code mlflowctl rollback} brought back the version that ran before the upgrade, on
   * the pre-upgrade backup's data, and spec.mlflow.version still asks for the version rolled back from; that older
   * version is kept (no upgrade again) until the spec asks for it, or for a newer version than the one rolled back.
   */
  public static final String UPGRADE_ROLLED_BACK = "UpgradeRolledBack";
  /** Synced=False: the proxy password in the referenced Secret cannot be used; the message says why. */
  public static final String PASSWORD_REFUSED = "PasswordRefused";
  /**
   * Synced=False: spec.proxy.auth.passwordSecretRef (or a user's, spec.proxy.auth.users[i].passwordSecretRef) names a
   * missing Secret or key; create it or drop the reference.
   */
  public static final String PASSWORD_SECRET_NOT_FOUND = "PasswordSecretNotFound";
  /** Synced=False: a variable's secretRef names a missing Secret or key; create it or change the reference. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  /** Synced=False: a Kubernetes object with one of our names exists but is not ours; rename or remove it. */
  public static final String OBJECT_NOT_OWNED = "ObjectNotOwned";
  /** Synced=False: the Railway project or environment is not managed for this deployment; pick another project. */
  public static final String PROJECT_NOT_MANAGED = "ProjectNotManaged";
  /** Synced=False: a recorded Railway service is not ours; remove the stale ID from status or rename the service. */
  public static final String SERVICE_NOT_OWNED = "ServiceNotOwned";
  /** Synced=False: a recorded Railway volume is not ours; remove the stale ID from status or detach the volume. */
  public static final String VOLUME_NOT_OWNED = "VolumeNotOwned";
  /** Synced=False: the Railway project has no environment named spec.railway.environment; create it or fix the name. */
  public static final String ENVIRONMENT_NOT_FOUND = "EnvironmentNotFound";
  /** Synced=False: no Railway token in spec.railway.tokenSecretRef or the operator's environment; provide one. */
  public static final String RAILWAY_TOKEN_MISSING = "RailwayTokenMissing";
  /** Synced=False: the Railway token cannot be sent in an HTTP header; set the Secret to the token alone. */
  public static final String RAILWAY_TOKEN_INVALID = "RailwayTokenInvalid";
  /** Synced=False: Railway refused the token for this resource; give a token that may manage the project. */
  public static final String RAILWAY_UNAUTHORIZED = "RailwayUnauthorized";
  /** Synced=False: Railway's API answered a redirect, never followed so the token stays put; check the API URL. */
  public static final String RAILWAY_REDIRECTED = "RailwayRedirected";
  /** Synced=False: Railway rejected a request; the message says what it answered. */
  public static final String RAILWAY_REJECTED = "RailwayRejected";

  // Transient: the operator retries by itself.

  /** Synced=False: an unexpected error (e.g. an API server conflict); the operator retries with backoff. */
  public static final String RECONCILE_ERROR = "ReconcileError";
  /** Synced=False: Railway asked to slow down; the next reconcile retries. */
  public static final String RAILWAY_RATE_LIMITED = "RailwayRateLimited";
  /** Synced=False: Railway could not be reached or answered 5xx; the next reconcile retries. */
  public static final String RAILWAY_UNAVAILABLE = "RailwayUnavailable";
  /** Synced=False: a write's outcome is unknown; the next reconcile observes Railway before writing again. */
  public static final String RAILWAY_OUTCOME_UNKNOWN = "RailwayOutcomeUnknown";
  /**
   * Synced=False: the backup before an upgrade failed, so nothing of the new version was deployed; the next
   * reconcile starts a new backup (or set spec.backup.beforeUpgrade: false to upgrade without one).
   */
  public static final String UPGRADE_BACKUP_FAILED = "UpgradeBackupFailed";

  /**
   * Synced=False: the VolumeSnapshot the {@code mlflow-operator.dev/restore-from} annotation names is missing, not
   * ours (our labels, a data PVC of this stack as its source) or larger than spec.storage.size; nothing was changed.
   * Name one of the stack's snapshots ({@code mlflowctl backup list}) or remove the annotation.
   */
  public static final String RESTORE_SNAPSHOT_REFUSED = "RestoreSnapshotRefused";

  /**
   * Synced=False: the VolumeSnapshot the {@code mlflow-operator.dev/restore-from} annotation names is not
   * readyToUse yet (or failed); nothing was changed, the next reconcile looks again.
   */
  public static final String RESTORE_SNAPSHOT_NOT_READY = "RestoreSnapshotNotReady";

  // Healthy: the live probes of the public URL, reported beside Ready.

  /** Healthy=True: /health answers, anonymous requests get 401 and an authenticated search works. */
  public static final String PROBES_PASSED = "ProbesPassed";
  /** Healthy=Unknown: no probes run here (e.g. the Railway sandbox runs nothing). */
  public static final String PROBES_NOT_RUN = "ProbesNotRun";
  /** Healthy=False: the URL cannot be reached at all; check the domain and that the proxy runs. */
  public static final String UNREACHABLE = "Unreachable";
  /** Healthy=False: the proxy answers but cannot reach MLflow; the operator redeploys once, then read MLflow's logs. */
  public static final String MLFLOW_UNREACHABLE = "MlflowUnreachable";
  /** Healthy=False: /health did not answer 200; check MLflow's logs. */
  public static final String HEALTH_CHECK_FAILED = "HealthCheckFailed";
  /** Healthy=False: a request without credentials was not refused; check the proxy's configuration. */
  public static final String AUTH_NOT_ENFORCED = "AuthNotEnforced";
  /** Healthy=False: an authenticated search failed; check MLflow and its backend store. */
  public static final String MLFLOW_NOT_ANSWERING = "MlflowNotAnswering";

  /** Synced=False reasons a later reconcile clears by itself; {@code mlflowctl apply --wait} waits through them. */
  public static final Set<String> RETRIED =
      Set.of(RECONCILE_ERROR, RAILWAY_RATE_LIMITED, RAILWAY_UNAVAILABLE, RAILWAY_OUTCOME_UNKNOWN, UPGRADING,
          UPGRADE_BACKUP_FAILED, RESTORE_SNAPSHOT_NOT_READY);

  /**
   * Synced=False refusals that stay until the user acts; Argo CD's health script shows them Degraded (InvalidSpec,
   * ProjectNotManaged, UpgradeFailed, every *Refused and every *NotOwned).
   */
  public static final Set<String> USER_MUST_ACT = Set.of(INVALID_SPEC, PROJECT_NOT_MANAGED, STORAGE_SHRINK_REFUSED,
      VERSION_DOWNGRADE_REFUSED, UPGRADE_WITHOUT_BACKUP_REFUSED, UPGRADE_FAILED, UPGRADE_ROLLED_BACK, PASSWORD_REFUSED, OBJECT_NOT_OWNED,
      SERVICE_NOT_OWNED, VOLUME_NOT_OWNED, RESTORE_SNAPSHOT_REFUSED);

  private Reasons() {}
}
