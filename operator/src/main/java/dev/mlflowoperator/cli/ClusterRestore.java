package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.kubernetes.VolumeRestore;
import dev.mlflowoperator.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mlflowctl restore --cluster}: asks the operator for a restore by setting the
 * {@code mlflow-operator.dev/restore-from} annotation on the MlflowDeployment (as one would with kubectl annotate),
 * after asking; with --wait, follows the status until the operator recorded the restore or refused it.
 */
final class ClusterRestore {
  private final ClusterDeployments deployments;
  private final Terminal terminal;
  private final Clock clock;

  ClusterRestore(ClusterDeployments deployments, Terminal terminal, Clock clock) {
    this.deployments = deployments;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** 0 asked (restored, with --wait), 1 not confirmed or refused, 3 timed out waiting. */
  int run(String name, String snapshot, boolean yes, Optional<Duration> wait, PrintWriter out, PrintWriter err) {
    MlflowDeployment deployment = deployments.get(name);
    if (deployment.getSpec().target != Target.KUBERNETES) {
      throw new UserException(name + " runs on " + deployment.getSpec().target + ", not in the cluster: restore"
          + " --cluster restores a Kubernetes data volume only");
    }
    if (restored(deployment, snapshot) && snapshot.equals(annotation(deployment))) {
      out.println(name + ": VolumeSnapshot " + snapshot + " is already restored; MLflow runs on PVC "
          + deployment.getStatus().ids.get(VolumeRestore.VOLUME_ID));
      return 0;
    }
    String what = name + " in namespace " + deployments.namespace() + " onto a new volume cut from VolumeSnapshot "
        + snapshot + " (MLflow restarts; runs logged since the snapshot are not on it)";
    if (!yes && !confirmed(what)) {
      out.println("Nothing was changed.");
      return 1;
    }
    deployments.annotate(name, Map.of(VolumeRestore.ANNOTATION, snapshot));
    out.println(name + ": asked the operator to restore VolumeSnapshot " + snapshot + " onto a new PVC; the PVC in"
        + " use is kept (labelled " + VolumeRestore.REPLACED_LABEL + ")");
    out.flush();
    return wait.map(timeout -> follow(name, snapshot, timeout, out, err)).orElse(0);
  }

  /** 0 once the operator recorded the restore of {@code snapshot}, 1 when it refused it, 3 after {@code timeout}. */
  int follow(String name, String snapshot, Duration timeout, PrintWriter out, PrintWriter err) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      MlflowDeployment deployment = deployments.get(name);
      if (restored(deployment, snapshot)) {
        out.println(name + ": restored; MLflow runs on PVC " + deployment.getStatus().ids.get(VolumeRestore.VOLUME_ID));
        return 0;
      }
      var refused = refusal(deployment, snapshot);
      if (refused.isPresent()) {
        err.println("error: the operator refused the restore (" + refused.get().getReason() + "): "
            + refused.get().getMessage());
        return 1;
      }
      if (!clock.instant().isBefore(deadline)) {
        err.println("error: the operator has not restored " + snapshot + " into " + name + " after "
            + DurationConverter.format(timeout) + "; is it running? Check with kubectl describe mlflowdeployment "
            + name + " -n " + deployments.namespace());
        return 3;
      }
      try {
        Sleeper.of(clock).sleep(ApplyCommand.POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while waiting for the restore of " + name, e);
      }
    }
  }

  private boolean confirmed(String what) {
    if (!terminal.isInteractive()) {
      throw new UserException("restore would move " + what + "; there is no terminal to ask on, so run it again with"
          + " --yes to confirm");
    }
    String answer = terminal.readLine("Move " + what + "? [y/N] ");
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  private static boolean restored(MlflowDeployment deployment, String snapshot) {
    return deployment.getStatus() != null && deployment.getStatus().ids != null
        && snapshot.equals(deployment.getStatus().ids.get(VolumeRestore.RESTORED_ID));
  }

  /** Synced=False with RestoreSnapshotRefused about this snapshot (a refusal of another one is stale). */
  private static Optional<Condition> refusal(MlflowDeployment deployment, String snapshot) {
    if (deployment.getStatus() == null || deployment.getStatus().conditions == null) {
      return Optional.empty();
    }
    return deployment.getStatus().conditions.stream()
        .filter(c -> "Synced".equals(c.getType()) && "False".equals(c.getStatus())
            && Reasons.RESTORE_SNAPSHOT_REFUSED.equals(c.getReason())
            && c.getMessage() != null && c.getMessage().contains(snapshot))
        .findFirst();
  }

  private static String annotation(MlflowDeployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(VolumeRestore.ANNOTATION);
  }
}
