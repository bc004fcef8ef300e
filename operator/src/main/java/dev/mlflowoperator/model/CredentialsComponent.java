package dev.mlflowoperator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated or referenced credentials of every user, in the spec's order, kept where the platform keeps secrets,
 * under one name with the keys of {@link Credentials} ({@link Credentials#key} per user); {@code usedBy} is the
 * service that reads them.
 */
public record CredentialsComponent(String key, String name, List<Credentials> users, String usedBy)
    implements Component {
  public CredentialsComponent {
    users = List.copyOf(users);
  }

  /** The first user's credentials: what clients get by default. */
  public Credentials credentials() {
    return users.get(0);
  }

  /** Every user's username, password and hash by their key, the first user's first. */
  public Map<String, String> data() {
    var data = new LinkedHashMap<String, String>();
    for (int i = 0; i < users.size(); i++) {
      data.put(Credentials.key(Credentials.USERNAME_KEY, i), users.get(i).username());
      data.put(Credentials.key(Credentials.PASSWORD_KEY, i), users.get(i).password());
      data.put(Credentials.key(Credentials.PASSWORD_HASH_KEY, i), users.get(i).passwordHash());
    }
    return data;
  }
}
