package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.platform.StackPlan;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the operator runs one resource on its platform (the Flink operator's per-mode reconciler, picked by
 * {@link PlatformModes}): the reconcile through the one loop, when to come back, and the deletion.
 */
interface PlatformMode {
  /** Runs the loop once, handing {@code planned} the plan before it is applied. */
  ReconcileReport reconcile(MlflowDeployment resource, Consumer<StackPlan> planned);

  /** When to reconcile again although nothing changed; empty: on the next event (or the maximum interval). */
  Optional<Duration> requeueAfter(MlflowDeployment resource, boolean ready);

  /**
   * True when the resource handed to a reconcile, from the operator's cache, will do: every write of its status the
   * mode makes is cached. False (the default): it is read again from the API server first.
   */
  default boolean readsFromCaches() {
    return false;
  }

  /** Deletes what the resource owns on the platform, as its deletionPolicy says. */
  void delete(MlflowDeployment resource);
}
