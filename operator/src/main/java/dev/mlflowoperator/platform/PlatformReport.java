package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.BackupStatus;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.status.Health;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a platform says of a stack after applying a plan: each component's state by key, the public URL (null while
 * there is none), the MLflow version running (null while rolling out), live probes (null when it runs none) and
 * the data volume's backups (null when the platform reads none).
 */
public record PlatformReport(Map<String, ComponentStatus> components, String url, String runningMlflowVersion,
    Health health, BackupStatus backup) {
  public PlatformReport {
    components = new LinkedHashMap<>(components);
  }
}
