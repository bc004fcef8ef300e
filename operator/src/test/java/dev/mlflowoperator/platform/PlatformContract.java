package dev.mlflowoperator.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.RotateAnnotation;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.railway.sandbox.ManualClock;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.DataVolumeRecreated;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The behaviour every {@link Platform} must show when {@link ReconcileLoop} drives it, status recorded between runs
 * as the operator does: fresh converge, steady state, drift, a crash after each write, an unanswered write, deletion under both policies,
 * objects that are not ours, and the refusals. A platform runs it by extending this class with its
 * {@link PlatformFixture}.
 */
public abstract class PlatformContract {
  private static final CredentialsGenerator GENERATOR = new CredentialsGenerator();
  private static final List<String> COMPONENTS =
      List.of(StackNames.COMPONENT_MLFLOW, StackNames.COMPONENT_PROXY, StackNames.COMPONENT_STORAGE);

  private final StatusRecorder recorder =
      new StatusRecorder(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));
  /** The loop's clock, which times an upgrade's rollout. */
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T12:00:00Z"));
  private PlatformFixture fixture;
  private ReconcileLoop<?, ?> loop;
  private MlflowDeployment stack;

  /** A fixture on a platform holding nothing yet. */
  protected abstract PlatformFixture start();

  @BeforeEach
  void startPlatform() {
    fixture = start();
    loop = loopOn(fixture.platform());
    stack = fixture.deployment("tracking");
  }

  @AfterEach
  void closePlatform() {
    fixture.close();
  }

  @Test
  void aFreshStackConvergesToReadyWithEveryComponentReadyAUrlAndTheIdsOfWhatExists() {
    run(stack);
    assertThat(condition(stack, StatusRecorder.SYNCED).getStatus()).isEqualTo("True");
    fixture.finishRollouts();
    run(stack);

    assertThat(condition(stack, StatusRecorder.READY).getReason()).isEqualTo("Available");
    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().components).containsOnlyKeys(COMPONENTS);
    assertThat(stack.getStatus().components.values()).extracting(c -> c.state).containsOnly("Ready");
    assertThat(stack.getStatus().url).startsWith("http");
    assertThat(stack.getStatus().mlflowVersion).isEqualTo(stack.getSpec().mlflow.version);
    var inventory = fixture.inventory(stack);
    assertThat(inventory).containsKey(dataVolumeKey());
    assertOneOfEachRecorded(stack);
  }

  @Test
  void theConvergedStackPlansNothingAndTheSteadyStateWritesNothing() {
    converge(stack);
    assertThat(loop.plan(stack, SecretResolver.none()).lines()).isEmpty();
    long writes = fixture.writes();
    var before = stack.getStatus();

    var report = run(stack);

    assertThat(fixture.writes() - writes).isZero();
    assertThat(report.drift()).isEmpty();
    assertThat(stack.getStatus()).isEqualTo(before);
  }

  @Test
  void aStackWithAScheduledJobConvergesWithItsReadyStatusEntryAndIsThenSteady() {
    var withGc = fixture.deployment("housekept");
    withGc.getSpec().mlflow.gc = new GcSpec();
    withGc.getSpec().mlflow.gc.schedule = BackupKind.DAILY;
    withGc.getSpec().mlflow.gc.olderThan = "30d";

    converge(withGc);

    assertThat(withGc.getStatus().components).containsOnlyKeys(StackNames.COMPONENT_MLFLOW,
        StackNames.COMPONENT_PROXY, StackNames.COMPONENT_STORAGE, StackNames.COMPONENT_GC);
    assertThat(withGc.getStatus().components.get(StackNames.COMPONENT_GC).state).isEqualTo("Ready");
    assertThat(loop.plan(withGc, SecretResolver.none()).lines()).isEmpty();
    long writes = fixture.writes();
    run(withGc);
    assertThat(fixture.writes() - writes).as("steady").isZero();
    assertOneOfEachRecorded(withGc);
  }

  @Test
  void aServiceSettingChangedOutOfBandIsPutBackAndListedAsDriftNamingTheField() {
    converge(stack);
    Object setting = fixture.serviceSetting(stack);
    var changed = fixture.changeServiceSetting(stack);
    assertThat(fixture.serviceSetting(stack)).isNotEqualTo(setting);

    var report = run(stack);

    assertThat(report.drift()).contains(changed.driftReason());
    assertThat(stack.getStatus().drift.fields).contains(changed.driftReason());
    assertThat(fixture.serviceSetting(stack)).isEqualTo(setting);
    assertConvergedAgain(stack);
  }

  @Test
  void aServiceDeletedOutOfBandIsCreatedAgain() {
    converge(stack);
    var deleted = fixture.deleteService(stack);
    String before = stack.getStatus().ids.get(deleted.idKey());
    assertThat(fixture.inventory(stack)).doesNotContainKey(deleted.idKey());

    var report = run(stack);

    assertThat(report.drift()).contains(deleted.driftReason());
    assertThat(fixture.inventory(stack).get(deleted.idKey())).singleElement().isNotEqualTo(before);
    assertConvergedAgain(stack);
  }

  @Test
  void theDataVolumeDeletedOutOfBandIsCreatedAgainAndSaidInSyncedAndTheStorageComponent() {
    converge(stack);
    String before = stack.getStatus().ids.get(dataVolumeKey());
    fixture.deleteDataVolume(stack);

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("DataVolumeRecreated");
    assertThat(stack.getStatus().components.get(StackNames.COMPONENT_STORAGE).message).contains(DataVolumeRecreated.LOST);
    assertThat(fixture.inventory(stack).get(dataVolumeKey())).singleElement().isNotEqualTo(before);
    fixture.finishRollouts();
    run(stack);
    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().components.get(StackNames.COMPONENT_STORAGE).message).as("said while it lives")
        .contains(DataVolumeRecreated.LOST);
    assertOneOfEachRecorded(stack);
  }

  /** For each write N of a fresh converge: crash right after it, then converge normally. */
  @TestFactory
  Stream<DynamicTest> aCrashAfterAnyWriteOfAFreshConvergeIsFollowedByOneOfEachObjectKeepingItsId() {
    var measured = fixture.deployment("measured");
    long writes = fixture.writes();
    converge(measured);
    int total = Math.toIntExact(fixture.writes() - writes);
    int objects = fixture.inventory(measured).size();
    assertThat(total).as("writes of a fresh converge").isPositive();
    return IntStream.rangeClosed(1, total).mapToObj(n -> DynamicTest.dynamicTest("crash after write " + n + " of "
        + total, () -> assertConvergesAfterACrashAfterWrite(n, objects)));
  }

  /**
   * For each write N of a fresh converge, unanswered after it took effect or before it did: the same run observes
   * again and goes on, so the converge needs no extra run and leaves one of each object.
   */
  @TestFactory
  Stream<DynamicTest> aWriteWithAnUnclearOutcomeIsObservedAgainAndTheSameRunGoesOnNeitherRepeatingNorLosingIt() {
    var measured = fixture.deployment("measured");
    long writes = fixture.writes();
    converge(measured);
    int total = Math.toIntExact(fixture.writes() - writes);
    int objects = fixture.inventory(measured).size();
    return IntStream.rangeClosed(1, total).boxed().flatMap(n -> Stream.of(true, false).map(lands -> DynamicTest
        .dynamicTest("write " + n + " of " + total + (lands ? " took effect" : " was lost") + " without an answer",
            () -> assertGoesOnAfterAnUnclearWrite(n, lands, objects))));
  }

  @Test
  void deletionUnderRetainRemovesEverythingButTheDataVolume() {
    converge(stack);
    String volume = stack.getStatus().ids.get(dataVolumeKey());

    loop.delete(stack);

    assertThat(fixture.inventory(stack)).isEqualTo(Map.of(dataVolumeKey(), List.of(volume)));
    assertThat(loop.deleted(stack)).as("deleted, the volume kept").isTrue();
  }

  @Test
  void deletionUnderDeleteRemovesEverything() {
    converge(stack);
    stack.getSpec().deletionPolicy = DeletionPolicy.Delete;

    loop.delete(stack);

    assertThat(fixture.inventory(stack)).isEmpty();
    assertThat(loop.deleted(stack)).as("deleted").isTrue();
  }

  @Test
  void anObjectUnderOneOfOurNamesThatIsNotOursIsRefusedNeitherWrittenNorDeleted() {
    fixture.plantForeignObject(stack);
    Object foreign = fixture.foreignObject(stack);
    long writes = fixture.writes();

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo(fixture.notOwnedReason());
    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("False");
    assertThat(fixture.writes() - writes).isZero();
    assertThat(fixture.foreignObject(stack)).isEqualTo(foreign);
    stack.getSpec().deletionPolicy = DeletionPolicy.Delete;
    var refused = catchThrowable(() -> loop.delete(stack));
    assertThat(refused).as("a platform may refuse the deletion, never delete it")
        .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(TerminalException.class));
    assertThat(fixture.foreignObject(stack)).isEqualTo(foreign);
  }

  @Test
  void aSmallerStorageSizeIsRefusedNamingTheFieldWithoutAWrite() {
    converge(stack);
    stack.getSpec().storage.size = "1Gi";
    stack.getMetadata().setGeneration(2L);
    long writes = fixture.writes();

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("StorageShrinkRefused");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage()).contains("spec.storage.size", "5Gi");
    assertThat(fixture.writes() - writes).isZero();
  }

  @Test
  void anMlflowDowngradeAfterItRanIsRefusedWithoutAWrite() {
    converge(stack);
    String ran = stack.getStatus().mlflowVersion;
    stack.getSpec().mlflow.version = "3.1.0";
    stack.getMetadata().setGeneration(2L);
    long writes = fixture.writes();

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("VersionDowngradeRefused");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage()).contains("spec.mlflow.version", ran);
    assertThat(fixture.writes() - writes).isZero();
  }

  @Test
  void anUpgradeTakesOneBackupAndRollsTheNewVersionOutOnlyOnceItHasCompleted() {
    converge(stack);
    String ran = stack.getStatus().mlflowVersion;
    String image = fixture.mlflowImage(stack);
    String target = upgradeTo(stack);

    run(stack);

    assertThat(condition(stack, StatusRecorder.READY).getReason()).isEqualTo("Upgrading");
    assertThat(condition(stack, StatusRecorder.READY).getMessage())
        .contains("backing up the data volume before MLflow " + ran + " -> " + target);
    assertThat(fixture.upgradeBackups(stack)).hasSize(1);
    String backup = fixture.upgradeBackups(stack).get(0);
    assertThat(stack.getStatus().ids).containsEntry(ReconcileLoop.upgradeBackupKey(target), backup);
    assertThat(fixture.mlflowImage(stack)).as("nothing of the new version before the backup").isEqualTo(image);

    fixture.finishRollouts();
    run(stack);
    assertThat(fixture.upgradeBackups(stack)).as("a second reconcile starts no second backup").containsExactly(backup);
    assertThat(fixture.mlflowImage(stack)).isEqualTo(image);
    assertThat(condition(stack, StatusRecorder.READY).getReason()).isEqualTo("Upgrading");

    fixture.finishBackups();
    run(stack);
    assertThat(fixture.mlflowImage(stack)).as("rolled out in the reconcile that saw the backup complete")
        .isNotEqualTo(image).contains(target);
    fixture.finishRollouts();
    run(stack);

    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().mlflowVersion).isEqualTo(target);
    assertThat(stack.getStatus().ids).containsEntry(ReconcileLoop.upgradeBackupKey(target), backup);
    assertThat(fixture.upgradeBackups(stack)).containsExactly(backup);
    assertThat(stack.getStatus().drift).as("the upgrade is not drift").isNull();
  }

  @Test
  void aFailedUpgradeBackupSaysUpgradeBackupFailedAndChangesNothing() {
    converge(stack);
    String image = fixture.mlflowImage(stack);
    String target = upgradeTo(stack);
    fixture.failBackups();
    run(stack);
    fixture.finishBackups();
    long writes = fixture.writes();

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeBackupFailed");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage()).contains(target, "spec.backup.beforeUpgrade");
    assertThat(fixture.writes() - writes).isZero();
    assertThat(fixture.mlflowImage(stack)).isEqualTo(image);
    assertThat(fixture.upgradeBackups(stack)).hasSize(1);
  }

  @Test
  void aRunThatEndsRightAfterStartingTheUpgradeBackupIsFollowedByThatBackupAloneThenTheUpgrade() {
    converge(stack);
    String image = fixture.mlflowImage(stack);
    String target = upgradeTo(stack);
    fixture.crashAfterWrites(1);
    var crash = catchThrowable(() -> run(stack));
    fixture.crashAfterWrites(0);
    assertThat(crash).as("the run crashed").hasMessageContaining("crashed after write 1");
    assertThat(fixture.upgradeBackups(stack)).as("the backup was started").hasSize(1);
    assertThat(stack.getStatus().ids).as("its ID was never recorded")
        .doesNotContainKey(ReconcileLoop.upgradeBackupKey(target));

    run(stack);
    assertThat(fixture.upgradeBackups(stack)).as("no second backup while the first one runs").hasSize(1);
    assertThat(condition(stack, StatusRecorder.READY).getReason()).isEqualTo("Upgrading");
    assertThat(fixture.mlflowImage(stack)).as("nothing of the new version before the backup").isEqualTo(image);
    fixture.finishBackups();
    run(stack);
    assertThat(fixture.mlflowImage(stack)).as("rolled out once the backup completed").contains(target);
    fixture.finishRollouts();
    run(stack);

    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(stack.getStatus().mlflowVersion).isEqualTo(target);
    assertThat(fixture.upgradeBackups(stack)).as("one backup before the upgrade").hasSize(1);
    assertThat(stack.getStatus().ids.get(ReconcileLoop.upgradeBackupKey(target))).as("the backup adopted")
        .isNotNull();
    assertThat(loop.plan(stack, SecretResolver.none()).lines()).isEmpty();
  }

  @Test
  void aFailingUpgradeBackupIsStartedAgainOnlyAfterADelayThatDoublesEachTime() {
    converge(stack);
    String target = upgradeTo(stack);
    fixture.failBackups();
    run(stack);
    fixture.finishBackups();
    Instant firstFailure = clock.instant();
    run(stack);
    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeBackupFailed");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage())
        .contains("the next attempt at " + firstFailure.plus(Duration.ofMinutes(1)));

    long writes = fixture.writes();
    clock.advance(Duration.ofSeconds(59));
    run(stack);
    assertThat(fixture.writes() - writes).as("no backup started within the first minute").isZero();
    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("UpgradeBackupFailed");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage())
        .contains("failed 1 time;", "the next attempt at " + firstFailure.plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofSeconds(1));
    run(stack);
    assertThat(condition(stack, StatusRecorder.READY).getReason()).as("the second attempt runs")
        .isEqualTo("Upgrading");
    assertThat(stack.getStatus().ids).containsKey(ReconcileLoop.upgradeBackupKey(target));

    fixture.finishBackups();
    Instant secondFailure = clock.instant();
    run(stack);
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage())
        .contains("failed 2 times;", "the next attempt at " + secondFailure.plus(Duration.ofMinutes(2)));
    writes = fixture.writes();
    clock.advance(Duration.ofSeconds(119));
    run(stack);
    assertThat(fixture.writes() - writes).as("none within two minutes of the second failure").isZero();
    clock.advance(Duration.ofSeconds(1));
    run(stack);
    assertThat(condition(stack, StatusRecorder.READY).getReason()).as("the third attempt runs").isEqualTo("Upgrading");
    assertThat(stack.getStatus().mlflowVersion).as("nothing of %s meanwhile", target).isNotEqualTo(target);
  }

  @Test
  void anUpgradeWhoseMlflowNeverBecomesAvailableSaysUpgradeFailedNamingItsBackupOnceTheBoundedTimeHasPassed() {
    converge(stack);
    String ran = stack.getStatus().mlflowVersion;
    String target = upgradeTo(stack);
    run(stack);
    fixture.finishBackups();
    String backup = stack.getStatus().ids.get(ReconcileLoop.upgradeBackupKey(target));
    run(stack);
    assertThat(fixture.mlflowImage(stack)).as("rolled out").contains(target);
    assertThat(stack.getStatus().ids).as("the rollout's start, RFC 3339, by the loop's clock")
        .containsEntry(UpgradeDeadline.rolloutStartedKey(target), clock.instant().toString());
    fixture.holdMlflowRollouts(stack);
    fixture.finishRollouts();
    clock.advance(UpgradeDeadline.TIMEOUT.minusSeconds(1));
    run(stack);
    assertThat(condition(stack, StatusRecorder.READY).getReason()).as("within the bounded time")
        .isNotEqualTo("UpgradeFailed");

    clock.advance(Duration.ofSeconds(1));
    run(stack);

    var ready = condition(stack, StatusRecorder.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("UpgradeFailed");
    assertThat(ready.getMessage()).contains("MLflow " + target + " did not become available within 15 minutes",
        "backup " + backup, "To go back to MLflow " + ran + " on that backup's data, run mlflowctl rollback "
            + stack.getMetadata().getName());
    assertThat(stack.getStatus().mlflowVersion).as("still the version that ran").isEqualTo(ran);
    assertThat(fixture.mlflowImage(stack)).as("nothing is rolled back by itself").contains(target);
    assertThat(fixture.upgradeBackups(stack)).containsExactly(backup);
  }

  @Test
  void eachOfSeveralUsersHasAStablePasswordOfTheirOwnAndARemovedUsersCredentialsAreGone() {
    stack.getSpec().proxy.auth.users = Stream.of("alice", "bob", "ci-train").map(u -> new UserSpec(u, null)).toList();
    converge(stack);
    var held = loop.storedCredentials(stack);
    clock.advance(Duration.ofHours(1));
    run(stack);

    assertThat(held).extracting(Credentials::username).containsExactly("alice", "bob", "ci-train");
    assertThat(held).extracting(Credentials::password).doesNotHaveDuplicates()
        .allSatisfy(password -> assertThat(password).as("at least 128 bits of 62 symbols").hasSizeGreaterThanOrEqualTo(22));
    assertThat(held).allSatisfy(user -> assertThat(user.passwordHash()).startsWith("$2a$10$"))
        .filteredOn(user -> GENERATOR.matches(user.password(), user.passwordHash())).hasSize(3);
    assertThat(loop.storedCredentials(stack)).as("kept").isEqualTo(held);
    assertThat(stack.getStatus().users).extracting(u -> u.username + " " + u.passwordChanged).containsExactly(
        "alice 2026-11-01T12:00:00Z", "bob 2026-11-01T12:00:00Z", "ci-train 2026-11-01T12:00:00Z");

    stack.getSpec().proxy.auth.users = List.of(stack.getSpec().proxy.auth.users.get(0),
        stack.getSpec().proxy.auth.users.get(2));
    stack.getMetadata().setGeneration(2L);
    converge(stack);

    assertThat(loop.storedCredentials(stack)).containsExactly(held.get(0), held.get(2));
    assertThat(fixture.platform().storedCredentials(new Stack(stack, SecretResolver.none()), observe(stack)))
        .as("nothing of bob is held any more").extracting(Credentials::username).containsExactly("alice", "ci-train");
    assertThat(stack.getStatus().users).extracting(u -> u.username).containsExactly("alice", "ci-train");
    assertThat(loop.plan(stack, SecretResolver.none()).lines()).isEmpty();
  }

  @Test
  void rotatingOneUserGivesOnlyThemANewPasswordOnceForEachNonceAndIsNotDrift() {
    stack.getSpec().proxy.auth.users = Stream.of("alice", "bob", "ci-train").map(u -> new UserSpec(u, null)).toList();
    converge(stack);
    var before = loop.storedCredentials(stack);
    clock.advance(Duration.ofHours(1));

    stack.getMetadata().setAnnotations(new HashMap<>(Map.of(RotateAnnotation.NAME, "alice@n1")));
    var report = run(stack);
    fixture.finishRollouts();
    run(stack);

    var after = loop.storedCredentials(stack);
    assertThat(after.get(0).password()).isNotEqualTo(before.get(0).password()).hasSizeGreaterThanOrEqualTo(22);
    assertThat(GENERATOR.matches(after.get(0).password(), after.get(0).passwordHash())).as("alice's new hash").isTrue();
    assertThat(after.subList(1, 3)).as("bob and ci-train: password and hash unchanged").isEqualTo(before.subList(1, 3));
    assertThat(report.drift()).as("a rotation is not drift").isEmpty();
    assertThat(stack.getStatus().users).extracting(u -> u.username + " " + u.passwordChanged + " " + u.rotation)
        .containsExactly("alice 2026-11-01T13:00:00Z n1", "bob 2026-11-01T12:00:00Z null",
            "ci-train 2026-11-01T12:00:00Z null");
    assertThat(condition(stack, StatusRecorder.READY).getStatus()).isEqualTo("True");

    long writes = fixture.writes();
    run(stack);
    assertThat(fixture.writes() - writes).as("the same nonce again rotates nothing").isZero();
    assertThat(loop.storedCredentials(stack)).isEqualTo(after);

    stack.getMetadata().getAnnotations().put(RotateAnnotation.NAME, "alice@n2");
    run(stack);
    assertThat(loop.storedCredentials(stack).get(0).password()).as("a new nonce rotates again")
        .isNotEqualTo(after.get(0).password());
    assertThat(loop.storedCredentials(stack).subList(1, 3)).isEqualTo(before.subList(1, 3));
  }

  @Test
  void anInvalidSpecIsRefusedWithoutAPlatformRequest() {
    stack.getSpec().storage.size = "a lot";
    long requests = fixture.requests();

    run(stack);

    assertThat(condition(stack, StatusRecorder.SYNCED).getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(stack, StatusRecorder.SYNCED).getMessage()).contains("spec.storage.size");
    assertThat(fixture.requests() - requests).isZero();
  }

  private void assertConvergesAfterACrashAfterWrite(int n, int objects) {
    var crashed = fixture.deployment("crash-" + n);
    fixture.crashAfterWrites(n);
    var crash = catchThrowable(() -> {
      run(crashed);
      fixture.finishRollouts();
      run(crashed);
    });
    fixture.crashAfterWrites(0);
    assertThat(crash).as("the run crashed").hasMessageContaining("crashed after write " + n);
    var survived = single(fixture.inventory(crashed));
    var recorded = crashed.getStatus() == null ? Map.<String, String>of() : crashed.getStatus().ids;

    converge(crashed);

    assertThat(fixture.inventory(crashed)).as("as many objects as a fresh converge makes").hasSize(objects);
    assertOneOfEachRecorded(crashed);
    assertThat(crashed.getStatus().ids).as("what existed after the crash kept its ID").containsAllEntriesOf(survived);
    recorded.forEach((key, id) -> {
      if (survived.containsKey(key)) {
        assertThat(crashed.getStatus().ids).as("recorded before the crash").containsEntry(key, id);
      }
    });
    assertThat(condition(crashed, StatusRecorder.READY).getStatus()).isEqualTo("True");
    assertThat(loop.plan(crashed, SecretResolver.none()).lines()).isEmpty();
  }

  private void assertGoesOnAfterAnUnclearWrite(int n, boolean lands, int objects) {
    var deployment = fixture.deployment("unclear-" + n + (lands ? "-landed" : "-lost"));
    long writes = fixture.writes();
    fixture.unclearOutcomeAtWrite(n, lands);
    run(deployment);
    assertThat(condition(deployment, StatusRecorder.SYNCED).getStatus()).as("%s", deployment.getStatus())
        .isEqualTo("True");
    fixture.finishRollouts();
    run(deployment);
    fixture.unclearOutcomeAtWrite(0, false);

    assertThat(fixture.writes() - writes).as("the unanswered write was made").isGreaterThanOrEqualTo(n);
    assertThat(condition(deployment, StatusRecorder.READY).getStatus()).as("%s", deployment.getStatus())
        .isEqualTo("True");
    assertThat(fixture.inventory(deployment)).as("as many objects as a fresh converge makes").hasSize(objects);
    assertOneOfEachRecorded(deployment);
    assertThat(loop.plan(deployment, SecretResolver.none()).lines()).isEmpty();
  }

  /** Asks for the next minor MLflow release after the one that ran, as a new generation; returns it. */
  private static String upgradeTo(MlflowDeployment deployment) {
    String[] ran = deployment.getStatus().mlflowVersion.split("\\.");
    String target = ran[0] + "." + (Integer.parseInt(ran[1]) + 1) + ".0";
    deployment.getSpec().mlflow.version = target;
    deployment.getMetadata().setGeneration(deployment.getMetadata().getGeneration() + 1);
    return target;
  }

  /**
   * Runs the loop once and records its report in the resource's status, as the operator does, and the IDs it asks
   * to record at once (before the run's report) as soon as it asks.
   */
  private ReconcileReport run(MlflowDeployment deployment) {
    var report = loop.run(deployment, SecretResolver.none(), new ReconcileLoop.Listener(c -> {}, p -> {},
        ids -> deployment.getStatus().ids = new LinkedHashMap<>(ids)));
    deployment.setStatus(recorder.record(deployment.getStatus(), report).status());
    return report;
  }

  private void converge(MlflowDeployment deployment) {
    run(deployment);
    fixture.finishRollouts();
    run(deployment);
    assertThat(condition(deployment, StatusRecorder.READY).getStatus()).as("converged: %s", deployment.getStatus())
        .isEqualTo("True");
  }

  /** After a repair: the rollouts finish, the stack is Ready again and the next run writes nothing. */
  private void assertConvergedAgain(MlflowDeployment deployment) {
    fixture.finishRollouts();
    run(deployment);
    assertThat(condition(deployment, StatusRecorder.READY).getStatus()).isEqualTo("True");
    long writes = fixture.writes();
    run(deployment);
    assertThat(fixture.writes() - writes).as("steady after the repair").isZero();
    assertOneOfEachRecorded(deployment);
  }

  /** Every object exists once, and status.ids records exactly those IDs. */
  private void assertOneOfEachRecorded(MlflowDeployment deployment) {
    var inventory = fixture.inventory(deployment);
    assertThat(inventory.values()).as("one of each: %s", inventory).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(deployment.getStatus().ids).containsAllEntriesOf(single(inventory));
  }

  private String dataVolumeKey() {
    return fixture.platform().dataVolumeKey(new Stack(stack, SecretResolver.none()));
  }

  private static Map<String, String> single(Map<String, List<String>> inventory) {
    var ids = new LinkedHashMap<String, String>();
    inventory.forEach((key, found) -> ids.put(key, found.get(found.size() - 1)));
    return ids;
  }

  private static Condition condition(MlflowDeployment deployment, String type) {
    return deployment.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + deployment.getStatus().conditions));
  }

  @SuppressWarnings("unchecked")
  private <O> O observe(MlflowDeployment deployment) {
    return ((Platform<O, ?>) fixture.platform()).observe(new Stack(deployment, SecretResolver.none()));
  }

  private <O, P extends StackPlan> ReconcileLoop<O, P> loopOn(Platform<O, P> platform) {
    return new ReconcileLoop<>(platform, new CredentialsGenerator(), clock);
  }
}
