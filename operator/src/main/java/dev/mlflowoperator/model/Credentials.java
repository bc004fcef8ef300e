package dev.mlflowoperator.model;

import java.util.List;
import java.util.Optional;

/** One user's basic-auth credentials for the proxy: the username, the password and its bcrypt hash. */
public record Credentials(String username, String password, String passwordHash) {
  /** Keys of the credentials Secret for the first user (and, suffixed, for the others: {@link #key}). */
  public static final String USERNAME_KEY = "username";

  public static final String PASSWORD_KEY = "password";
  public static final String PASSWORD_HASH_KEY = "passwordHash";

  /**
   * The Secret key of {@code base} for the user at {@code index} of the spec's users: the key itself for the first
   * user (so that a stack of one user keeps the keys it always had), {@code base-index} for the others. An index,
   * not the username, names the key: it is a valid Secret key and Railway variable name whatever the username, and
   * the username is stored beside it, so a user's password follows the user when the list changes.
   */
  public static String key(String base, int index) {
    return index == 0 ? base : base + "-" + index;
  }

  /**
   * What {@code stored} (a platform's credentials, in the order of their keys) holds for the user at {@code index} of
   * {@code usernames}: the entry under their username, else the one at the same position when it is under no username
   * the spec lists (a renamed first user, or a username changed or lost out of band); empty for a new user.
   */
  public static Optional<Credentials> heldFor(List<Credentials> stored, List<String> usernames, int index) {
    String username = usernames.get(index);
    return stored.stream().filter(c -> username.equals(c.username())).findFirst()
        .or(() -> index < stored.size() && !usernames.contains(stored.get(index).username())
            ? Optional.of(stored.get(index)) : Optional.empty());
  }

  /** Never prints the password or its hash. */
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=<redacted>]";
  }
}
