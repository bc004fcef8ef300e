package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** What the user asks for: the target platform and the MLflow, proxy and storage settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowDeploymentSpec {
  @Required
  @JsonPropertyDescription("Where the stack runs: railway or kubernetes.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  public Target target;

  @JsonPropertyDescription("Railway settings; required when target is railway.")
  public RailwaySpec railway;

  @JsonPropertyDescription("Kubernetes settings; optional when target is kubernetes.")
  public KubernetesSpec kubernetes;

  @JsonPropertyDescription("The MLflow tracking server.")
  public MlflowSpec mlflow = new MlflowSpec();

  @JsonPropertyDescription("The Caddy proxy in front of MLflow: the only public entry.")
  public ProxySpec proxy = new ProxySpec();

  @JsonPropertyDescription("The volume holding MLflow's data.")
  public StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("Backups of the data volume, on a schedule and before MLflow's version changes.")
  public BackupSpec backup = new BackupSpec();

  @Default("Retain")
  @JsonPropertyDescription("Retain keeps the volume and its data when the deployment is deleted; Delete removes it.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  // Null only when unreadable: kept through a copy (the operator's cache clones the resource), or the default
  // would stand in for it and the validator could not report it.
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
