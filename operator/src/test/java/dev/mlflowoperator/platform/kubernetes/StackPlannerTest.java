package dev.mlflowoperator.platform.kubernetes;

import static dev.mlflowoperator.platform.kubernetes.KubernetesStackRendererTest.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.platform.TerminalException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure diff: server defaults are not drift, our fields are, and a volume never shrinks. */
class StackPlannerTest {
  final KubernetesStack desired = KubernetesStackRendererTest.render(KubernetesStackRendererTest.spec(), "ml");

  /** What the API server returns for what we sent: a copy with server-side fields and defaults added. */
  static KubernetesStack asStored(KubernetesStack stack) {
    var copy = new KubernetesStack(stack.objects().stream()
        .map(o -> new RenderedObject(o.componentKey(), Serialization.clone(o.object()))).toList());
    copy.inApplyOrder().forEach(o -> {
      o.getMetadata().setUid("uid-" + o.getMetadata().getName());
      o.getMetadata().setResourceVersion("7");
    });
    var container = object(copy, Deployment.class, "tracking-mlflow").getSpec().getTemplate().getSpec().getContainers().get(0);
    container.setTerminationMessagePath("/dev/termination-log");
    container.getReadinessProbe().setTimeoutSeconds(1);
    container.getResources().getRequests().put("memory", new Quantity("2048Mi"));
    object(copy, Service.class, "tracking-mlflow").getSpec().setClusterIP("10.0.0.12");
    object(copy, Service.class, "tracking-mlflow").getSpec().setSessionAffinity("None");
    object(copy, Deployment.class, "tracking-mlflow").getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "1");
    return copy;
  }

  static ObservedStack observed(KubernetesStack stack) {
    return new ObservedStack(stack, stack.inApplyOrder());
  }

  @Test
  void createsEveryMissingObjectInApplyOrder() {
    var plan = StackPlanner.plan(desired, new ObservedStack(desired, List.of()));

    assertThat(plan.changes()).hasSize(9).allMatch(c -> c instanceof Change.Create);
    assertThat(plan.reasons()).first().isEqualTo("Secret/tracking-credentials: missing");
  }

  @Test
  void defaultsAddedByTheApiServerAreNotChanges() {
    assertThat(StackPlanner.plan(desired, observed(asStored(desired))).isEmpty()).isTrue();
  }

  @Test
  void aChangedManagedFieldIsAnUpdateNamingTheFieldAndKeepingAllocatedValues() {
    var stored = asStored(desired);
    object(stored, Deployment.class, "tracking-proxy").getSpec().getTemplate().getSpec().getContainers().get(0).setImage("caddy:evil");
    object(stored, Service.class, "tracking-mlflow").getSpec().getPorts().get(0).setTargetPort(new IntOrString(5001));

    var plan = StackPlanner.plan(desired, observed(stored));

    assertThat(plan.reasons()).containsExactly(
        "Service/tracking-mlflow: spec.ports[0].targetPort",
        "Deployment/tracking-proxy: spec.template.spec.containers[0].image");
    var service = plan.changes().stream().filter(c -> c.desired() == object(desired, Service.class, "tracking-mlflow")).findFirst().orElseThrow();
    var merged = (Service) ((Change.Update) service).merged();
    assertThat(merged.getSpec().getClusterIP()).isEqualTo("10.0.0.12");
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void anAddedKeyInManagedDataIsDrift() {
    var stored = asStored(desired);
    object(stored, ConfigMap.class, "tracking-proxy-config").setData(Map.of("Caddyfile", object(desired, ConfigMap.class, "tracking-proxy-config").getData().get("Caddyfile"), "extra", "x"));

    assertThat(StackPlanner.plan(desired, observed(stored)).reasons())
        .containsExactly("ConfigMap/tracking-proxy-config: data.extra");
  }

  @Test
  void aLargerVolumeIsResizedAndASmallerOneIsRefusedNamingTheField() {
    var stored = asStored(desired);
    object(stored, PersistentVolumeClaim.class, "tracking-data").getSpec().getResources().getRequests().put("storage", new Quantity("2Gi"));
    var grow = StackPlanner.plan(desired, observed(stored));
    assertThat(grow.reasons()).containsExactly("PersistentVolumeClaim/tracking-data: spec.resources.requests.storage");
    HasMetadata merged = ((Change.Update) grow.changes().get(0)).merged();
    assertThat(ManagedFields.storageOf((PersistentVolumeClaim) merged))
        .isEqualTo(new Quantity("5Gi"));

    object(stored, PersistentVolumeClaim.class, "tracking-data").getSpec().getResources().getRequests().put("storage", new Quantity("10Gi"));
    assertThatThrownBy(() -> StackPlanner.plan(desired, observed(stored)))
        .isInstanceOfSatisfying(TerminalException.class, e -> assertThat(e.reason()).isEqualTo("StorageShrinkRefused"))
        .hasMessageContaining("spec.storage.size")
        .hasMessageContaining("10Gi");
  }
}
