package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.DeletionPolicy;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.railway.sandbox.SandboxState;
import dev.mlflowoperator.status.DataVolumeRecreated;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Railway target against the sandbox: converge, steady state, each kind of drift, deletion, budgets. */
abstract class RailwayTargetContract {
  static final String UPDATE_SETTINGS = "mutation($s: String!, $e: String!, $i: ServiceInstanceUpdateInput!) "
      + "{ serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: $i) }";
  static final String UPSERT_VARIABLES = "mutation($i: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $i) }";
  static final String UPDATE_LIMITS = "mutation($i: ServiceInstanceLimitsUpdateInput!) { serviceInstanceLimitsUpdate(input: $i) }";
  static final String PATCH_ENVIRONMENT = "mutation($e: String!, $p: EnvironmentConfig) "
      + "{ environmentPatchCommit(environmentId: $e, patch: $p) }";

  RailwayStackHarness stack;

  abstract RailwayStackHarness start();

  @BeforeEach
  void converged() {
    stack = start();
    stack.converge();
  }

  @AfterEach
  void close() {
    stack.close();
  }

  @Test
  void aFreshStackConvergesWithinSixRequestsAndIsReady() {
    try (var fresh = start()) {
      fresh.reconcile();
      assertThat(fresh.condition("Synced").getStatus()).isEqualTo("True");
      assertThat(fresh.status().components.get("mlflow").state).isEqualTo("Progressing");
      fresh.clock.advance(RailwayStackHarness.DEPLOY_TIME);
      fresh.reconcile();

      assertThat(fresh.requests()).as("fresh converge, %s", fresh.sandbox.stats().snapshot()).isEqualTo(6);
      assertThat(fresh.condition("Ready").getStatus()).isEqualTo("True");
      assertThat(fresh.condition("Healthy").getStatus()).isEqualTo("Unknown");
      assertThat(fresh.condition("Healthy").getReason()).isEqualTo("ProbesNotRun");
      assertThat(fresh.status().ids).containsOnlyKeys("project", "environment", "service/mlflow", "service/proxy",
          "volume", "volumeInstance", "domain", "deployed/mlflow", "deployed/proxy", "applied/storage.size");
      assertThat(fresh.status().url).matches("https://tracking-proxy-production-[0-9a-f]+\\.up\\.railway\\.app");
      assertThat(fresh.status().mlflowVersion).isEqualTo(fresh.resource.getSpec().mlflow.version);
      assertOneOfEach(fresh.sandbox.state());
      assertThat(fresh.sandbox.stats().count("ConfigureStack")).as("the volume grew in the second ConfigureStack")
          .isEqualTo(2);
    }
  }

  @Test
  void theStackHoldsWhatTheSpecAsks() {
    var state = stack.sandbox.state();
    var mlflow = instance(state, stack.id("service/mlflow"));
    var proxy = instance(state, stack.id("service/proxy"));
    String domain = stack.status().url.substring("https://".length());
    assertThat(mlflow.sourceImage).startsWith("ghcr.io/mlflow/mlflow:v");
    assertThat(mlflow.startCommand).startsWith("/bin/sh -c 'if [ -e /mlflow/mlflow.db ]; then mlflow db upgrade "
        + "sqlite:////mlflow/mlflow.db || exit; fi; exec mlflow server --host :: --port 5000").contains(domain);
    assertThat(mlflow.healthcheckPath).isEqualTo("/health");
    assertThat(mlflow.healthcheckTimeout).as("15 minutes for MLflow's schema migration").isEqualTo(900);
    assertThat(proxy.healthcheckTimeout).as("the proxy keeps Railway's default").isNull();
    assertThat(mlflow.restartPolicyType).isEqualTo("ON_FAILURE");
    assertThat(proxy.startCommand).contains("exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile");
    assertThat(variables(state, stack.id("service/proxy"))).containsKeys("CADDYFILE", "BASIC_AUTH_USERNAME",
        "BASIC_AUTH_HASH", "BASIC_AUTH_PASSWORD")
        .containsEntry("PORT", "8080")
        .containsEntry("MLFLOW_UPSTREAM", "tracking-mlflow.railway.internal:5000");
    assertThat(mlflow.vCPUs).as("cpu 1").isEqualTo(1.0);
    assertThat(mlflow.memoryGB).as("memory 2Gi in Railway's decimal GB").isEqualTo(2.148);
    assertThat(proxy.vCPUs).as("the proxy keeps Railway's default").isNull();
    assertThat(state.volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.serviceId).isEqualTo(stack.id("service/mlflow"));
      assertThat(v.mountPath).isEqualTo("/mlflow");
      assertThat(v.sizeMB).as("5Gi grown from Railway's 5000 MB default").isEqualTo(5369);
    });
    assertThat(state.serviceDomains).singleElement().satisfies(d -> assertThat(d.targetPort).isEqualTo(8080));
    assertThat(state.projects.get(0).description).isEqualTo("managed by mlflow-operator: team/tracking");
  }

  @Test
  void theSteadyStateCostsOneRequestAndNoMutation() {
    long before = stack.requests();
    long mutations = stack.mutations();
    var report = stack.reconcile();

    assertThat(stack.requests() - before).isEqualTo(1);
    assertThat(stack.mutations()).isEqualTo(mutations);
    assertThat(report.drift()).isEmpty();
    assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
    assertThat(stack.plan().isEmpty()).isTrue();
  }

  @Test
  void aChangedSettingIsPutBack() {
    assertRepaired(() -> settings("proxy", Map.of("healthcheckPath", "/elsewhere")), "service/proxy: healthcheckPath");
    assertThat(instance(stack.sandbox.state(), stack.id("service/proxy")).healthcheckPath).isEqualTo("/health");
  }

  @Test
  void aShorterHealthcheckTimeoutOfMlflowIsPutBack() {
    assertRepaired(() -> settings("mlflow", Map.of("healthcheckTimeout", 60)), "service/mlflow: healthcheckTimeout");
    assertThat(instance(stack.sandbox.state(), stack.id("service/mlflow")).healthcheckTimeout).isEqualTo(900);
  }

  @Test
  void aChangedImageIsPutBack() {
    assertRepaired(() -> settings("mlflow", Map.of("source", Map.of("image", "evil/mlflow:latest"))),
        "service/mlflow: source.image");
    assertThat(instance(stack.sandbox.state(), stack.id("service/mlflow")).sourceImage).startsWith("ghcr.io/mlflow/");
  }

  @Test
  void aChangedStartCommandIsPutBack() {
    assertRepaired(() -> settings("proxy", Map.of("startCommand", "caddy respond")), "service/proxy: startCommand");
    assertThat(instance(stack.sandbox.state(), stack.id("service/proxy")).startCommand).contains("exec caddy run");
  }

  @Test
  void aChangedVariableWeOwnIsPutBack() {
    String upstream = "tracking-mlflow.railway.internal:5000";
    assertRepaired(() -> variable("proxy", "MLFLOW_UPSTREAM", "attacker.example:80"), "service/proxy: variable MLFLOW_UPSTREAM");
    assertThat(variables(stack.sandbox.state(), stack.id("service/proxy"))).containsEntry("MLFLOW_UPSTREAM", upstream);
  }

  @Test
  void theRegionOfTheSpecIsSetAndKept() {
    stack.resource.getSpec().railway.region = "europe-west4";
    stack.resource.getMetadata().setGeneration(2L);
    stack.converge();
    assertThat(instance(stack.sandbox.state(), stack.id("service/mlflow")).region).isEqualTo("europe-west4");

    assertRepaired(() -> settings("proxy", Map.of("region", "us-west2")), "service/proxy: region");
    assertThat(instance(stack.sandbox.state(), stack.id("service/proxy")).region).isEqualTo("europe-west4");
  }

  @Test
  void aUsersOwnVariableIsLeftAlone() {
    variable("mlflow", "MY_SETTING", "mine");
    long mutations = stack.mutations();

    var report = stack.reconcile();

    assertThat(stack.mutations()).isEqualTo(mutations);
    assertThat(report.drift()).isEmpty();
    assertThat(variables(stack.sandbox.state(), stack.id("service/mlflow"))).containsEntry("MY_SETTING", "mine");
  }

  @Test
  void aVariableTheSpecDropsIsRemovedAndTheUsersOwnStays() {
    stack.resource.getSpec().mlflow.env.put("MLFLOW_EXTRA", "1");
    stack.resource.getMetadata().setGeneration(2L);
    stack.converge();
    variable("mlflow", "MY_SETTING", "mine");
    assertThat(variables(stack.sandbox.state(), stack.id("service/mlflow"))).containsKey("MLFLOW_EXTRA");

    stack.resource.getSpec().mlflow.env.remove("MLFLOW_EXTRA");
    stack.resource.getMetadata().setGeneration(3L);
    stack.converge();

    assertThat(variables(stack.sandbox.state(), stack.id("service/mlflow")))
        .doesNotContainKey("MLFLOW_EXTRA").containsEntry("MY_SETTING", "mine");
    assertThat(stack.status().drift).as("a spec change is not drift").isNull();
    assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aDeletedDomainIsCreatedAgainAndMlflowAllowsTheNewHost() {
    String before = stack.status().url;
    assertRepaired(() -> stack.outOfBand("mutation($id: String!) { serviceDomainDelete(id: $id) }",
        Map.of("id", stack.id("domain"))), "domain: missing");
    String domain = stack.status().url.substring("https://".length());
    assertThat(stack.status().url).isNotEqualTo(before);
    assertThat(instance(stack.sandbox.state(), stack.id("service/mlflow")).startCommand).contains(domain);
  }

  @Test
  void aMovedVolumeIsMountedBackAtItsPath() {
    String volume = stack.id("volume");
    assertRepaired(() -> stack.outOfBand("mutation($v: String!, $e: String!, $i: VolumeInstanceUpdateInput!) "
            + "{ volumeInstanceUpdate(volumeId: $v, environmentId: $e, input: $i) }",
        Map.of("v", volume, "e", stack.id("environment"), "i", Map.of("serviceId", stack.id("service/mlflow"),
            "mountPath", "/elsewhere"))), "volume: mountPath");
    assertThat(stack.sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volume);
      assertThat(v.mountPath).isEqualTo("/mlflow");
    });
  }

  @Test
  void aDeletedVolumeIsReplacedByAnEmptyOneAndSaidLoudly() {
    String deleted = stack.id("volume");
    stack.outOfBand("mutation($id: String!) { volumeDelete(volumeId: $id) }", Map.of("id", deleted));
    long before = stack.requests();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).as("observe, create, then grow the new volume to the spec's size")
        .isEqualTo(3);
    assertThat(report.drift()).contains("volume: " + DataVolumeRecreated.LOST);
    assertThat(stack.id("volume")).isNotEqualTo(deleted);
    assertThat(stack.condition("Synced").getReason()).isEqualTo("DataVolumeRecreated");
    assertThat(stack.condition("Synced").getMessage()).contains(DataVolumeRecreated.LOST)
        .contains("earlier experiment data is gone");
    assertThat(stack.status().components.get("storage").message).startsWith(DataVolumeRecreated.LOST);
    assertThat(stack.status().drift.fields).contains("volume: " + DataVolumeRecreated.LOST);
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    stack.reconcile();
    assertThat(stack.status().components.get("storage").message).as("still said after the repair")
        .startsWith(DataVolumeRecreated.LOST);
    assertThat(stack.condition("Synced").getReason()).as("said in Synced until the spec changes, as on Kubernetes")
        .isEqualTo("DataVolumeRecreated");
    assertThat(stack.sandbox.state().volumeInstances.stream().filter(v -> !v.isPendingDeletion).toList())
        .singleElement().satisfies(v -> {
          assertThat(v.serviceId).isEqualTo(stack.id("service/mlflow"));
          assertThat(v.sizeMB).isEqualTo(5369);
        });
  }

  @Test
  void aChangedResourceLimitIsPutBackAndMlflowDeployedWithIt() {
    long deployments = deployments("service/mlflow");

    long requests = assertRepaired(() -> limits(Map.of("vCPUs", 4.0)), "service/mlflow: vCPUs");

    assertThat(requests).as("observe, then one ConfigureStack with the limits and the deploy").isEqualTo(2);
    assertThat(instance(stack.sandbox.state(), stack.id("service/mlflow")).vCPUs).isEqualTo(1.0);
    assertThat(stack.status().drift.fields).containsExactly("service/mlflow: vCPUs");
    assertThat(deployments("service/mlflow")).as("Railway applies limits with a deploy").isEqualTo(deployments + 1);
  }

  @Test
  void changedResourcesInTheSpecBecomeRailwaysLimitsWithoutCountingAsDrift() {
    stack.resource.getSpec().mlflow.resources.cpu = "500m";
    stack.resource.getSpec().mlflow.resources.memory = "1Gi";
    stack.resource.getMetadata().setGeneration(2L);
    long before = stack.requests();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).isEqualTo(2);
    assertThat(report.drift()).isEmpty();
    var mlflow = instance(stack.sandbox.state(), stack.id("service/mlflow"));
    assertThat(mlflow.vCPUs).isEqualTo(0.5);
    assertThat(mlflow.memoryGB).isEqualTo(1.074);
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    long mutations = stack.mutations();
    stack.reconcile();
    assertThat(stack.mutations()).as("Railway's answer matches what was asked").isEqualTo(mutations);
  }

  @Test
  void aSpecChangeOnRailwayWhoseDeploymentWasLostIsDeployedByTheNextReconcile() {
    stack.resource.getSpec().mlflow.workers = 5;
    stack.resource.getMetadata().setGeneration(2L);
    var update = stack.plan().all(RailwayChange.UpdateSettings.class).get(0);
    // As if the last apply updated MLflow's settings and then failed before its deploy went through.
    settings("mlflow", Map.of("startCommand", update.input().get("startCommand")));
    long deployments = deployments("service/mlflow");
    long before = stack.requests();

    assertThat(stack.plan().reasons()).containsExactly("service/mlflow: last change not deployed");
    stack.reconcile();

    assertThat(stack.requests() - before).as("plan's observe, then observe and one ConfigureStack").isEqualTo(3);
    assertThat(deployments("service/mlflow")).isEqualTo(deployments + 1);
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    long mutations = stack.mutations();
    stack.reconcile();
    assertThat(stack.mutations()).as("deployed once, then nothing").isEqualTo(mutations);
    assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aDomainPointedAtAnotherPortIsPointedBackAtTheProxyKeepingTheDomain() {
    String domainId = stack.id("domain");
    String url = stack.status().url;
    long requests = assertRepaired(() -> stack.outOfBand("mutation($i: ServiceDomainUpdateInput!) "
        + "{ serviceDomainUpdate(input: $i) }", Map.of("i", Map.of("serviceDomainId", domainId,
        "environmentId", stack.id("environment"), "serviceId", stack.id("service/proxy"),
        "domain", url.substring("https://".length()), "targetPort", 9999))), "domain: targetPort");

    assertThat(requests).as("observe, then one ConfigureStack; nothing to deploy").isEqualTo(2);
    assertThat(stack.sandbox.state().serviceDomains).singleElement().satisfies(d -> {
      assertThat(d.id).isEqualTo(domainId);
      assertThat(d.targetPort).isEqualTo(8080);
    });
    assertThat(stack.status().url).isEqualTo(url);
  }

  @Test
  void aLargerStorageSizeGrowsTheSameVolumeWithoutADeploy() {
    String volume = stack.id("volume");
    long deployments = deployments("service/mlflow");
    stack.resource.getSpec().storage.size = "10Gi";
    stack.resource.getMetadata().setGeneration(2L);
    long before = stack.requests();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).isEqualTo(2);
    assertThat(report.drift()).isEmpty();
    assertThat(stack.sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volume);
      assertThat(v.sizeMB).isEqualTo(10738);
    });
    assertThat(deployments("service/mlflow")).as("Railway grows a volume online").isEqualTo(deployments);
    assertThat(stack.plan().isEmpty()).isTrue();
  }

  @Test
  void aVolumeRailwayHoldsLargerThanTheSpecAsksIsLeftAsItIs() {
    String volume = stack.id("volume");
    stack.outOfBand(PATCH_ENVIRONMENT, Map.of("e", stack.id("environment"),
        "p", Map.of("volumes", Map.of(volume, Map.of("sizeMB", 20000)))));
    long before = stack.requests();
    long mutations = stack.mutations();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).isEqualTo(1);
    assertThat(stack.mutations()).as("no shrink is asked of Railway").isEqualTo(mutations);
    assertThat(report.drift()).isEmpty();
    assertThat(stack.sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volume);
      assertThat(v.sizeMB).isEqualTo(20000);
    });
  }

  @Test
  void aStorageSizeBelowRailwaysDefaultIsSatisfiedByTheNewVolume() {
    try (var small = start()) {
      small.resource.getSpec().storage.size = "1Gi";
      small.converge();

      assertThat(small.sandbox.state().volumeInstances).singleElement()
          .satisfies(v -> assertThat(v.sizeMB).isEqualTo(5000));
      assertThat(small.plan().isEmpty()).isTrue();
    }
  }

  @Test
  void aSmallerStorageSizeThanTheSpecLastAppliedIsRefusedBeforeAnyRequest() {
    assertThat(stack.status().ids).containsEntry("applied/storage.size", "5Gi");
    stack.resource.getSpec().storage.size = "4Gi";
    stack.resource.getMetadata().setGeneration(2L);
    long before = stack.requests();

    stack.reconcile();

    assertThat(stack.requests() - before).as("no request, so nothing changed").isZero();
    assertThat(stack.condition("Synced").getStatus()).isEqualTo("False");
    assertThat(stack.condition("Synced").getReason()).isEqualTo("StorageShrinkRefused");
    assertThat(stack.condition("Synced").getMessage()).isEqualTo("spec.storage.size: cannot shrink the volume from 5Gi"
        + " to 4Gi; a volume can only grow, so set size to 5Gi or more");
    assertThat(stack.status().ids).containsEntry("applied/storage.size", "5Gi");
    assertThatThrownBy(stack::plan).isInstanceOfSatisfying(TerminalException.class,
        e -> assertThat(e.reason()).isEqualTo("StorageShrinkRefused"));
    assertThat(stack.requests() - before).as("plan refuses before observing").isZero();
  }

  @Test
  void aDeletedServiceIsCreatedAgainAndGetsTheSameVolumeBack() {
    String volume = stack.id("volume");
    String oldService = stack.id("service/mlflow");
    stack.outOfBand("mutation($id: String!) { serviceDelete(id: $id) }", Map.of("id", oldService));
    long before = stack.requests();

    var report = stack.reconcile();

    assertThat(stack.requests() - before).as("three observes to find what is left, then two mutations")
        .isLessThanOrEqualTo(5);
    assertThat(report.drift()).contains("service/mlflow: missing", "volume: attached service");
    assertThat(stack.id("service/mlflow")).isNotEqualTo(oldService);
    assertThat(stack.sandbox.state().volumes).singleElement().satisfies(v -> assertThat(v.id).isEqualTo(volume));
    assertThat(stack.sandbox.state().volumeInstances).singleElement()
        .satisfies(v -> assertThat(v.serviceId).isEqualTo(stack.id("service/mlflow")));
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    long mutations = stack.mutations();
    stack.reconcile();
    assertThat(stack.mutations()).isEqualTo(mutations);
    assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aDeletedProxyKeepsItsPasswordWhenTheCredentialsSecretHoldsIt() {
    String password = variables(stack.sandbox.state(), stack.id("service/proxy")).get("BASIC_AUTH_PASSWORD");
    stack.secrets.put("tracking-credentials/password", password);
    stack.outOfBand("mutation($id: String!) { serviceDelete(id: $id) }", Map.of("id", stack.id("service/proxy")));

    stack.reconcile();

    assertThat(variables(stack.sandbox.state(), stack.id("service/proxy"))).containsEntry("BASIC_AUTH_PASSWORD", password);
    assertOneOfEach(stack.sandbox.state());
  }

  @Test
  void deletionWithRetainRemovesTheServicesAndKeepsTheVolume() {
    String volume = stack.id("volume");
    stack.delete();

    var state = stack.sandbox.state();
    assertThat(state.services).isEmpty();
    assertThat(state.volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(volume);
      assertThat(v.isPendingDeletion).isFalse();
    });
  }

  @Test
  void deletionWithDeleteRemovesTheVolumeToo() {
    stack.resource.getSpec().deletionPolicy = DeletionPolicy.Delete;
    stack.delete();

    var state = stack.sandbox.state();
    assertThat(state.services).isEmpty();
    assertThat(state.volumeInstances).allSatisfy(v -> assertThat(v.isPendingDeletion).isTrue());
  }

  @Test
  void aProjectMarkedForADeploymentWhoseNameOnlyStartsWithOursIsRefusedAndItsVolumeUntouched() {
    var staging = deploymentIn("shared-proj", "ml-staging", DeletionPolicy.Retain);
    converge(staging);
    stack.delete(staging);
    String retained = volumeOf(staging);
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Delete);
    var before = stack.sandbox.state();

    stack.reconcile(ml);

    assertThat(condition(ml, "Synced").getReason()).isEqualTo("ProjectNotManaged");
    assertThat(condition(ml, "Synced").getMessage()).contains("shared-proj", "managed by mlflow-operator: team/ml");
    assertThatThrownBy(() -> stack.delete(ml)).isInstanceOf(TerminalException.class)
        .hasMessageContaining("shared-proj");
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
    assertThat(stack.sandbox.state().volumeInstances).filteredOn(v -> v.volumeId.equals(retained)).singleElement()
        .satisfies(v -> assertThat(v.isPendingDeletion).isFalse());
  }

  @Test
  void aDetachedVolumeAtOurMountPathInASharedProjectIsNeitherAttachedNorDeleted() {
    shareProject("shared-proj", "team/ml-staging", "team/ml");
    var staging = deploymentIn("shared-proj", "ml-staging", DeletionPolicy.Retain);
    converge(staging);
    String retained = volumeOf(staging);
    stack.delete(staging);
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Delete);

    converge(ml);
    assertThat(condition(ml, "Synced").getStatus()).isEqualTo("True");
    assertThat(volumeOf(ml)).as("ml has a volume of its own").isNotEqualTo(retained);
    stack.delete(ml);

    assertThat(stack.sandbox.state().volumeInstances).filteredOn(v -> v.volumeId.equals(retained)).singleElement()
        .satisfies(v -> {
          assertThat(v.serviceId).as("never attached to ml's service").isNull();
          assertThat(v.isPendingDeletion).isFalse();
        });
  }

  @Test
  void recordedIdsOfAnotherDeploymentsProjectAreRefusedAndNothingIsWritten() {
    var other = deploymentIn("other-proj", "other", DeletionPolicy.Retain);
    converge(other);
    stack.status().ids.put("project", other.getStatus().ids.get("project"));
    stack.status().ids.put("environment", other.getStatus().ids.get("environment"));
    stack.status().ids.put("volume", other.getStatus().ids.get("volume"));
    stack.resource.getSpec().deletionPolicy = DeletionPolicy.Delete;
    var before = stack.sandbox.state();

    stack.reconcile();

    assertThat(stack.condition("Synced").getReason()).isEqualTo("ProjectNotManaged");
    assertThat(stack.condition("Synced").getMessage()).contains("other-proj", "managed by mlflow-operator: team/tracking");
    assertThatThrownBy(stack::delete).isInstanceOf(TerminalException.class).hasMessageContaining("other-proj");
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void aRecordedVolumeOnAnotherDeploymentsServiceIsRefusedAndNothingIsWritten() {
    shareProject("shared-proj", "team/ml-staging", "team/ml");
    var staging = deploymentIn("shared-proj", "ml-staging", DeletionPolicy.Retain);
    converge(staging);
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Delete);
    converge(ml);
    ml.getStatus().ids.put("volume", volumeOf(staging));
    var before = stack.sandbox.state();

    stack.reconcile(ml);

    assertThat(condition(ml, "Synced").getReason()).isEqualTo("VolumeNotOwned");
    assertThat(condition(ml, "Synced").getMessage()).contains(volumeOf(staging), "ml-staging-mlflow");
    assertThatThrownBy(() -> stack.delete(ml)).isInstanceOf(TerminalException.class)
        .hasMessageContaining(volumeOf(staging));
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void aRecordedIdOfAnotherDeploymentsDetachedVolumeIsRefusedAndNothingIsWritten() {
    shareProject("shared-proj", "team/ml-staging", "team/ml");
    var staging = deploymentIn("shared-proj", "ml-staging", DeletionPolicy.Retain);
    converge(staging);
    String retained = volumeOf(staging);
    stack.delete(staging);
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Delete);
    converge(ml);
    ml.getStatus().ids.put("volume", retained);
    var before = stack.sandbox.state();

    stack.reconcile(ml);

    assertThat(condition(ml, "Synced").getReason()).isEqualTo("VolumeNotOwned");
    assertThat(condition(ml, "Synced").getMessage()).contains(retained, "ml-staging-data-87a905fb-",
        "'ml-data-7fd001a0-" + own(retained) + "'", "rename it in Railway", "remove the recorded ID");
    assertThatThrownBy(() -> stack.delete(ml)).isInstanceOf(TerminalException.class).hasMessageContaining(retained);
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void aNewVolumeIsNamedWithTheMarkOfItsDeployment() {
    assertThat(stack.sandbox.state().volumes).singleElement()
        .satisfies(v -> assertThat(v.name).isEqualTo("tracking-data-774a9bb7-" + own(stack.id("volume"))));
  }

  @Test
  void aVolumeNamedOtherwiseAsTheOldCodeLeftItIsRenamedOnceThenSteady() {
    long requests = assertRepaired(() -> stack.outOfBand("mutation($v: String!, $i: VolumeUpdateInput!) "
        + "{ volumeUpdate(volumeId: $v, input: $i) { id } }",
        Map.of("v", stack.id("volume"), "i", Map.of("name", "fluffy-cloud-volume"))), "volume: name");

    assertThat(requests).as("observe, then one ConfigureStack with the rename").isEqualTo(2);
    assertThat(stack.sandbox.state().volumes).singleElement()
        .satisfies(v -> assertThat(v.name).isEqualTo("tracking-data-774a9bb7-" + own(stack.id("volume"))));
    long before = stack.requests();
    stack.reconcile();
    assertThat(stack.requests() - before).as("steady again").isEqualTo(1);
  }

  @Test
  void aVolumeKeptUnderRetainIsAttachedAgainWhenTheDeploymentIsAppliedAgain() {
    String kept = stack.id("volume");
    stack.delete();

    stack.converge();

    assertThat(stack.condition("Synced").getStatus()).isEqualTo("True");
    assertThat(stack.sandbox.state().volumeInstances).singleElement().satisfies(v -> {
      assertThat(v.volumeId).isEqualTo(kept);
      assertThat(v.serviceId).isEqualTo(stack.id("service/mlflow"));
    });
  }

  @Test
  void aRecordedServiceOfAnotherDeploymentIsRefusedAndNothingIsWritten() {
    shareProject("shared-proj", "team/ml-staging", "team/ml");
    var staging = deploymentIn("shared-proj", "ml-staging", DeletionPolicy.Retain);
    converge(staging);
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Retain);
    converge(ml);
    ml.getStatus().ids.put("service/mlflow", staging.getStatus().ids.get("service/mlflow"));
    var before = stack.sandbox.state();

    stack.reconcile(ml);

    assertThat(condition(ml, "Synced").getReason()).isEqualTo("ServiceNotOwned");
    assertThat(condition(ml, "Synced").getMessage()).contains("ml-staging-mlflow");
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void aProjectWhoseDescriptionHasOurMarkerAsOneOfItsLinesIsOurs() {
    shareProject("shared-proj", "team/ml-staging", "team/ml");
    var ml = deploymentIn("shared-proj", "ml", DeletionPolicy.Retain);

    converge(ml);

    assertThat(condition(ml, "Synced").getStatus()).isEqualTo("True");
    assertThat(stack.sandbox.state().projects).filteredOn(p -> p.name.equals("shared-proj")).hasSize(1);
  }

  @Test
  void aProjectAlsoMarkedForADeploymentOfTheSameNameInAnotherNamespaceIsRefusedAndNothingIsWritten() {
    shareProject("shared-proj", "team/ml", "lab/ml");
    var lab = RailwayStackHarness.deployment("ml");
    lab.getMetadata().setNamespace("lab");
    lab.getSpec().railway.project = "shared-proj";
    var team = deploymentIn("shared-proj", "ml", DeletionPolicy.Delete);
    var before = stack.sandbox.state();

    converge(lab);
    converge(team);

    assertThat(condition(lab, "Synced").getReason()).isEqualTo("ProjectNotManaged");
    assertThat(condition(team, "Synced").getReason()).isEqualTo("ProjectNotManaged");
    assertThat(condition(team, "Synced").getMessage()).contains("shared-proj", "lab/ml", "ml-mlflow");
    assertThatThrownBy(() -> stack.delete(team)).isInstanceOf(TerminalException.class).hasMessageContaining("lab/ml");
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
    var project = before.projects.stream().filter(p -> p.name.equals("shared-proj")).findFirst().orElseThrow();
    var environment = before.environments.stream().filter(e -> e.projectId.equals(project.id)).findFirst().orElseThrow();
    team.getStatus().ids.put("project", project.id);
    team.getStatus().ids.put("environment", environment.id);

    stack.reconcile(team);

    assertThat(condition(team, "Synced").getMessage()).as("recorded IDs").contains("lab/ml");
    assertThat(stack.sandbox.state()).usingRecursiveComparison().isEqualTo(before);
  }

  /** Creates a project out of band whose description marks it for each of {@code deployments}, one per line. */
  /** A deployment named {@code name} in the Railway project {@code project}, under {@code policy}. */
  static MlflowDeployment deploymentIn(String project, String name, DeletionPolicy policy) {
    var deployment = RailwayStackHarness.deployment(name);
    deployment.getSpec().railway.project = project;
    deployment.getSpec().deletionPolicy = policy;
    return deployment;
  }

  void shareProject(String name, String... deployments) {
    String description = java.util.Arrays.stream(deployments).map(d -> "managed by mlflow-operator: " + d)
        .collect(java.util.stream.Collectors.joining("\n", "Shared by the ML team.\n", ""));
    stack.outOfBand("mutation($i: ProjectCreateInput!) { projectCreate(input: $i) { id } }",
        Map.of("i", Map.of("name", name, "description", description)));
  }

  void converge(MlflowDeployment other) {
    stack.reconcile(other);
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    stack.reconcile(other);
  }

  /** The volume's own part of its name: the first 8 letters and digits of its ID. */
  static String own(String volumeId) {
    return volumeId.replace("-", "").substring(0, 8);
  }

  String volumeOf(MlflowDeployment deployment) {
    return deployment.getStatus().ids.get("volume");
  }

  static Condition condition(MlflowDeployment deployment, String type) {
    return deployment.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  /**
   * The change, then one reconcile repairs it within 3 requests and records it as drift; the next one is quiet.
   * Returns the requests the repair took.
   */
  long assertRepaired(Runnable drift, String reason) {
    drift.run();
    long before = stack.requests();

    var report = stack.reconcile();

    long requests = stack.requests() - before;
    assertThat(requests).as("requests to repair %s", reason).isLessThanOrEqualTo(3);
    assertThat(report.drift()).contains(reason);
    assertThat(stack.status().drift.fields).contains(reason);
    stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
    long mutations = stack.mutations();
    stack.reconcile();
    assertThat(stack.mutations()).as("converged after the repair").isEqualTo(mutations);
    assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
    assertOneOfEach(stack.sandbox.state());
    return requests;
  }

  long deployments(String service) {
    return stack.sandbox.state().deployments.stream().filter(d -> d.serviceId.equals(stack.id(service))).count();
  }

  void limits(Map<String, Object> limits) {
    var input = new HashMap<String, Object>(limits);
    input.put("environmentId", stack.id("environment"));
    input.put("serviceId", stack.id("service/mlflow"));
    stack.outOfBand(UPDATE_LIMITS, Map.of("i", input));
  }

  void settings(String component, Map<String, Object> input) {
    stack.outOfBand(UPDATE_SETTINGS, Map.of("s", stack.id("service/" + component), "e", stack.id("environment"), "i", input));
  }

  void variable(String component, String name, String value) {
    var input = new HashMap<String, Object>(Map.of("projectId", stack.id("project"), "environmentId",
        stack.id("environment"), "serviceId", stack.id("service/" + component), "variables", Map.of(name, value),
        "skipDeploys", true));
    stack.outOfBand(UPSERT_VARIABLES, Map.of("i", input));
  }

  static void assertOneOfEach(SandboxState state) {
    assertThat(state.projects).hasSize(1);
    assertThat(state.services).extracting(s -> s.name).containsExactlyInAnyOrder("tracking-mlflow", "tracking-proxy");
    assertThat(state.volumeInstances.stream().filter(v -> !v.isPendingDeletion).toList()).hasSize(1);
    assertThat(state.serviceDomains).hasSize(1);
  }

  static SandboxState.ServiceInstance instance(SandboxState state, String serviceId) {
    return state.serviceInstances.stream().filter(i -> i.serviceId.equals(serviceId)).findFirst().orElseThrow();
  }

  static Map<String, String> variables(SandboxState state, String serviceId) {
    return state.variables.stream().filter(v -> serviceId.equals(v.serviceId)).findFirst()
        .map(v -> v.values).orElse(Map.of());
  }
}
