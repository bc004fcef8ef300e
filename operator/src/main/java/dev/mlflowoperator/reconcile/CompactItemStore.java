package dev.mlflowoperator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer's store of owned objects that keeps each one as small as what the operator reads allows
 * ({@link CompactObjects}). One store per informer: the informer of one namespace drops from its store what its list
 * of that namespace lacks.
 */
final class CompactItemStore<R extends HasMetadata> implements ItemStore<R> {
  private final BasicItemStore<R> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  @Override
  public String getKey(R object) {
    return items.getKey(object);
  }

  @Override
  public R put(String key, R object) {
    return items.put(key, CompactObjects.compact(object));
  }

  @Override
  public R remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet();
  }

  @Override
  public Stream<R> values() {
    return items.values();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public R get(String key) {
    return items.get(key);
  }
}
