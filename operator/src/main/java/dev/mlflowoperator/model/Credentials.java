package dev.mlflowoperator.model;

/** The proxy's basic-auth credentials: the username, the password and its bcrypt hash. */
public record Credentials(String username, String password, String passwordHash) {
  /** Keys of the credentials Secret (and names of the matching Railway variables). */
  public static final String USERNAME_KEY = "username";

  public static final String PASSWORD_KEY = "password";
  public static final String PASSWORD_HASH_KEY = "passwordHash";

  /** Never prints the password or its hash. */
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=<redacted>]";
  }
}
