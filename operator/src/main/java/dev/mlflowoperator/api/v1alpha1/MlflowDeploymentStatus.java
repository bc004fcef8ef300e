package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the operator last observed and did: conditions, URL, components, IDs and drift. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowDeploymentStatus {
  @JsonPropertyDescription("The generation of the spec the status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready (summary), Synced (last reconcile applied the spec) and Healthy (live probes).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The URL MLflow is reached at, through the proxy.")
  public String url;

  @JsonPropertyDescription("The state of each component of the stack (mlflow, proxy, storage, ...), by its key.")
  public Map<String, ComponentStatus> components;

  @JsonPropertyDescription("Identifiers the target assigned to the resources it holds, by resource; on Railway also"
      + " deployed/<service>: a fingerprint of what the operator last deployed there.")
  public Map<String, String> ids = new LinkedHashMap<>();

  @JsonPropertyDescription("The last MLflow version that ran; a downgrade below it is refused.")
  public String mlflowVersion;

  @JsonPropertyDescription("Drift found and repaired.")
  public DriftStatus drift;

  @JsonPropertyDescription("The data volume's backups: the newest completed one and the schedule.")
  public BackupStatus backup;

  @JsonPropertyDescription("The proxy's users as last applied and when each one's password last changed (never a"
      + " password or hash).")
  public List<UserStatus> users;

  @Override
  public boolean equals(Object o) {
    return o instanceof MlflowDeploymentStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(url, s.url)
        && Objects.equals(components, s.components)
        && Objects.equals(ids, s.ids)
        && Objects.equals(mlflowVersion, s.mlflowVersion)
        && Objects.equals(drift, s.drift)
        && Objects.equals(backup, s.backup)
        && Objects.equals(users, s.users);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, url, components, ids, mlflowVersion, drift, backup, users);
  }
}
