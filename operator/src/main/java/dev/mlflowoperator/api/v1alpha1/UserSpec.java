package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One user of the proxy: a username and, optionally, where that user's password comes from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserSpec {
  @Required
  @Pattern(Patterns.USERNAME)
  @JsonPropertyDescription("Username: letters, digits, '.', '_' or '-', 1 to 64 characters; unique in users.")
  public String username;

  @JsonPropertyDescription("Secret key holding this user's password; a password is generated once when absent.")
  public SecretKeyRef passwordSecretRef;

  public UserSpec() {}

  public UserSpec(String username, SecretKeyRef passwordSecretRef) {
    this.username = username;
    this.passwordSecretRef = passwordSecretRef;
  }
}
