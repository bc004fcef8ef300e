package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.UpgradeRollback;
import dev.mlflowoperator.platform.UpgradeRollback.Upgrade;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mlflowctl rollback --cluster}: asks the operator to roll the last upgrade back by setting, in one update, the
 * {@code mlflow-operator.dev/restore-from} annotation to the pre-upgrade VolumeSnapshot and
 * {@code mlflow-operator.dev/rollback-upgrade} to the upgrade's version, after asking; with --wait, follows the
 * status until the operator restored it or refused.
 */
final class ClusterRollback {
  private final ClusterDeployments deployments;
  private final Terminal terminal;
  private final Clock clock;

  ClusterRollback(ClusterDeployments deployments, Terminal terminal, Clock clock) {
    this.deployments = deployments;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** 0 asked (rolled back, with --wait), 1 nothing to roll back, not confirmed or refused, 3 timed out waiting. */
  int run(String name, boolean yes, Optional<Duration> wait, PrintWriter out, PrintWriter err) {
    MlflowDeployment deployment = deployments.get(name);
    if (deployment.getSpec().target != Target.KUBERNETES) {
      throw new UserException(name + " runs on " + deployment.getSpec().target + ", not in the cluster: roll it back"
          + " with mlflowctl rollback " + name + " (without --cluster)");
    }
    var status = deployment.getStatus();
    Upgrade upgrade = UpgradeRollback.last(status == null ? Map.of() : status.ids,
        status == null ? null : status.mlflowVersion).orElseThrow(() -> RollbackCommand.nothingToRollBack(name));
    String asked = deployment.getSpec().mlflow.version;
    if (!upgrade.target().equals(asked)) {
      throw new UserException("the last upgrade of " + name + " went to MLflow " + upgrade.target() + ", but"
          + " spec.mlflow.version asks for " + asked + "; rollback goes back from the version the spec asks for, so"
          + " set it to " + upgrade.target() + " first, or restore a backup with mlflowctl restore --cluster");
    }
    if (upgrade.backup().equals(status.ids.get(VolumeRestore.RESTORED_ID))) {
      throw new UserException("VolumeSnapshot " + upgrade.backup() + ", taken before MLflow " + upgrade.target()
          + ", was already restored by the annotation " + VolumeRestore.ANNOTATION + " (status.ids "
          + VolumeRestore.RESTORED_ID + "), so it cannot be restored again with the rollback; nothing was changed");
    }
    String what = name + " in namespace " + deployments.namespace() + " from MLflow " + upgrade.target() + " to "
        + upgrade.from() + " on a new volume cut from VolumeSnapshot " + upgrade.backup() + ", taken before the"
        + " upgrade (MLflow restarts; what was written since that snapshot is lost)";
    if (!yes && !confirmed(what)) {
      out.println("Nothing was changed.");
      return 1;
    }
    deployments.annotate(name, Map.of(VolumeRestore.ANNOTATION, upgrade.backup(),
        UpgradeRollback.ANNOTATION, upgrade.target()));
    out.println(name + ": asked the operator to roll back to MLflow " + upgrade.from() + " on VolumeSnapshot "
        + upgrade.backup() + "; the PVC in use is kept (labelled " + VolumeRestore.REPLACED_LABEL + "). Set"
        + " spec.mlflow.version: \"" + upgrade.from() + "\" in your spec (until then the status says"
        + " UpgradeRolledBack)");
    out.flush();
    return wait.map(timeout -> new ClusterRestore(deployments, terminal, clock)
        .follow(name, upgrade.backup(), timeout, out, err)).orElse(0);
  }

  private boolean confirmed(String what) {
    if (!terminal.isInteractive()) {
      throw new UserException("rollback would move " + what + "; there is no terminal to ask on, so run it again"
          + " with --yes to confirm");
    }
    String answer = terminal.readLine("Roll back " + what + "? [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }
}
