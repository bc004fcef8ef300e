package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** The MLflow tracking server: version, workers, stores and container settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowSpec {
  public static final String DEFAULT_VERSION = "3.17.0";

  @Default(DEFAULT_VERSION)
  @Pattern(Patterns.PINNED_VERSION)
  @JsonPropertyDescription("A pinned MLflow release, for example 3.17.0.")
  public String version = DEFAULT_VERSION;

  @JsonPropertyDescription("Container image; ghcr.io/mlflow/mlflow:v<version> (-full with Postgres or S3) when absent.")
  public String image;

  @Default("2")
  @Min(1)
  @Max(32)
  @JsonPropertyDescription("Number of server worker processes, 1 to 32.")
  public Integer workers = 2;

  @JsonPropertyDescription("Where runs and experiments are stored.")
  public BackendStoreSpec backendStore = new BackendStoreSpec();

  @JsonPropertyDescription("Where artifacts are stored; the server proxies them.")
  public ArtifactsSpec artifacts = new ArtifactsSpec();

  @JsonPropertyDescription("Extra environment variables for the MLflow container.")
  public Map<String, String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Permanently delete runs deleted longer ago than olderThan, on a schedule (mlflow gc); off"
      + " when absent.")
  public GcSpec gc;

  @JsonPropertyDescription("CPU and memory for the MLflow container.")
  public ResourcesSpec resources = new ResourcesSpec();
}
