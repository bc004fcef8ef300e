package dev.mlflowoperator.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The attempts at the backup before an upgrade to one version, as recorded in {@code status.ids}: when the last one
 * was requested (recorded before it is sent, so that a run that ends before recording its ID looks for it rather
 * than start another), and how often they failed, which spaces the next one out: a minute after the first failure,
 * twice as long after each further one, at most an hour.
 */
final class UpgradeBackupAttempts {
  static final Duration FIRST_DELAY = Duration.ofMinutes(1);
  static final Duration MAX_DELAY = Duration.ofHours(1);
  /** How long a requested backup whose ID no run recorded is looked for before another one is started. */
  static final Duration LOOKED_FOR = Duration.ofMinutes(30);

  private final RecordedIds ids;
  private final String version;

  UpgradeBackupAttempts(RecordedIds ids, String version) {
    this.ids = ids;
    this.version = version;
  }

  /** The key of the time (RFC 3339, by the loop's clock) the last backup before the upgrade was requested. */
  static String requestedKey(String version) {
    return "upgrade/" + version + "/backupRequested";
  }

  static String failuresKey(String version) {
    return "upgrade/" + version + "/backupFailures";
  }

  static String failedAtKey(String version) {
    return "upgrade/" + version + "/backupFailedAt";
  }

  static String lastFailedKey(String version) {
    return "upgrade/" + version + "/backupFailed";
  }

  Optional<Instant> requested() {
    return Optional.ofNullable(ids.get(requestedKey(version))).map(Instant::parse);
  }

  /** Records that a backup is about to be requested at {@code now}. */
  void request(Instant now) {
    ids.put(requestedKey(version), now.toString());
  }

  /** Forgets the request: the platform refused it before sending anything. */
  void withdraw() {
    ids.put(requestedKey(version), null);
  }

  /** Until when a backup requested at {@code requested} whose ID was not recorded is looked for. */
  static Instant lookedForUntil(Instant requested) {
    return requested.plus(LOOKED_FOR);
  }

  /** Records the failure of backup {@code id}, seen at {@code now}; the request is done with. */
  void failed(String id, Instant now) {
    ids.put(requestedKey(version), null);
    ids.put(failuresKey(version), Integer.toString(failures() + 1));
    ids.put(failedAtKey(version), now.toString());
    ids.put(lastFailedKey(version), id);
  }

  int failures() {
    return Optional.ofNullable(ids.get(failuresKey(version))).map(Integer::parseInt).orElse(0);
  }

  String lastFailed() {
    return ids.get(lastFailedKey(version));
  }

  /** The earliest time another backup may be started; empty when none failed. */
  Optional<Instant> nextAttempt() {
    int failures = failures();
    return Optional.ofNullable(ids.get(failedAtKey(version))).filter(at -> failures > 0)
        .map(at -> Instant.parse(at).plus(delay(failures)));
  }

  /** One minute after the first failure, doubled after each further one, at most {@link #MAX_DELAY}. */
  static Duration delay(int failures) {
    int doublings = Math.min(failures - 1, 6);
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
