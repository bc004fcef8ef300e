package dev.mlflowoperator.validation;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Patterns;
import dev.mlflowoperator.status.Reasons;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/** Refuses valid spec changes that the platform cannot carry out without losing data. */
public final class SpecChangeGuard {
  /** In {@code status.ids}: the MLflow version a rollback went back from (the upgrade it undid). */
  public static final String ROLLED_BACK_FROM = "rollback/from";
  /** In {@code status.ids}: the version it went back to, on the data of the backup taken before that upgrade. */
  public static final String ROLLED_BACK_TO = "rollback/to";

  private SpecChangeGuard() {}

  /**
   * A refusal when {@code requested} is smaller than the size the volume has now ({@code current},
   * as read from the platform); volumes only grow.
   */
  public static Optional<Refusal> storageDecrease(String current, String requested) {
    if (current == null || requested == null || !current.matches(Patterns.SIZE) || !requested.matches(Patterns.SIZE)) {
      return Optional.empty();
    }
    if (Quantity.getAmountInBytes(new Quantity(requested))
        .compareTo(Quantity.getAmountInBytes(new Quantity(current))) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Refusal("spec.storage.size", Reasons.STORAGE_SHRINK_REFUSED,
        "cannot shrink the volume from " + current + " to " + requested
            + "; a volume can only grow, so set size to " + current + " or more"));
  }

  /**
   * A refusal when the resource asks for an MLflow version older than the last one that ran
   * (status.mlflowVersion): its database migrations cannot be undone. The one exception is a recorded rollback: the
   * version that ran is the one a rollback went back from ({@link #ROLLED_BACK_FROM}) and the spec asks for the
   * version it went back to ({@link #ROLLED_BACK_TO}), whose data the pre-upgrade backup restored.
   */
  public static Optional<Refusal> versionDowngrade(MlflowDeployment resource) {
    var status = resource.getStatus();
    String lastRan = status == null ? null : status.mlflowVersion;
    String requested = resource.getSpec() == null || resource.getSpec().mlflow == null
        ? null : resource.getSpec().mlflow.version;
    if (status != null && status.ids != null && lastRan != null && requested != null
        && lastRan.equals(status.ids.get(ROLLED_BACK_FROM)) && requested.equals(status.ids.get(ROLLED_BACK_TO))) {
      return Optional.empty();
    }
    return versionDowngrade(lastRan, requested);
  }

  /** A refusal when {@code requested} is an older MLflow release than {@code lastRan}. */
  public static Optional<Refusal> versionDowngrade(String lastRan, String requested) {
    if (lastRan == null || requested == null
        || !lastRan.matches(Patterns.PINNED_VERSION) || !requested.matches(Patterns.PINNED_VERSION)
        || Arrays.compare(release(requested), release(lastRan)) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Refusal("spec.mlflow.version", Reasons.VERSION_DOWNGRADE_REFUSED,
        "cannot downgrade MLflow from " + lastRan + " to " + requested
            + "; its database migrations cannot be undone, so set version to " + lastRan + " or later"));
  }

  /** True when {@code requested} is a newer MLflow release than {@code lastRan} (both pinned, as x.y.z). */
  public static boolean isUpgrade(String lastRan, String requested) {
    return lastRan != null && requested != null
        && lastRan.matches(Patterns.PINNED_VERSION) && requested.matches(Patterns.PINNED_VERSION)
        && Arrays.compare(release(requested), release(lastRan)) > 0;
  }

  private static BigInteger[] release(String version) {
    return Arrays.stream(version.split("\\.")).map(BigInteger::new).toArray(BigInteger[]::new);
  }
}
