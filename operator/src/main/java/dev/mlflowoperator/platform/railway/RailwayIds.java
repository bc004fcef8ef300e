package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.platform.RecordedIds;
import java.util.Map;

/** The IDs Railway assigned to one stack, under the keys kept in status.ids (or the CLI's state file). */
public final class RailwayIds {
  public static final String PROJECT = "project";
  public static final String ENVIRONMENT = "environment";
  public static final String VOLUME = "volume";
  /** The volume's instance in our environment: what Railway's backup operations take. */
  public static final String VOLUME_INSTANCE = "volumeInstance";
  public static final String DOMAIN = "domain";
  /** Not an ID: the spec.storage.size the last successful reconcile applied (see {@link RecordedIds#STORAGE_SIZE}). */
  public static final String STORAGE_SIZE = RecordedIds.STORAGE_SIZE;

  private final RecordedIds ids;

  /** A view of {@code ids}: what is put here is recorded there. */
  public RailwayIds(RecordedIds ids) {
    this.ids = ids;
  }

  public String get(String key) {
    return ids.get(key);
  }

  /** Records an ID; a null value forgets the key. */
  public void put(String key, String value) {
    ids.put(key, value);
  }

  /** The key of the fingerprint of what a service component last had deployed by us. */
  public static String deployed(String component) {
    return "deployed/" + component;
  }

  /** The key of a service component's ID: {@code service/<component key>}. */
  public static String serviceKey(String component) {
    return "service/" + component;
  }

  /** The service ID of a component. */
  public String service(String component) {
    return ids.get(serviceKey(component));
  }

  public Map<String, String> asMap() {
    return ids.asMap();
  }
}
