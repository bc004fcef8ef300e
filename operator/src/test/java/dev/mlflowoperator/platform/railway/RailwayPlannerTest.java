package dev.mlflowoperator.platform.railway;

import dev.mlflowoperator.secrets.SecretResolver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.JobTime;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Domain;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.Service;
import dev.mlflowoperator.platform.railway.ObservedRailwayStack.VolumeInstance;
import dev.mlflowoperator.status.DataVolumeRecreated;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure diff: Railway's safe order, reasons naming fields, the user's variables and the volume's identity. */
class RailwayPlannerTest {
  static final Credentials CREDENTIALS = new Credentials("mlflow", "fixture-password", "$2a$10$fixture");
  static final String DOMAIN = "tracking-proxy-production-abcd.up.railway.app";
  static final RailwayProject PROJECT = RailwayProject.of("ml-platform", "production", "team", "tracking");

  final MlflowDeployment resource = RailwayStackHarness.deployment("tracking");
  final RailwayDesired desired = RailwayDesired.of(DesiredStackFactory.build("tracking", resource.getSpec(),
      CREDENTIALS, RailwayAddresses.of(new StackNames("tracking"), DOMAIN)), JobTime.of("team", "tracking"), null,
      SecretResolver.none());

  @Test
  void fromNothingEverythingIsCreatedInRailwaysSafeOrder() {
    var plan = RailwayPlanner.plan(PROJECT, desired, ObservedRailwayStack.absent(), null, Map.of());

    assertThat(plan.changes()).extracting(c -> c.getClass().getSimpleName()).containsExactly(
        "CreateProject", "CreateService", "CreateService", "CreateVolume", "CreateDomain",
        "UpsertVariables", "UpdateSettings", "UpdateLimits", "UpsertVariables", "UpdateSettings", "Deploy", "Deploy");
    assertThat(plan.reasons()).containsExactly("project ml-platform: missing", "service/mlflow: missing",
        "service/proxy: missing", "volume: missing", "domain: missing");
  }

  @Test
  void aStackThatMatchesNeedsNothingWhateverVariablesTheUserAdded() {
    var mlflowVariables = new HashMap<>(desired.service("mlflow").variables());
    mlflowVariables.put("MY_OWN", "x");

    var plan = RailwayPlanner.plan(PROJECT, desired, observed(mlflowVariables, volume("vol-1", false)), "vol-1", Map.of());

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void aStackThatMatchesButWhoseLastChangeWasNotDeployedGetsADeployOfThatServiceOnly() {
    var matching = observed(desired.service("mlflow").variables(), volume("vol-1", false));
    String proxyDeployed = desired.fingerprint(desired.service("proxy"));

    var lost = RailwayPlanner.plan(PROJECT, desired, matching, "vol-1",
        Map.of("mlflow", "0123456789abcdef", "proxy", proxyDeployed));
    var deployed = RailwayPlanner.plan(PROJECT, desired, matching, "vol-1",
        Map.of("mlflow", desired.fingerprint(desired.service("mlflow")), "proxy", proxyDeployed));

    assertThat(lost.changes()).containsExactly(new RailwayChange.Deploy("mlflow", "last change not deployed"));
    assertThat(lost.reasons()).containsExactly("service/mlflow: last change not deployed");
    assertThat(deployed.isEmpty()).isTrue();
  }

  @Test
  void aChangedVariableIsNamedButItsValueIsNot() {
    var mlflowVariables = new HashMap<>(desired.service("mlflow").variables());
    mlflowVariables.put("PORT", "1234");

    var plan = RailwayPlanner.plan(PROJECT, desired, observed(mlflowVariables, volume("vol-1", false)), "vol-1", Map.of());

    assertThat(plan.reasons()).containsExactly("service/mlflow: variable PORT");
    assertThat(plan.changes()).last().isEqualTo(new RailwayChange.Deploy("mlflow", null));
    assertThat(plan.changes().toString()).doesNotContain("1234");
  }

  @Test
  void ourVolumeBeingDeletedIsReplacedAndSaidSo() {
    var plan = RailwayPlanner.plan(PROJECT, desired, observed(desired.service("mlflow").variables(), volume("vol-1", true)),
        "vol-1", Map.of());

    assertThat(plan.changes()).contains(new RailwayChange.CreateVolume("mlflow", true));
    assertThat(plan.reasons()).containsExactly("volume: " + DataVolumeRecreated.LOST);
  }

  @Test
  void aVolumeSmallerThanTheSpecGrowsAndOneLargerIsLeftAlone() {
    var small = new VolumeInstance("vol-1", PROJECT.volumeName("vol-1"), "svc-m", "/mlflow", 5000, "READY", false,
        "vi-1");
    var large = new VolumeInstance("vol-1", PROJECT.volumeName("vol-1"), "svc-m", "/mlflow", 50000, "READY", false,
        "vi-1");

    var grow = RailwayPlanner.plan(PROJECT, desired, observed(desired.service("mlflow").variables(), small), "vol-1", Map.of());
    var none = RailwayPlanner.plan(PROJECT, desired, observed(desired.service("mlflow").variables(), large), "vol-1", Map.of());

    assertThat(grow.changes()).containsExactly(new RailwayChange.GrowVolume("vol-1", 5000, 5369));
    assertThat(grow.reasons()).containsExactly("volume: sizeMB");
    assertThat(none.isEmpty()).as("a volume never shrinks").isTrue();
  }

  @Test
  void ourVolumeNamedOtherwiseIsRenamedToTheMarkOfThisDeployment() {
    var named = new VolumeInstance("vol-1", "brave-otter-volume", "svc-m", "/mlflow", 5369, "READY", false, "vi-1");

    var plan = RailwayPlanner.plan(PROJECT, desired, observed(desired.service("mlflow").variables(), named), "vol-1", Map.of());

    assertThat(plan.changes()).containsExactly(new RailwayChange.RenameVolume("vol-1", "tracking-data-774a9bb7-vol1"));
    assertThat(plan.reasons()).containsExactly("volume: name");
  }

  @Test
  void limitsThatDifferAreNamedAndMlflowIsDeployedWithThem() {
    var mlflow = service(desired.service("mlflow"), "svc-m", desired.service("mlflow").variables(), List.of(),
        new RailwayDesired.Limits(8, 2.1484));

    var plan = RailwayPlanner.plan(PROJECT, desired, replacing(mlflow), "vol-1", Map.of());

    assertThat(plan.reasons()).as("2.1484 GB is 2.148 to Railway's precision").containsExactly("service/mlflow: vCPUs");
    assertThat(plan.changes()).last().isEqualTo(new RailwayChange.Deploy("mlflow", null));
  }

  @Test
  void limitsRailwayDidNotShowAreLeftAloneRatherThanRedeployedEveryTime() {
    var mlflow = service(desired.service("mlflow"), "svc-m", desired.service("mlflow").variables(), List.of(), null);

    var plan = RailwayPlanner.plan(PROJECT, desired, replacing(mlflow), "vol-1", Map.of());

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void aDomainRoutedToAnotherPortIsPointedBackWithoutADeploy() {
    var proxy = service(desired.service("proxy"), "svc-p", desired.service("proxy").variables(), List.of(new Domain("d-1", DOMAIN, 9999)),
        null);

    var plan = RailwayPlanner.plan(PROJECT, desired, replacing(proxy), "vol-1", Map.of());

    assertThat(plan.changes()).containsExactly(new RailwayChange.UpdateDomain("d-1", DOMAIN));
    assertThat(plan.reasons()).containsExactly("domain: targetPort");
  }

  @Test
  void aBackupScheduleThatDiffersIsSetAndOneNotReadIsLeftAlone() {
    var matching = observed(desired.service("mlflow").variables(), volume("vol-1", false));
    var withSchedule = new ObservedRailwayStack("p-1", "e-1", matching.services(), matching.volumes(),
        new ObservedRailwayStack.Backups("vi-vol-1", List.of("MONTHLY"), Map.of(), List.of()));
    var ofAnotherInstance = new ObservedRailwayStack("p-1", "e-1", matching.services(), matching.volumes(),
        new ObservedRailwayStack.Backups("vi-other", List.of("MONTHLY"), Map.of(), List.of()));

    var plan = RailwayPlanner.plan(PROJECT, desired, withSchedule, "vol-1", Map.of());

    assertThat(plan.changes()).containsExactly(
        new RailwayChange.UpdateBackupSchedule("vi-vol-1", List.of(), List.of("MONTHLY")));
    assertThat(plan.reasons()).containsExactly("volume: backup schedule");
    assertThat(plan.changes().get(0).line()).isEqualTo("~ volume: backup schedule [MONTHLY] -> []");
    assertThat(RailwayPlanner.plan(PROJECT, desired, matching, "vol-1", Map.of()).isEmpty())
        .as("not read: unknown, not different").isTrue();
    assertThat(RailwayPlanner.plan(PROJECT, desired, ofAnotherInstance, "vol-1", Map.of()).isEmpty())
        .as("read of an instance that is not our volume's").isTrue();
  }

  /** The stack that matches the spec, with one service as given. */
  private ObservedRailwayStack replacing(Service service) {
    var observed = observed(desired.service("mlflow").variables(), volume("vol-1", false));
    var services = new HashMap<>(observed.services());
    services.put(service.name(), service);
    return new ObservedRailwayStack("p-1", "e-1", services, observed.volumes());
  }

  private ObservedRailwayStack observed(Map<String, String> mlflowVariables, VolumeInstance volume) {
    var mlflow = service(desired.service("mlflow"), "svc-m", mlflowVariables, List.of());
    var proxy = service(desired.service("proxy"), "svc-p", desired.service("proxy").variables(), List.of(new Domain("d-1", DOMAIN, 8080)));
    return new ObservedRailwayStack("p-1", "e-1", Map.of(mlflow.name(), mlflow, proxy.name(), proxy), List.of(volume));
  }

  private static Service service(RailwayDesired.Service desired, String id, Map<String, String> variables,
      List<Domain> domains) {
    return service(desired, id, variables, domains,
        desired.component().equals("mlflow") ? new RailwayDesired.Limits(1, 2.148) : null);
  }

  private static Service service(RailwayDesired.Service desired, String id, Map<String, String> variables,
      List<Domain> domains, RailwayDesired.Limits limits) {
    return new Service(id, desired.name(), desired.image(), desired.startCommand(), "/health",
        desired.healthcheckTimeout(), null, "ON_FAILURE",
        domains, "deployment-" + id, "SUCCESS", variables, limits);
  }

  private static VolumeInstance volume(String id, boolean pendingDeletion) {
    return new VolumeInstance(id, PROJECT.volumeName(id), "svc-m", "/mlflow", 5369,
        pendingDeletion ? "DELETING" : "READY", pendingDeletion, "vi-" + id);
  }
}
