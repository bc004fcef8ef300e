package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.SyncResult;
import dev.mlflowoperator.validation.SpecChangeGuard;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The way back from the last gated upgrade: the version that ran before it (recorded under {@link #fromKey} when its
 * backup started) on the data of its pre-upgrade backup. Once rolled back ({@link SpecChangeGuard#ROLLED_BACK_FROM}
 * and {@link SpecChangeGuard#ROLLED_BACK_TO} in {@code status.ids}), a spec that still asks for the version rolled
 * back from keeps the old one (UpgradeRolledBack) instead of upgrading again.
 */
public final class UpgradeRollback {
  /**
   * On an MlflowDeployment, set with {@code mlflow-operator.dev/restore-from}: the upgrade (its target version) to
   * roll back together with that restore of its pre-upgrade VolumeSnapshot.
   */
  public static final String ANNOTATION = "mlflow-operator.dev/rollback-upgrade";

  /** In {@code status.ids}: the generation of the spec the rollback was recorded with. */
  static final String GENERATION = "rollback/generation";
  private static final String PREFIX = "upgrade/";
  private static final String BACKUP = "/backup";

  /** The last gated upgrade that can be rolled back: its target, the version before it and its backup's ID. */
  public record Upgrade(String target, String from, String backup) {}

  private UpgradeRollback() {}

  /** The key in {@code status.ids} of the version that ran when the backup before rolling out {@code version} began. */
  public static String fromKey(String version) {
    return PREFIX + version + "/from";
  }

  /**
   * The newest upgrade with a recorded pre-upgrade backup and the version before it (else, while it never ran,
   * {@code ran}: status.mlflowVersion never moved); empty when there is none.
   */
  public static Optional<Upgrade> last(Map<String, String> ids, String ran) {
    return ids.keySet().stream()
        .filter(key -> key.startsWith(PREFIX) && key.endsWith(BACKUP) && ids.get(key) != null)
        .map(key -> key.substring(PREFIX.length(), key.length() - BACKUP.length()))
        .map(target -> new Upgrade(target, Optional.ofNullable(ids.get(fromKey(target)))
            .orElse(SpecChangeGuard.isUpgrade(ran, target) ? ran : null), ids.get(ReconcileLoop.upgradeBackupKey(target))))
        .filter(upgrade -> SpecChangeGuard.isUpgrade(upgrade.from(), upgrade.target()))
        .max(Comparator.comparing(Upgrade::target, UpgradeRollback::compareVersions));
  }

  /**
   * A rollback this reconcile carries out: the {@link #ANNOTATION} names the upgrade the spec asks for, which is the
   * last one recorded, and the platform restores its pre-upgrade backup ({@code restoring}) in this apply.
   */
  static Optional<Upgrade> pending(Stack stack, Optional<String> restoring, String ran) {
    var annotations = stack.resource().getMetadata().getAnnotations();
    String asked = annotations == null ? null : annotations.get(ANNOTATION);
    String target = stack.spec().mlflow.version;
    if (asked == null || !asked.trim().equals(target) || restoring.isEmpty()) {
      return Optional.empty();
    }
    return last(stack.ids().asMap(), ran)
        .filter(upgrade -> upgrade.target().equals(target) && upgrade.backup().equals(restoring.get()));
  }

  /** The version a recorded rollback keeps while the spec still asks for the version it went back from. */
  static Optional<String> kept(Stack stack) {
    return stack.spec().mlflow.version.equals(stack.ids().get(SpecChangeGuard.ROLLED_BACK_FROM))
        ? Optional.ofNullable(stack.ids().get(SpecChangeGuard.ROLLED_BACK_TO)) : Optional.empty();
  }

  /**
   * Records that the stack went back from the upgrade at the resource's {@code generation}, and forgets everything
   * recorded of that upgrade (its backup, its request and attempts, its origin and rollout), so that trying it again
   * takes a new backup of the restored data.
   */
  public static void record(RecordedIds ids, Upgrade upgrade, long generation) {
    ids.put(SpecChangeGuard.ROLLED_BACK_FROM, upgrade.target());
    ids.put(SpecChangeGuard.ROLLED_BACK_TO, upgrade.from());
    ids.put(GENERATION, Long.toString(generation));
    String ofUpgrade = PREFIX + upgrade.target() + "/";
    ids.asMap().keySet().stream().filter(key -> key.startsWith(ofUpgrade)).toList()
        .forEach(key -> ids.put(key, null));
  }

  /**
   * Forgets a rollback once the old version ran and a spec changed since (a later generation) asks for another
   * version than the one rolled back from: then that version, the one rolled back from included, is what it asks.
   */
  static void forgetOnceMoved(Stack stack, String ran, long generation) {
    String to = stack.ids().get(SpecChangeGuard.ROLLED_BACK_TO);
    if (to != null && to.equals(ran) && kept(stack).isEmpty() && generation > recordedGeneration(stack)) {
      stack.ids().put(SpecChangeGuard.ROLLED_BACK_FROM, null);
      stack.ids().put(SpecChangeGuard.ROLLED_BACK_TO, null);
      stack.ids().put(GENERATION, null);
    }
  }

  private static long recordedGeneration(Stack stack) {
    try {
      return Long.parseLong(stack.ids().get(GENERATION));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** UpgradeRolledBack: the spec asks for the version rolled back from; what to set. */
  static SyncResult rolledBack(Stack stack) {
    String from = stack.ids().get(SpecChangeGuard.ROLLED_BACK_FROM);
    String to = stack.ids().get(SpecChangeGuard.ROLLED_BACK_TO);
    String where = stack.spec().target == Target.KUBERNETES ? "" : " in the spec file";
    return SyncResult.failed(Reasons.UPGRADE_ROLLED_BACK, "MLflow " + from + " was rolled back: MLflow " + to
        + " runs on the data of the backup taken before the upgrade, and stays while spec.mlflow.version asks for "
        + from + ". Set spec.mlflow.version: " + to + where + " to keep it, or a newer version to upgrade again (to"
        + " retry " + from + ", apply " + to + " first).");
  }

  private static int compareVersions(String a, String b) {
    return SpecChangeGuard.isUpgrade(b, a) ? 1 : SpecChangeGuard.isUpgrade(a, b) ? -1 : 0;
  }
}
