package dev.mlflowoperator.status;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.UserStatus;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile found and did. A null components, url, ids, runningMlflowVersion or backup means
 * "not observed this time" and keeps the previous value; drift lists what was repaired; a null
 * health means the target runs no live probes (no Healthy condition).
 */
public record ReconcileReport(
    long generation,
    SyncResult sync,
    Map<String, ComponentStatus> components,
    String url,
    Map<String, String> ids,
    String runningMlflowVersion,
    List<String> drift,
    Health health,
    BackupStatus backup,
    List<UserStatus> users) {
  public ReconcileReport {
    drift = drift == null ? List.of() : List.copyOf(drift);
  }

  /** A report that does not say who the users are. */
  public ReconcileReport(long generation, SyncResult sync, Map<String, ComponentStatus> components, String url,
      Map<String, String> ids, String runningMlflowVersion, List<String> drift, Health health, BackupStatus backup) {
    this(generation, sync, components, url, ids, runningMlflowVersion, drift, health, backup, null);
  }

  /** A report without live probes. */
  public ReconcileReport(long generation, SyncResult sync, Map<String, ComponentStatus> components, String url,
      Map<String, String> ids, String runningMlflowVersion, List<String> drift) {
    this(generation, sync, components, url, ids, runningMlflowVersion, drift, null, null);
  }

  /** A reconcile that stopped before reading the platform, for example on an invalid spec. */
  public static ReconcileReport notApplied(long generation, SyncResult sync) {
    return new ReconcileReport(generation, sync, null, null, null, null, List.of());
  }
}
