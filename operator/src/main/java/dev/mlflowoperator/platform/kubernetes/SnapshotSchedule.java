package dev.mlflowoperator.platform.kubernetes;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.model.VolumeComponent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which scheduled VolumeSnapshots of a volume are due and which are old enough to go, at a given time. A kind is
 * due when its newest snapshot (whatever became of it) is older than its period; every kind's snapshots go once
 * older than Railway keeps that kind, scheduled or not any more. Only our snapshots of the volume and of the three
 * scheduled kinds are counted or pruned. Pure.
 */
final class SnapshotSchedule {
  private SnapshotSchedule() {}

  /** How often a kind is taken. */
  static Duration period(BackupKind kind) {
    return switch (kind) {
      case DAILY -> Duration.ofDays(1);
      case WEEKLY -> Duration.ofDays(7);
      case MONTHLY -> Duration.ofDays(30);
    };
  }

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

  /**
   * The snapshots due (one per kind at most), then those past retention, for the volume at {@code now}; none is
   * taken without a {@code snapshotClass} (null also while the volume cannot be snapshotted yet).
   */
  static List<Change> plan(StackNames names, String namespace, VolumeComponent volume, String snapshotClass,
      List<GenericKubernetesResource> snapshots, Instant now) {
    var takes = new ArrayList<Change>();
    var prunes = new ArrayList<Change>();
    for (BackupKind kind : BackupKind.values()) {
      var ofKind = snapshots.stream()
          .filter(s -> VolumeSnapshots.isOf(s, volume.name()) && label(kind).equals(VolumeSnapshots.kindOf(s)))
          .toList();
      Optional<Instant> newest = ofKind.stream().map(VolumeSnapshots::requestedAt).flatMap(Optional::stream)
          .max(Comparator.naturalOrder());
      boolean due = newest.map(t -> !t.plus(period(kind)).isAfter(now)).orElse(true);
      if (snapshotClass != null && volume.backups().contains(kind) && due) {
        takes.add(new Change.TakeSnapshot(
            VolumeSnapshots.render(names, namespace, volume, label(kind), snapshotClass, now), label(kind)));
      }
      for (GenericKubernetesResource snapshot : ofKind) {
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
}
