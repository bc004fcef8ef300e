package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which scheduled VolumeSnapshots of a volume are due and which are old enough to go, at a given time. A kind is
 * due when its newest snapshot of the volume (whatever became of it) is older than its period; every kind's
 * snapshots go once older than Railway keeps that kind, scheduled or not any more, whichever of the stack's data
 * PVCs they are of (one a restore replaced included). Only our snapshots (listed by our labels, of one of the stack's
 * data PVCs) of the three scheduled kinds are counted or pruned; manual and beforeUpgrade ones never. Pure.
 */
final class SnapshotSchedule {
  private SnapshotSchedule() {}

  /** How long a kind is kept, as Railway keeps it. */
  static Duration retention(BackupKind kind) {
    return switch (kind) {
      case DAILY -> Duration.ofDays(6);
      case WEEKLY -> Duration.ofDays(31);
      case MONTHLY -> Duration.ofDays(92);
    };
  }

  /** The kind's label value: daily, weekly or monthly, as the spec spells it. */
  static String label(BackupKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** When a scheduled snapshot of the volume is next due and of which kinds (comma-separated); empty for none. */
  record Next(Instant time, String kinds) {}

  /**
   * The next snapshot due: per scheduled kind with a snapshot, its newest one's request time plus its period; the
   * earliest of them. A kind without one yet is taken as soon as the volume can be snapshotted and has no time here,
   * so that a status waiting for that first snapshot stays the same from one reconcile to the next.
   */
  static Optional<Next> next(VolumeComponent volume, List<GenericKubernetesResource> snapshots) {
    var due = new LinkedHashMap<String, Instant>();
    for (BackupKind kind : volume.backups()) {
      newest(volume, snapshots, kind).ifPresent(t -> due.put(label(kind), t.plus(kind.period())));
    }
    return due.values().stream().min(Comparator.naturalOrder()).map(first -> new Next(first,
        due.entrySet().stream().filter(d -> d.getValue().equals(first)).map(Map.Entry::getKey)
            .collect(Collectors.joining(", "))));
  }

  /**
   * The snapshots due (one per kind at most), then those past retention, for the volume at {@code now}; none is
   * taken without a {@code snapshotClass} (null also while the volume cannot be snapshotted yet).
   */
  static List<Change> plan(StackNames names, String namespace, VolumeComponent volume, String snapshotClass,
      List<GenericKubernetesResource> snapshots, Instant now) {
    var takes = new ArrayList<Change>();
    var prunes = new ArrayList<Change>();
    for (BackupKind kind : BackupKind.values()) {
      boolean due = newest(volume, snapshots, kind).map(t -> !t.plus(kind.period()).isAfter(now)).orElse(true);
      if (snapshotClass != null && volume.backups().contains(kind) && due) {
        takes.add(new Change.TakeSnapshot(
            VolumeSnapshots.render(names, namespace, volume, label(kind), snapshotClass, now), label(kind)));
      }
      // Of any of the stack's data PVCs: those a restore replaced keep their snapshots until they age out too.
      var ofStack = snapshots.stream()
          .filter(s -> label(kind).equals(VolumeSnapshots.kindOf(s)) && VolumeSnapshots.isOfStack(s, names)).toList();
      for (GenericKubernetesResource snapshot : ofStack) {
        boolean expired = VolumeSnapshots.requestedAt(snapshot).map(t -> t.plus(retention(kind)).isBefore(now))
            .orElse(false);
        if (expired) {
          prunes.add(new Change.PruneSnapshot(snapshot, label(kind), retention(kind).toDays()));
        }
      }
    }
    takes.addAll(prunes);
    return takes;
  }

  /** When the newest snapshot of the kind of the volume was asked for. */
  private static Optional<Instant> newest(VolumeComponent volume, List<GenericKubernetesResource> snapshots,
      BackupKind kind) {
    return snapshots.stream()
        .filter(s -> VolumeSnapshots.isOf(s, volume.name()) && label(kind).equals(VolumeSnapshots.kindOf(s)))
        .map(VolumeSnapshots::requestedAt).flatMap(Optional::stream).max(Comparator.naturalOrder());
  }
}
