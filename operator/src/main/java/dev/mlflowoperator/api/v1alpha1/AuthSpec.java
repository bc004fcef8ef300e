package dev.mlflowoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * Basic-auth credentials: one user ({@code username}, optionally with {@code passwordSecretRef}), or a list of
 * {@code users}; never both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {
  /** The one user's name when neither {@code username} nor {@code users} is set. */
  public static final String DEFAULT_USERNAME = "mlflow";

  /** At most this many users. */
  public static final int MAX_USERS = 100;

  @Pattern(Patterns.USERNAME)
  @JsonPropertyDescription("Username of the one user (mlflow when neither this nor users is set): letters, digits,"
      + " '.', '_' or '-', 1 to 64 characters. Use users instead for several.")
  public String username;

  @JsonPropertyDescription("Secret key holding the one user's password; a password is generated once when absent.")
  public SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription("The users (at most 100, unique usernames), instead of username: the first one is what"
      + " mlflowctl env prints by default.")
  public List<UserSpec> users;

  /** The users the proxy admits, in order: {@code users} when given, else the one of {@code username}. */
  @JsonIgnore
  public List<UserSpec> userList() {
    if (users != null && !users.isEmpty()) {
      return users;
    }
    return List.of(new UserSpec(username != null ? username : DEFAULT_USERNAME, passwordSecretRef));
  }

  /** Where user {@code index}'s fields are in the spec, for messages: {@code spec.proxy.auth.users[1]}. */
  @JsonIgnore
  public String pathOf(int index) {
    return users != null && !users.isEmpty() ? "spec.proxy.auth.users[" + index + "]" : "spec.proxy.auth";
  }
}
