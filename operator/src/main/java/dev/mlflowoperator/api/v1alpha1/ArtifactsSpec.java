package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** MLflow's artifact store: a directory on the volume, or an S3-compatible bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArtifactsSpec {
  @Default("volume")
  @JsonPropertyDescription("volume (a directory on the volume) or s3 (bucket required).")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  // Null only when unreadable: kept through a copy (the operator's cache clones the resource), or the default
  // would stand in for it and the validator could not report it.
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public Type type = Type.VOLUME;

  @JsonPropertyDescription("S3 bucket name; required for s3.")
  public String bucket;

  @JsonPropertyDescription("Key prefix inside the bucket.")
  public String prefix;

  @JsonPropertyDescription("S3 endpoint URL for S3-compatible stores; AWS when absent.")
  public String endpoint;

  @JsonPropertyDescription("S3 region.")
  public String region;

  @JsonPropertyDescription("Secret with the S3 access key id and secret access key.")
  public S3CredentialsRef credentialsSecretRef;

  /** The artifact store kinds. */
  public enum Type {
    @JsonProperty("volume")
    VOLUME,
    @JsonProperty("s3")
    S3
  }
}
