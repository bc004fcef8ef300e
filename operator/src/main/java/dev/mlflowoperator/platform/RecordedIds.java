package dev.mlflowoperator.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IDs a platform assigned to one stack, by key, as kept in {@code status.ids} (or the CLI's state file); shared
 * by the loop and the platform during one reconcile, so an ID recorded before a failure is kept.
 */
public final class RecordedIds {
  /**
   * Not an ID: the spec.storage.size the last successful reconcile applied. A smaller spec is refused against it on
   * every platform, whatever size the platform's volume has.
   */
  public static final String STORAGE_SIZE = "applied/storage.size";

  private final Map<String, String> ids;

  public RecordedIds(Map<String, String> previous) {
    this.ids = previous == null ? new LinkedHashMap<>() : new LinkedHashMap<>(previous);
  }

  public String get(String key) {
    return ids.get(key);
  }

  /** Records an ID; a null value forgets the key. */
  public void put(String key, String value) {
    if (value == null) {
      ids.remove(key);
    } else {
      ids.put(key, value);
    }
  }

  public Map<String, String> asMap() {
    return new LinkedHashMap<>(ids);
  }
}
