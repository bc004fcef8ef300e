package dev.mlflowoperator.platform.railway;

import java.util.LinkedHashMap;
import java.util.Map;

/** The IDs Railway assigned to one stack, under the keys kept in status.ids (or the CLI's state file). */
public final class RailwayIds {
  public static final String PROJECT = "project";
  public static final String ENVIRONMENT = "environment";
  public static final String MLFLOW = "service/mlflow";
  public static final String PROXY = "service/proxy";
  public static final String VOLUME = "volume";
  public static final String DOMAIN = "domain";
  /**
   * Not an ID: the spec.storage.size the last successful reconcile applied. A smaller spec is refused against it, not
   * against the volume's size on Railway, which starts at the plan's default and may be larger than the spec.
   */
  public static final String STORAGE_SIZE = "applied/storage.size";

  private final Map<String, String> ids;

  public RailwayIds(Map<String, String> previous) {
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

  /** The key of the fingerprint of what a component ("mlflow" or "proxy") last had deployed by us. */
  public static String deployed(String component) {
    return "deployed/" + component;
  }

  /** The service ID of a component ("mlflow" or "proxy"). */
  public String service(String component) {
    return ids.get("service/" + component);
  }

  public Map<String, String> asMap() {
    return new LinkedHashMap<>(ids);
  }
}
