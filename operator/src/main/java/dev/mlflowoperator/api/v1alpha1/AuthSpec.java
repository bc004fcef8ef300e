package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Basic-auth credentials: a username and, optionally, where the password comes from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {
  @Default("mlflow")
  @Pattern(Patterns.USERNAME)
  @JsonPropertyDescription("Username: letters, digits, '.', '_' or '-', 1 to 64 characters.")
  public String username = "mlflow";

  @JsonPropertyDescription("Secret key holding the password; a password is generated once when absent.")
  public SecretKeyRef passwordSecretRef;
}
