package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The managed objects as last read from the cluster, by Kind/name; a missing object is absent. */
public final class ObservedStack {
  private final Map<String, HasMetadata> objects = new LinkedHashMap<>();

  public ObservedStack(Collection<? extends HasMetadata> found) {
    found.forEach(this::put);
  }

  public Optional<HasMetadata> get(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> get(T desired) {
    return Optional.ofNullable((T) objects.get(ObjectKeys.of(desired)));
  }

  /** Records the object as the API server returned it after a write. */
  void put(HasMetadata object) {
    objects.put(ObjectKeys.of(object), object);
  }

  /** Every object found, in the order they were read. */
  public Collection<HasMetadata> all() {
    return objects.values();
  }

  /** The UID of each object that exists, by Kind/name. */
  public Map<String, String> uids() {
    var uids = new LinkedHashMap<String, String>();
    objects.forEach((key, object) -> uids.put(key, object.getMetadata().getUid()));
    return uids;
  }
}
