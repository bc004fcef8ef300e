package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.platform.kubernetes.ObjectKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects the operator is writing, and the version each write of theirs made, so that the watch event of its
 * own write starts no reconcile even when the watch delivers it before the write's answer arrives. Any other event
 * of the object is someone else's.
 */
final class OwnWrites {
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, String> written = new ConcurrentHashMap<>();

  /** A write of {@code object} is about to be sent. */
  void writing(HasMetadata object) {
    inFlight.add(key(object));
  }

  /** The write of {@code desired} returned {@code result}; null: it failed. */
  void done(HasMetadata desired, HasMetadata result) {
    String key = key(desired);
    if (result != null) {
      written.put(key, result.getMetadata().getResourceVersion());
    }
    inFlight.remove(key);
  }

  /** True unless {@code object}, as a watch event shows it, is the outcome of a write of ours. */
  boolean notOurs(HasMetadata object) {
    String key = key(object);
    if (inFlight.contains(key)) {
      return false;
    }
    String version = written.remove(key);
    return version == null || !version.equals(object.getMetadata().getResourceVersion());
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + ObjectKeys.of(object);
  }
}
