package dev.mlflowoperator.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The managed objects as last read from the cluster, by Kind/name (a missing object is absent), and the outline
 * they were read for: the objects the stack renders, each with its component; the leftovers, objects of ours
 * recorded earlier that the outline no longer has (a component the spec dropped); and the stack's VolumeSnapshots
 * (its backups), which are not rendered objects, listed only once something asks for them; and a restore the
 * annotation asks for, found valid.
 */
public final class ObservedStack {
  private final KubernetesStack outline;
  private final Map<String, HasMetadata> objects = new LinkedHashMap<>();
  private final Supplier<List<GenericKubernetesResource>> listSnapshots;
  private List<GenericKubernetesResource> snapshots;
  private final List<HasMetadata> leftovers = new ArrayList<>();
  private VolumeRestore.Pending restore;
  private final List<GenericKubernetesResource> deferred = new ArrayList<>();

  public ObservedStack(KubernetesStack outline, Collection<? extends HasMetadata> found) {
    this(outline, found, List::of);
  }

  /** With the stack's VolumeSnapshots listed by {@code listSnapshots}, once, when they are first asked for. */
  public ObservedStack(KubernetesStack outline, Collection<? extends HasMetadata> found,
      Supplier<List<GenericKubernetesResource>> listSnapshots) {
    this.outline = outline;
    found.forEach(this::put);
    this.listSnapshots = listSnapshots;
  }

  /** The objects the stack renders, as read before credentials and addresses are known: kinds, names, components. */
  public KubernetesStack outline() {
    return outline;
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

  /** The stack's VolumeSnapshots as listed by our labels (now, if not yet), with those applied since. */
  public List<GenericKubernetesResource> snapshots() {
    return List.copyOf(listed());
  }

  /** Whether the snapshots were listed already: something asked for them. */
  boolean snapshotsListed() {
    return snapshots != null;
  }

  private List<GenericKubernetesResource> listed() {
    if (snapshots == null) {
      snapshots = new ArrayList<>(listSnapshots.get());
    }
    return snapshots;
  }

  /** Records a snapshot created, or forgets one deleted. */
  void snapshotWritten(GenericKubernetesResource snapshot, boolean deleted) {
    var snapshots = listed();
    snapshots.removeIf(s -> s.getMetadata().getName().equals(snapshot.getMetadata().getName()));
    if (!deleted) {
      snapshots.add(snapshot);
    }
  }

  /**
   * Records a snapshot to create once the changes are applied (its PVC is one they create), counted as asked for
   * (not ready yet) from now on.
   */
  void deferSnapshot(GenericKubernetesResource snapshot) {
    deferred.add(snapshot);
    snapshotWritten(snapshot, false);
  }

  /** The snapshots to create once the changes are applied. */
  List<GenericKubernetesResource> deferredSnapshots() {
    return List.copyOf(deferred);
  }

  /** Records an object of ours, recorded earlier, that the stack no longer renders. */
  void leftover(HasMetadata object) {
    leftovers.add(object);
  }

  /** The objects of ours the stack no longer renders, found under their recorded IDs. */
  public List<HasMetadata> leftovers() {
    return List.copyOf(leftovers);
  }

  /** Every object found, in the order they were read. */
  public Collection<HasMetadata> all() {
    return objects.values();
  }

  /** Records the restore found valid, whose PVC the outline already renders. */
  void restore(VolumeRestore.Pending pending) {
    this.restore = pending;
  }

  /** The restore to apply, when one is asked for and not yet done. */
  Optional<VolumeRestore.Pending> restore() {
    return Optional.ofNullable(restore);
  }
}
