package dev.mlflowoperator.platform;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import java.util.List;
import java.util.Map;

/**
 * What only a test can do to a platform, for {@link PlatformContract}: finish rollouts, change or delete things out
 * of band, count the loop's requests and writes, crash after a write, and plant an object that is not ours. Nothing
 * done through a fixture's out-of-band methods counts as a request or a write.
 */
public interface PlatformFixture extends AutoCloseable {
  /** The platform under test; every call the loop makes on it is counted. */
  Platform<?, ?> platform();

  /** A valid resource for this platform, generation 1, with no status, whose stack shares nothing with another name. */
  MlflowDeployment deployment(String name);

  /** Lets every rollout started so far finish, as the platform's own controllers would. */
  void finishRollouts();

  /** Requests the platform made to its API so far, reads included. */
  long requests();

  /** Requests among them that changed something. */
  long writes();

  /**
   * The {@code n}th write from now takes effect and then fails, as if the process died before hearing the answer
   * (the thrown exception's message contains {@code "crashed after write " + n}); 0 disarms.
   */
  void crashAfterWrites(int n);

  /**
   * The {@code n}th write from now fails as this platform says a write whose outcome is unclear does
   * ({@link Platform#unclearOutcome}): after taking effect when {@code lands}, without taking effect when not; 0 disarms.
   */
  void unclearOutcomeAtWrite(int n, boolean lands);

  /**
   * The ID of every object the stack's components are rendered to, by the key the platform records it under in
   * {@code status.ids}; more than one ID under a key is a duplicate. The volume is listed while it is kept.
   */
  Map<String, List<String>> inventory(MlflowDeployment deployment);

  /** Current value of the service setting {@link #changeServiceSetting} changes. */
  Object serviceSetting(MlflowDeployment deployment);

  /** Changes a setting of one of the stack's services out of band. */
  OutOfBand changeServiceSetting(MlflowDeployment deployment);

  /** Deletes one of the stack's services out of band. */
  OutOfBand deleteService(MlflowDeployment deployment);

  /** Deletes the stack's data volume out of band. */
  void deleteDataVolume(MlflowDeployment deployment);

  /** Creates, out of band, an object under one of the (not yet deployed) stack's names that is not the stack's. */
  void plantForeignObject(MlflowDeployment deployment);

  /** The planted object as it is now, to compare before and after (null once it is gone). */
  Object foreignObject(MlflowDeployment deployment);

  /** Ends every backup still running, as the platform's storage would: completed, or failed after {@link #failBackups}. */
  void finishBackups();

  /** Backups that end from now on fail, with the platform's own kind of error. */
  void failBackups();

  /** The platform's IDs of the stack's backups of kind {@code beforeUpgrade}, whatever became of them. */
  List<String> upgradeBackups(MlflowDeployment deployment);

  /**
   * From now on the stack's MLflow never becomes available at what is deployed now or later (a new version that
   * does not come up): Railway's deployments of the service crash; elsewhere {@link #finishRollouts} leaves it be.
   */
  void holdMlflowRollouts(MlflowDeployment deployment);

  /** The image the stack's MLflow service is deployed with now. */
  String mlflowImage(MlflowDeployment deployment);

  /** The Synced reason this platform gives while an object under one of our names is not ours. */
  String notOwnedReason();

  @Override
  void close();

  /** What an out-of-band change touched: the key of its object's ID, and the drift reason that names it. */
  record OutOfBand(String idKey, String driftReason) {}
}
