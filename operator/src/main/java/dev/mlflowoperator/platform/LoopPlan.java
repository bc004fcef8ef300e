package dev.mlflowoperator.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ReconcileLoop#plan} shows: the loop's own step first (an upgrade that waits for its backup, while the
 * version that ran is what run applies), then the platform's plan of what run would apply.
 */
public record LoopPlan<P extends StackPlan>(Optional<UpgradeWait> upgradeWait, P platform) implements StackPlan {
  /** MLflow's new {@code version} is not rolled out yet: run takes (or follows, {@code backup}) a backup first. */
  public record UpgradeWait(String version, String backup) implements PlannedChange {
    @Override
    public List<String> reasons() {
      return List.of("spec.mlflow.version: " + version + " waits for a backup of the data volume");
    }

    @Override
    public String line() {
      return "~ upgrade to MLflow " + version + ": waits for a backup of the data volume"
          + (backup == null ? "" : " (backup " + backup + ", running)");
    }

    /** The spec's upgrade gate, not a repair. */
    @Override
    public boolean scheduled() {
      return true;
    }
  }

  @Override
  public List<PlannedChange> changes() {
    var changes = new ArrayList<PlannedChange>();
    upgradeWait.ifPresent(changes::add);
    changes.addAll(platform.changes());
    return changes;
  }

  @Override
  public boolean createsDataVolume() {
    return platform.createsDataVolume();
  }
}
