package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One user of the proxy as last applied: the username and when the password last changed, never the secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserStatus {
  @JsonPropertyDescription("The username.")
  public String username;

  @JsonPropertyDescription("When the operator last gave this user a new password (RFC 3339); absent when that was"
      + " before the operator recorded it.")
  public String passwordChanged;

  @JsonPropertyDescription("The nonce of the last rotation handled for this user (the part after @ of the annotation"
      + " mlflow-operator.dev/rotate); that annotation with this nonce rotates nothing again.")
  public String rotation;

  public UserStatus() {}

  public UserStatus(String username, String passwordChanged) {
    this(username, passwordChanged, null);
  }

  public UserStatus(String username, String passwordChanged, String rotation) {
    this.username = username;
    this.passwordChanged = passwordChanged;
    this.rotation = rotation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserStatus u && Objects.equals(username, u.username)
        && Objects.equals(passwordChanged, u.passwordChanged) && Objects.equals(rotation, u.rotation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, passwordChanged, rotation);
  }
}
