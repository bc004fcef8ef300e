package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** MLflow's backend store: SQLite on the volume, or an external Postgres. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendStoreSpec {
  @Default("sqlite")
  @JsonPropertyDescription("sqlite (a file on the volume) or postgres (uriSecretRef required).")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  // Null only when unreadable: kept through a copy (the operator's cache clones the resource), or the default
  // would stand in for it and the validator could not report it.
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public Type type = Type.SQLITE;

  @JsonPropertyDescription("Secret key holding the postgresql:// URI; required for postgres.")
  public SecretKeyRef uriSecretRef;

  /** The backend store kinds. */
  public enum Type {
    @JsonProperty("sqlite")
    SQLITE,
    @JsonProperty("postgres")
    POSTGRES
  }
}
