package dev.mlflowoperator.platform;

import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.PlatformAddresses;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.status.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a platform implements so that {@link ReconcileLoop} can run a stack on it (Crossplane's external client):
 * observe changes nothing, plan is pure, apply makes the fewest writes and records each ID as soon as it exists,
 * delete follows {@code deletionPolicy}. A refusal is a {@link TerminalException} with a reason from
 * {@code status.Reasons}, thrown before any write.
 *
 * @param <O> what one observation of the platform holds
 * @param <P> the platform's plan: typed changes, each with reasons a person can read
 */
public interface Platform<O, P extends StackPlan> {
  /**
   * Reads what exists under the stack's names and recorded IDs, and records in {@link Stack#ids()} the IDs it finds
   * (and forgets those of what is gone). Refuses anything found under our names or IDs that is not ours.
   */
  O observe(Stack stack);

  /**
   * The proxy credentials the platform already holds for the stack, one per user it holds a password for, the
   * first user's first (a username may be missing where the platform lost it); empty before they exist.
   */
  List<Credentials> storedCredentials(Stack stack, O observed);

  /**
   * True when {@link #storedCredentials} already reads the credentials Secret (a Kubernetes stack's own object), so
   * that it is not read again through the Secrets of the namespace when it holds none.
   */
  default boolean storesCredentialsSecret() {
    return false;
  }

  /** How services reach each other on this platform and the public hosts known so far. */
  PlatformAddresses addresses(Stack stack, O observed);

  /** The changes, in apply order, that bring {@code observed} in line with {@code desired}. Pure. */
  P plan(Stack stack, DesiredStack desired, O observed);

  /**
   * Makes the plan's writes and says what the stack then is. {@code design} gives the desired stack again for
   * addresses learned while applying (Railway names a public domain only when it creates it).
   */
  PlatformReport apply(Stack stack, P plan, O observed, StackDesign design);

  /** Deletes what the stack owns; its data volume only under {@code deletionPolicy: Delete}; never what is not ours. */
  void delete(Stack stack);

  /** True when nothing the stack owns is left but a volume kept by {@code deletionPolicy: Retain}. */
  boolean deleted(Stack stack, O observed);

  /**
   * Starts a backup of the data volume before MLflow's version changes (kind {@code beforeUpgrade}, never pruned)
   * and returns the platform's ID to follow it by; the loop records it so that one upgrade starts one backup. A
   * platform that cannot take one refuses with a {@link TerminalException} naming the field to set, before any write.
   */
  String startBackup(Stack stack, O observed);

  /**
   * Refuses, as {@link #startBackup} would and writing nothing, a backup this platform cannot take for the stack;
   * what plan says instead of a wait that run would never begin. Nothing by default.
   */
  default void refuseImpossibleBackup(Stack stack) {}

  /** Where the backup {@code id} that {@link #startBackup} (or {@link #requestedBackup}) gave is now. */
  BackupProgress backupProgress(Stack stack, O observed, String id);

  /**
   * The backup before an upgrade to the spec's version that a {@link #startBackup} sent at or after {@code requested}
   * started, found among what {@code observed} read, for a run that ended before recording its ID; empty while the
   * platform does not show it (Railway lists a backup once it has completed).
   */
  Optional<String> requestedBackup(Stack stack, O observed, Instant requested);

  /** The key in {@link Stack#ids()} of the data volume's ID (a plan that creates it again means the data is gone). */
  String dataVolumeKey(Stack stack);

  /**
   * The backup (the ID {@link #startBackup} returned) whose data this reconcile's apply moves the data volume onto,
   * found by observe; empty on a platform whose restores are not a reconcile step.
   */
  default Optional<String> restoring(Stack stack, O observed) {
    return Optional.empty();
  }

  /**
   * True when {@code failure}, thrown by {@link #apply}, may have come after a write took effect: sent, but no clear
   * answer came back. {@link ReconcileLoop} then observes again and goes on from what it finds instead of ending the
   * run. False by default: the run ends and the next one observes first.
   */
  default boolean unclearOutcome(RuntimeException failure) {
    return false;
  }

  /**
   * A failure of the platform's own API that is reported in status and retried on the next reconcile, rather than
   * thrown; empty for a failure the caller handles (the operator retries it with back-off).
   */
  Optional<SyncResult> reportable(RuntimeException failure, Redactor redactor);
}
