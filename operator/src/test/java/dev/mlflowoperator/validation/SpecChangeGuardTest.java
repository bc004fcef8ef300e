package dev.mlflowoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Storage shrinks and MLflow downgrades are refused at runtime; growth and upgrades pass. */
class SpecChangeGuardTest {

  @Test
  void storageSizeDecreaseIsRefusedNamingTheField() {
    assertThat(SpecChangeGuard.storageDecrease("10Gi", "5Gi")).contains(new Refusal("spec.storage.size",
        "StorageShrinkRefused",
        "cannot shrink the volume from 10Gi to 5Gi; a volume can only grow, so set size to 10Gi or more"));
  }

  @ParameterizedTest
  @CsvSource({"5Gi, 5Gi", "5Gi, 10Gi", "1Gi, 1024Mi", "1G, 1Gi", "500Mi, 0.5Gi"})
  void storageSizeIncreaseOrEqualSizeIsAllowed(String current, String requested) {
    assertThat(SpecChangeGuard.storageDecrease(current, requested)).isEmpty();
  }

  @Test
  void storageSizesAreComparedAcrossUnits() {
    assertThat(SpecChangeGuard.storageDecrease("1Gi", "1G")).isPresent();
    assertThat(SpecChangeGuard.storageDecrease("2048Mi", "2Gi")).isEmpty();
  }

  @Test
  void storageSizeThatIsNotAQuantityIsLeftToValidation() {
    assertThat(SpecChangeGuard.storageDecrease("10Gi", "5GB")).isEmpty();
    assertThat(SpecChangeGuard.storageDecrease(null, "5Gi")).isEmpty();
  }

  @Test
  void versionDowngradeBelowTheLastVersionThatRanIsRefused() {
    assertThat(SpecChangeGuard.versionDowngrade(resource("3.14.0", "3.10.1"))).contains(new Refusal(
        "spec.mlflow.version", "VersionDowngradeRefused",
        "cannot downgrade MLflow from 3.14.0 to 3.10.1; its database migrations cannot be undone, "
            + "so set version to 3.14.0 or later"));
  }

  @ParameterizedTest
  @CsvSource({"3.14.0, 3.14.0", "3.9.0, 3.10.0", "3.14.0, 3.14.1", "2.22.1, 3.0.0"})
  void versionUpgradeOrSameVersionIsAllowed(String lastRan, String requested) {
    assertThat(SpecChangeGuard.versionDowngrade(resource(lastRan, requested))).isEmpty();
  }

  @Test
  void versionsAreComparedNumericallyNotAsText() {
    assertThat(SpecChangeGuard.versionDowngrade("3.10.0", "3.9.5")).isPresent();
  }

  @Test
  void theDowngradeOfARecordedRollbackIsAllowedToTheVersionItWentBackTo() {
    var resource = rolledBack("3.17.0", "3.14.0");
    assertThat(SpecChangeGuard.versionDowngrade(resource)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"3.17.0, 3.13.0", "3.18.0, 3.14.0", "3.17.0, 3.10.1"})
  void anyOtherDowngradeIsRefusedEvenAfterARollback(String lastRan, String requested) {
    var resource = rolledBack(lastRan, requested);
    resource.getStatus().ids.put(SpecChangeGuard.ROLLED_BACK_FROM, "3.17.0");
    resource.getStatus().ids.put(SpecChangeGuard.ROLLED_BACK_TO, "3.14.0");
    assertThat(SpecChangeGuard.versionDowngrade(resource)).map(Refusal::reason).contains("VersionDowngradeRefused");
  }

  /** MLflow {@code lastRan} ran, the spec asks for {@code requested}, and a rollback from one to the other is recorded. */
  private static MlflowDeployment rolledBack(String lastRan, String requested) {
    var resource = resource(lastRan, requested);
    resource.getStatus().ids.put(SpecChangeGuard.ROLLED_BACK_FROM, lastRan);
    resource.getStatus().ids.put(SpecChangeGuard.ROLLED_BACK_TO, requested);
    return resource;
  }

  @Test
  void firstDeploymentHasNoVersionToDowngradeFrom() {
    var resource = resource(null, "3.0.0");
    resource.setStatus(null);
    assertThat(SpecChangeGuard.versionDowngrade(resource)).isEmpty();
  }

  private static MlflowDeployment resource(String lastRan, String requested) {
    var resource = new MlflowDeployment();
    resource.setSpec(new MlflowDeploymentSpec());
    resource.getSpec().mlflow.version = requested;
    resource.setStatus(new MlflowDeploymentStatus());
    resource.getStatus().mlflowVersion = lastRan;
    return resource;
  }
}
