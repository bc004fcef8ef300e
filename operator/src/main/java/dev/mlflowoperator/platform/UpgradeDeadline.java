package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.MlflowModel;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.SyncResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The bounded time MLflow has to become available at a new version once the loop rolled it out after its
 * pre-upgrade backup, measured from the rollout's start (recorded under {@link #rolloutStartedKey}), and the
 * UpgradeFailed result, naming that backup and the way back, once it has passed.
 */
public final class UpgradeDeadline {
  /**
   * How long a rolled-out MLflow version (its {@code mlflow db upgrade} included) has to become available: the time
   * the platforms give it to start before a failed health check stops it.
   */
  public static final Duration TIMEOUT = MlflowModel.STARTUP;

  private final Clock clock;

  UpgradeDeadline(Clock clock) {
    this.clock = clock;
  }

  /** The key in {@code status.ids} of the time (RFC 3339) the loop first rolled out MLflow {@code version}. */
  public static String rolloutStartedKey(String version) {
    return "upgrade/" + version + "/rolloutStarted";
  }

  /** Records now as the rollout's start of {@code version}, unless a start (a readable one) is already recorded. */
  Instant started(Stack stack, String version) {
    String key = rolloutStartedKey(version);
    Optional<Instant> recorded = parse(stack.ids().get(key));
    if (recorded.isPresent()) {
      return recorded.get();
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    stack.ids().put(key, now.toString());
    return now;
  }

  /**
   * UpgradeFailed when MLflow is not running {@code target} {@link #TIMEOUT} after {@code started}; empty while
   * there is time left or once it runs.
   */
  Optional<SyncResult> check(Stack stack, String ran, String target, String backup, Instant started,
      String running) {
    if (target.equals(running) || clock.instant().isBefore(started.plus(TIMEOUT))) {
      return Optional.empty();
    }
    return Optional.of(SyncResult.failed(Reasons.UPGRADE_FAILED, "MLflow " + target + " did not become available"
        + " within " + TIMEOUT.toMinutes() + " minutes of its rollout (started " + started + "); its database"
        + " migration may have run part-way. The data volume was backed up before it: backup " + backup + ". To go"
        + " back to MLflow " + ran + " on that backup's data, run " + rollbackCommand(stack) + "."));
  }

  /** The mlflowctl command that rolls the upgrade back on the stack's platform. */
  private static String rollbackCommand(Stack stack) {
    String command = "mlflowctl rollback " + stack.names().deployment();
    return stack.spec().target == Target.KUBERNETES ? command + " --cluster -n " + stack.namespace() : command;
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
