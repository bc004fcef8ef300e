package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.AuthSpec;
import dev.mlflowoperator.api.v1alpha1.ComponentStatus;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.UserStatus;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.DataVolumeRecreated;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import dev.mlflowoperator.status.SyncResult;
import dev.mlflowoperator.validation.SpecChangeGuard;
import dev.mlflowoperator.validation.SpecValidator;
import dev.mlflowoperator.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one reconcile of a stack, on any {@link Platform}: validation, the refusals that would lose data, observe,
 * the backup an upgrade waits for (the version that ran is applied until it has completed) and the time its rollout
 * has to become available, then the credentials, then the desired stack, plan, apply (observing again and going on
 * after a write whose outcome is unclear), drift, and the report for {@link StatusRecorder}. The
 * operator, {@code mlflowctl apply/plan/delete/env} and {@code mlflowctl run} all go through it.
 */
public final class ReconcileLoop<O, P extends StackPlan> {
  /** How many times one run observes again after a write whose outcome is unclear before it gives up. */
  static final int REOBSERVES = 2;

  private final Platform<O, P> platform;
  private final CredentialsGenerator generator;
  private final Function<MlflowDeployment, List<Violation>> validator;
  private final UpgradeDeadline deadline;
  private final Clock clock;

  /** A loop on the system clock. */
  public ReconcileLoop(Platform<O, P> platform, CredentialsGenerator generator) {
    this(platform, generator, Clock.systemUTC());
  }

  public ReconcileLoop(Platform<O, P> platform, CredentialsGenerator generator, Clock clock) {
    this(platform, generator, new SpecValidator()::validate, clock);
  }

  /**
   * A loop whose {@code clock} times an upgrade's rollout (see {@link Reasons#UPGRADE_FAILED}) and spaces out the
   * attempts at a failing backup before it.
   */
  public ReconcileLoop(Platform<O, P> platform, CredentialsGenerator generator,
      Function<MlflowDeployment, List<Violation>> validator, Clock clock) {
    this.platform = platform;
    this.generator = generator;
    this.validator = validator;
    this.deadline = new UpgradeDeadline(clock);
    this.clock = clock;
  }

  /**
   * What one run hands out on the way: every user's credentials in use, the plan before it is applied, and the IDs to record
   * at once ({@code checkpoint}: before a mutation that cannot be found again by name, such as a backup's start, so
   * that a run that ends before its report still leaves the intent recorded).
   */
  public record Listener(Consumer<List<Credentials>> credentials, Consumer<StackPlan> plan,
      Consumer<Map<String, String>> checkpoint) {
    /** A listener that records nothing before the run's report. */
    public Listener(Consumer<List<Credentials>> credentials, Consumer<StackPlan> plan) {
      this(credentials, plan, ids -> {});
    }

    public static Listener none() {
      return new Listener(c -> {}, p -> {});
    }
  }

  /**
   * Brings the platform in line with the resource's spec; a refusal, an invalid spec and a platform failure that
   * is {@linkplain Platform#reportable reportable} come back in the report, never thrown.
   */
  public ReconcileReport run(MlflowDeployment resource, SecretResolver secrets, Listener listener) {
    long generation = generationOf(resource);
    var invalid = invalid(resource);
    if (invalid.isPresent()) {
      return ReconcileReport.notApplied(generation, invalid.get());
    }
    var stack = new Stack(resource, secrets);
    try {
      refuseLossyChanges(stack);
      O observed = platform.observe(stack);
      UpgradeRollback.forgetOnceMoved(stack, ranVersion(resource), generation);
      var rollingBack = UpgradeRollback.pending(stack, platform.restoring(stack, observed), ranVersion(resource));
      // A rollback (carried out now or recorded) keeps the version before the upgrade: no gate, no rollout.
      Optional<String> kept = rollingBack.map(UpgradeRollback.Upgrade::from).or(() -> UpgradeRollback.kept(stack));
      Optional<SyncResult> upgrading = kept.isPresent() ? Optional.empty() : upgradeGate(stack, observed, listener.checkpoint());
      // While the backup before an upgrade runs, the version that ran is what is applied (and repaired).
      Stack applied = kept.map(stack::atMlflowVersion)
          .orElseGet(() -> upgrading.isPresent() ? stack.atMlflowVersion(ranVersion(resource)) : stack);
      Optional<Instant> rollout = upgrading.isPresent() || kept.isPresent() ? Optional.empty() : upgradeRollout(stack);
      Users users = credentials(stack, observed);
      listener.credentials().accept(users.credentials());
      StackDesign design = addresses -> DesiredStackFactory.build(applied.names().deployment(), applied.spec(),
          users.credentials(), addresses);
      P plan = platform.plan(applied, design.with(platform.addresses(applied, observed)), observed);
      listener.plan().accept(plan);
      // Changes found while this generation was already applied were made out of band: drift.
      var repaired = plan.driftReasons();
      boolean drift = !repaired.isEmpty() && !users.rotated() && wasSynced(resource.getStatus(), generation);
      String volumeKey = platform.dataVolumeKey(stack);
      boolean volumeLost = plan.createsDataVolume() && previousId(resource, volumeKey) != null;
      var report = applyObservingAgain(stack, applied, plan, observed, design);
      stack.ids().put(RecordedIds.STORAGE_SIZE, stack.spec().storage.size);
      rollingBack.ifPresent(upgrade -> UpgradeRollback.record(stack.ids(), upgrade, generation));
      String target = stack.spec().mlflow.version;
      Optional<SyncResult> failedUpgrade = rollout.flatMap(started -> deadline.check(stack, ranVersion(resource),
          target, stack.ids().get(upgradeBackupKey(target)), started, report.runningMlflowVersion()));
      Optional<SyncResult> rolledBack = kept.map(version -> UpgradeRollback.rolledBack(stack));
      return new ReconcileReport(generation, upgrading.or(() -> rolledBack).or(() -> failedUpgrade)
          .orElseGet(() -> sync(resource, generation, volumeKey, stack.ids().get(volumeKey), volumeLost)),
          components(report, resource, volumeKey, stack.ids().get(volumeKey), volumeLost), report.url(),
          stack.ids().asMap(), report.runningMlflowVersion(), drift ? repaired : List.of(), report.health(),
          report.backup(), users.status());
    } catch (TerminalException e) {
      return failed(generation, SyncResult.failed(e.reason(), stack.secrets().redactor().apply(e.getMessage())), stack);
    } catch (RuntimeException e) {
      var reported = platform.reportable(e, stack.secrets().redactor());
      if (reported.isEmpty()) {
        throw e;
      }
      // Some changes may have been applied: keep the IDs learned so far; the next reconcile observes first.
      return failed(generation, reported.get(), stack);
    }
  }

  /**
   * Applies {@code plan}; after a write whose outcome is {@linkplain Platform#unclearOutcome unclear}, observes again
   * and applies the plan made from what it finds, at most {@link #REOBSERVES} times in one run: a write that took
   * effect is then not repeated, and one that did not is sent again. Drift and a recreated volume were read from the
   * first plan, which saw the stack as it was before this run.
   */
  private PlatformReport applyObservingAgain(Stack stack, Stack applied, P plan, O observed, StackDesign design) {
    for (int reobserved = 0; ; reobserved++) {
      try {
        return platform.apply(applied, plan, observed, design);
      } catch (RuntimeException e) {
        if (reobserved == REOBSERVES || e instanceof TerminalException || !platform.unclearOutcome(e)) {
          throw e;
        }
        observed = platform.observe(stack);
        plan = platform.plan(applied, design.with(platform.addresses(applied, observed)), observed);
      }
    }
  }

  /**
   * What run would change, changing nothing: while an upgrade waits for its backup, the line that says so and the
   * plan at the version that ran. A refusal is thrown as a {@link TerminalException}, a platform failure as it came,
   * with the secrets read so far taken out of its message where the platform can say it.
   */
  public LoopPlan<P> plan(MlflowDeployment resource, SecretResolver secrets) {
    var stack = new Stack(resource, secrets);
    refuseLossyChanges(stack);
    O observed = platform.observe(stack);
    Optional<String> kept = UpgradeRollback.pending(stack, platform.restoring(stack, observed), ranVersion(resource))
        .map(UpgradeRollback.Upgrade::from).or(() -> UpgradeRollback.kept(stack));
    var upgradeWait = kept.isPresent() ? Optional.<LoopPlan.UpgradeWait>empty() : upgradeWait(stack, observed);
    Stack applied = kept.map(stack::atMlflowVersion)
        .orElseGet(() -> upgradeWait.isPresent() ? stack.atMlflowVersion(ranVersion(resource)) : stack);
    var desired = DesiredStackFactory.build(applied.names().deployment(), applied.spec(),
        credentials(stack, observed).credentials(),
        platform.addresses(applied, observed));
    return new LoopPlan<>(upgradeWait, platform.plan(applied, desired, observed));
  }

  /**
   * The proxy credentials the platform holds for the deployment's users ({@link Credentials#heldFor}), observing
   * only, in the spec's order, each under the spec's username; a user without a password yet is left out.
   */
  public List<Credentials> storedCredentials(MlflowDeployment resource) {
    var stack = new Stack(resource, SecretResolver.none());
    var users = resource.getSpec().proxy.auth.userList();
    var stored = platform.storedCredentials(stack, platform.observe(stack));
    var usernames = users.stream().map(user -> user.username).toList();
    var held = new ArrayList<Credentials>();
    for (int i = 0; i < users.size(); i++) {
      String username = usernames.get(i);
      Credentials.heldFor(stored, usernames, i)
          .ifPresent(c -> held.add(new Credentials(username, c.password(), c.passwordHash())));
    }
    return held;
  }

  /** Deletes what the deployment owns on the platform (its volume only under deletionPolicy Delete). */
  public void delete(MlflowDeployment resource) {
    var stack = new Stack(resource, SecretResolver.none());
    platform.delete(stack);
    generator.forget(stack.namespace(), resource.getMetadata().getName());
  }

  /** True once nothing the deployment owns is left on the platform but a retained volume; observing only. */
  public boolean deleted(MlflowDeployment resource) {
    var stack = new Stack(resource, SecretResolver.none());
    return platform.deleted(stack, platform.observe(stack));
  }

  /** Refuses a spec the validator refuses, naming each field. */
  private Optional<SyncResult> invalid(MlflowDeployment resource) {
    if (resource.getSpec() == null || resource.getSpec().target == null) {
      return Optional.of(SyncResult.failed(Reasons.TARGET_NOT_SUPPORTED, "spec.target: set it to kubernetes or railway."));
    }
    var violations = validator.apply(resource);
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SyncResult.failed(Reasons.INVALID_SPEC,
        violations.stream().map(Violation::toString).collect(Collectors.joining("; "))));
  }

  /**
   * Refuses, before any request, what would lose data: an MLflow older than the one that ran, or a storage size
   * smaller than the one a reconcile last applied (volumes only grow, on every platform).
   */
  private static void refuseLossyChanges(Stack stack) {
    SpecChangeGuard.versionDowngrade(stack.resource())
        .or(() -> SpecChangeGuard.storageDecrease(stack.ids().get(RecordedIds.STORAGE_SIZE), stack.spec().storage.size))
        .ifPresent(refusal -> {
          throw TerminalException.of(refusal);
        });
  }

  /**
   * The backup before an upgrade, when spec.mlflow.version is newer than the version that ran and
   * spec.backup.beforeUpgrade is on: requested once (the time recorded and {@code checkpoint}ed before it is sent,
   * its ID recorded under {@link #upgradeBackupKey} once it is), then followed. A run that ended in between leaves the
   * request without an ID: the backup it started is looked for and adopted rather than another started. Empty when
   * there is nothing to wait for (no upgrade, or its backup completed); the Upgrading result while it runs; a failed
   * one is forgotten and thrown as UpgradeBackupFailed, and the next is started only after a delay that doubles with
   * each failure ({@link UpgradeBackupAttempts}).
   */
  private Optional<SyncResult> upgradeGate(Stack stack, O observed, Consumer<Map<String, String>> checkpoint) {
    String ran = ranVersion(stack.resource());
    String target = stack.spec().mlflow.version;
    if (!beforeUpgrade(stack) || !SpecChangeGuard.isUpgrade(ran, target)) {
      return Optional.empty();
    }
    String key = upgradeBackupKey(target);
    String step = "MLflow " + ran + " -> " + target;
    String keepsRunning = "MLflow " + ran + " keeps running and " + target
        + " is rolled out once the backup has completed.";
    var attempts = new UpgradeBackupAttempts(stack.ids(), target);
    Instant now = clock.instant();
    String id = stack.ids().get(key);
    if (id == null) {
      var requested = attempts.requested();
      id = requested.flatMap(at -> platform.requestedBackup(stack, observed, at)).orElse(null);
      if (id == null && requested.isPresent() && now.isBefore(UpgradeBackupAttempts.lookedForUntil(requested.get()))) {
        return Optional.of(SyncResult.failed(Reasons.UPGRADING, "backing up the data volume before " + step
            + " (requested at " + requested.get() + "; the run that sent it ended, or got an error, before recording its"
            + " ID: it is taken over once the platform lists it, or another is started at "
            + UpgradeBackupAttempts.lookedForUntil(requested.get()) + "); " + keepsRunning));
      }
      if (id == null) {
        var next = attempts.nextAttempt().filter(now::isBefore);
        if (next.isPresent()) {
          throw backupFailed(step, target, "backup " + attempts.lastFailed(), attempts, next.get());
        }
        attempts.request(now);
        checkpoint.accept(stack.ids().asMap());
        try {
          id = platform.startBackup(stack, observed);
        } catch (TerminalException refused) {
          // A platform refuses before any write (Platform#startBackup): nothing was requested.
          attempts.withdraw();
          throw refused;
        }
      }
      stack.ids().put(key, id);
      stack.ids().put(UpgradeRollback.fromKey(target), ran);
    }
    var progress = platform.backupProgress(stack, observed, id);
    return switch (progress.state()) {
      case COMPLETE -> Optional.empty();
      case RUNNING -> Optional.of(SyncResult.failed(Reasons.UPGRADING, "backing up the data volume before " + step
          + " (backup " + id + "); " + keepsRunning));
      case FAILED -> {
        stack.ids().put(key, null);
        attempts.failed(id, now);
        throw backupFailed(step, target, "backup " + id + ": " + progress.message(), attempts,
            attempts.nextAttempt().orElseThrow());
      }
    };
  }

  private static TerminalException backupFailed(String step, String target, String which,
      UpgradeBackupAttempts attempts, Instant next) {
    int failures = attempts.failures();
    return new TerminalException(Reasons.UPGRADE_BACKUP_FAILED, "the backup of the data volume before " + step
        + " failed (" + which + "); nothing of " + target + " was deployed. It has failed " + failures
        + (failures == 1 ? " time" : " times") + "; the next attempt at " + next + " starts a new backup. To upgrade"
        + " without one, set spec.backup.beforeUpgrade: false.");
  }

  /**
   * When the pre-upgrade backup has completed and the version that ran is older than the spec's, the time the new
   * version's rollout started (recorded now at the first such run); empty when no such upgrade is under way.
   */
  private Optional<Instant> upgradeRollout(Stack stack) {
    String target = stack.spec().mlflow.version;
    if (!beforeUpgrade(stack) || !SpecChangeGuard.isUpgrade(ranVersion(stack.resource()), target)
        || stack.ids().get(upgradeBackupKey(target)) == null) {
      return Optional.empty();
    }
    return Optional.of(deadline.started(stack, target));
  }

  private static boolean beforeUpgrade(Stack stack) {
    return stack.spec().backup == null || !Boolean.FALSE.equals(stack.spec().backup.beforeUpgrade);
  }

  /**
   * The upgrade gate as plan sees it, reading only: the wait while run would start a backup or follow a running (or
   * failed, so started again) one; empty when there is no gated upgrade or its backup has completed; the refusal
   * run gives when the platform cannot take the backup.
   */
  private Optional<LoopPlan.UpgradeWait> upgradeWait(Stack stack, O observed) {
    String target = stack.spec().mlflow.version;
    if (!beforeUpgrade(stack) || !SpecChangeGuard.isUpgrade(ranVersion(stack.resource()), target)) {
      return Optional.empty();
    }
    String id = stack.ids().get(upgradeBackupKey(target));
    var state = id == null ? null : platform.backupProgress(stack, observed, id).state();
    if (state == BackupProgress.State.COMPLETE) {
      return Optional.empty();
    }
    if (state == BackupProgress.State.RUNNING) {
      return Optional.of(new LoopPlan.UpgradeWait(target, id));
    }
    // run starts a backup now (none yet, or the last one failed), refusing one the platform cannot take: so does plan.
    platform.refuseImpossibleBackup(stack);
    return Optional.of(new LoopPlan.UpgradeWait(target, null));
  }

  /** The key in {@code status.ids} of the backup taken before rolling out MLflow {@code version}. */
  public static String upgradeBackupKey(String version) {
    return "upgrade/" + version + "/backup";
  }

  private static String ranVersion(MlflowDeployment resource) {
    return resource.getStatus() == null ? null : resource.getStatus().mlflowVersion;
  }

  /**
   * The one path to the proxy credentials, for each user of the spec: the user's password if the spec references
   * one, else the one the platform holds for that user ({@link Credentials#heldFor}: under their username, or at
   * their position under a name the spec does not list), else the one in the credentials secret; generated only
   * when there is none. A user the spec no longer lists is not carried over, so their keys go. A rotation the
   * {@link RotateAnnotation} asks for and the status has not recorded yet drops what is held for that user alone: a
   * new password is generated (a referenced one is read again, as on every run); the others keep theirs and their
   * hashes. Each user's
   * status says when their password last changed (now when it did, else as the previous status said) and the nonce
   * of the last rotation handled.
   */
  private Users credentials(Stack stack, O observed) {
    var auth = stack.spec().proxy.auth;
    var users = auth.userList();
    var held = platform.storedCredentials(stack, observed);
    var stored = held.isEmpty() && !platform.storesCredentialsSecret() ? credentialsSecret(stack) : held;
    var usernames = users.stream().map(user -> user.username).toList();
    var previous = previousUsers(stack.resource());
    var rotate = RotateAnnotation.of(stack.resource());
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var credentials = new ArrayList<Credentials>();
    var status = new ArrayList<UserStatus>();
    boolean rotated = false;
    for (int i = 0; i < users.size(); i++) {
      var user = users.get(i);
      String field = auth.pathOf(i) + ".passwordSecretRef";
      String userPassword = user.passwordSecretRef == null ? null : referencedPassword(stack, user.passwordSecretRef, field);
      var before = Optional.ofNullable(previous.get(user.username));
      String handled = before.map(u -> u.rotation).orElse(null);
      var rotation = rotate.filter(r -> r.username().equals(user.username) && !r.nonce().equals(handled));
      var holds = Credentials.heldFor(stored, usernames, i);
      // A rotation not handled yet drops what is held for this user only, so a new password is generated; a
      // referenced password is read again anyway (its hash kept while it matches, so an unchanged one rolls nothing).
      var kept = rotation.isPresent() && userPassword == null ? Optional.<Credentials>empty() : holds;
      rotated |= rotation.isPresent();
      try {
        String slot = CredentialsGenerator.slot(stack.namespace(), stack.resource().getMetadata().getName(), i);
        var resolved = generator.resolve(slot, user.username, userPassword,
            kept.map(Credentials::password).orElse(null), kept.map(Credentials::passwordHash).orElse(null));
        stack.secrets().add(resolved);
        credentials.add(resolved);
        boolean same = holds.map(Credentials::password).filter(resolved.password()::equals).isPresent();
        status.add(new UserStatus(user.username, same ? before.map(u -> u.passwordChanged).orElse(null) : now,
            rotation.map(RotateAnnotation::nonce).orElse(handled)));
      } catch (IllegalArgumentException e) {
        // Only a user-supplied password can be refused (too long for bcrypt); retrying cannot help.
        throw new TerminalException(Reasons.PASSWORD_REFUSED,
            e.getMessage().replace("spec.proxy.auth.passwordSecretRef", field));
      }
    }
    return new Users(credentials, status, rotated);
  }

  /** Every user's credentials and their status; {@code rotated} when a rotation was handled now (not drift). */
  private record Users(List<Credentials> credentials, List<UserStatus> status, boolean rotated) {}

  private static String referencedPassword(Stack stack, SecretKeyRef ref, String field) {
    return stack.secrets().value(ref.name, ref.key).filter(p -> !p.isEmpty())
        .orElseThrow(() -> new TerminalException(Reasons.PASSWORD_SECRET_NOT_FOUND,
            field + ": Secret '" + ref.name + "'" + where(stack) + " has no key '" + ref.key
                + "'; create it or remove the reference to get a generated password."));
  }

  /**
   * The users' passwords in the credentials secret (where the operator also keeps those of a Railway stack), read
   * while the platform holds none and is not itself where that secret is kept: the first user's keys, then each next
   * user's while there is one.
   */
  private static List<Credentials> credentialsSecret(Stack stack) {
    var users = new ArrayList<Credentials>();
    String name = stack.names().credentials();
    for (int i = 0; i < AuthSpec.MAX_USERS; i++) {
      var password = stack.secrets().value(name, Credentials.key(Credentials.PASSWORD_KEY, i));
      if (password.isEmpty()) {
        break;
      }
      users.add(new Credentials(stack.secrets().value(name, Credentials.key(Credentials.USERNAME_KEY, i)).orElse(null),
          password.get(), null));
    }
    return users;
  }

  /** Each user as the previous status recorded them (when their password last changed, their last rotation). */
  private static Map<String, UserStatus> previousUsers(MlflowDeployment resource) {
    var status = resource.getStatus();
    var users = new HashMap<String, UserStatus>();
    if (status != null && status.users != null) {
      status.users.stream().filter(u -> u.username != null).forEach(u -> users.put(u.username, u));
    }
    return users;
  }

  private static String where(Stack stack) {
    return stack.namespace() == null ? "" : " in namespace '" + stack.namespace() + "'";
  }

  /**
   * Synced, or DataVolumeRecreated when this reconcile replaced a data volume deleted out of band: said until the
   * spec next changes, so that the next event's reconcile does not hide it.
   */
  private static SyncResult sync(MlflowDeployment resource, long generation, String volumeKey, String volumeId,
      boolean volumeLost) {
    return volumeLost || DataVolumeRecreated.syncedFor(resource.getStatus(), generation, volumeKey, volumeId)
        ? DataVolumeRecreated.sync() : SyncResult.success();
  }

  /** The platform's component states; the storage one says the data is gone as long as the replacement lives. */
  private static Map<String, ComponentStatus> components(
      PlatformReport report, MlflowDeployment resource, String volumeKey, String volumeId, boolean volumeLost) {
    var components = report.components();
    var storage = components.get(StackNames.COMPONENT_STORAGE);
    if (storage != null && (volumeLost || DataVolumeRecreated.reportedFor(resource.getStatus(), volumeKey, volumeId))) {
      components.put(StackNames.COMPONENT_STORAGE, DataVolumeRecreated.storage(storage));
    }
    return components;
  }

  private static ReconcileReport failed(long generation, SyncResult sync, Stack stack) {
    return new ReconcileReport(generation, sync, null, null, stack.ids().asMap(), null, List.of());
  }

  private static String previousId(MlflowDeployment resource, String key) {
    var status = resource.getStatus();
    return status == null || status.ids == null ? null : status.ids.get(key);
  }

  /** True when the previous status says this generation was applied. */
  public static boolean wasSynced(MlflowDeploymentStatus status, long generation) {
    return status != null
        && Objects.equals(status.observedGeneration, generation)
        && status.conditions.stream()
            .anyMatch(c -> StatusRecorder.SYNCED.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The resource's generation, 0 when it has none yet. */
  public static long generationOf(MlflowDeployment resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
