package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Component;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.Resources;
import dev.mlflowoperator.model.ServiceComponent;
import dev.mlflowoperator.model.ServiceComponent.Access;
import dev.mlflowoperator.model.ServiceComponent.ConfigFile;
import dev.mlflowoperator.model.ServiceComponent.Health;
import dev.mlflowoperator.model.ServiceComponent.Liveness;
import dev.mlflowoperator.model.ServiceComponent.Rollout;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.reconcile.MockCluster;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes renders, observes, plans, applies and reports whatever components the stack lists: a service added to
 * the DesiredStack gets its objects and its status entry with no Kubernetes code of its own.
 */
class KubernetesPlatformComponentsTest {
  private static final String NS = "ml";
  private static final Credentials CREDENTIALS = new Credentials("mlflow", "pw", "$2a$10$hash");

  private final MockCluster cluster = MockCluster.start();
  private final KubernetesPlatform platform = new KubernetesPlatform(cluster.client, false, Clock.systemUTC(),
      (name, spec) -> withBackup(DesiredStackFactory.outline(name, spec)));

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** A service only this test knows: a backup job runner, with a config file, reachable only from the proxy. */
  static DesiredStack withBackup(DesiredStack stack) {
    var components = new ArrayList<Component>(stack.components());
    components.add(new ServiceComponent("backup", stack.names().deployment() + "-backup", "busybox:1.36", null,
        List.of("sleep", "infinity"), List.of(), 9000, new Health("/", Liveness.PORT_OPEN),
        new Resources("10m", "16Mi", null, "32Mi"), List.of(),
        List.of(new ConfigFile("/etc/backup", "backup.conf", "every: 1h\n")), List.of(), Rollout.OVERLAP,
        Access.onlyFrom(StackNames.COMPONENT_PROXY), List.of(), null));
    return new DesiredStack(stack.names(), components);
  }

  @Test
  void aThirdServiceGetsItsObjectsAndItsStatusEntryAndThenPlansNoChange() {
    var stack = new Stack(resource(), SecretResolver.none());

    var observed = platform.observe(stack);
    var plan = platform.plan(stack, desired(stack, observed), observed);
    var report = platform.apply(stack, plan, observed, addresses -> desired(stack, observed));

    assertThat(plan.changes()).extracting(c -> c.line()).contains(
        "+ ConfigMap/tracking-backup-config", "+ NetworkPolicy/tracking-backup", "+ Deployment/tracking-backup",
        "+ Service/tracking-backup");
    var deployment = cluster.client.apps().deployments().inNamespace(NS).withName("tracking-backup").get();
    assertThat(deployment.getMetadata().getLabels()).containsEntry(StackNames.COMPONENT_LABEL, "backup");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("busybox:1.36");
    assertThat(cluster.client.configMaps().inNamespace(NS).withName("tracking-backup-config").get().getData())
        .containsEntry("backup.conf", "every: 1h\n");
    assertThat(cluster.client.network().v1().networkPolicies().inNamespace(NS).withName("tracking-backup").get()
        .getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry(StackNames.COMPONENT_LABEL, "proxy");
    assertThat(cluster.client.services().inNamespace(NS).withName("tracking-backup").get().getSpec().getType())
        .isEqualTo("ClusterIP");
    assertThat(report.components()).containsOnlyKeys("mlflow", "proxy", "backup", "storage");
    assertThat(report.components().get("backup").state).isEqualTo(ComponentStates.PROGRESSING);
    assertThat(stack.ids().asMap()).containsKeys("Deployment/tracking-backup", "ConfigMap/tracking-backup-config");

    var again = new Stack(resource(), SecretResolver.none());
    var reobserved = platform.observe(again);
    assertThat(platform.plan(again, desired(again, reobserved), reobserved).changes()).isEmpty();
  }

  @Test
  void observingForgetsTheIdOfEveryObjectThatIsGone() {
    var plain = new KubernetesPlatform(cluster.client, false, Clock.systemUTC());
    var stack = new Stack(resource(), SecretResolver.none());
    var observed = plain.observe(stack);
    DesiredStack desired = DesiredStackFactory.build("tracking", stack.spec(), CREDENTIALS,
        plain.addresses(stack, observed));
    plain.apply(stack, plain.plan(stack, desired, observed), observed, addresses -> desired);
    cluster.client.apps().deployments().inNamespace(NS).withName("tracking-mlflow").delete();
    cluster.client.configMaps().inNamespace(NS).withName("tracking-proxy-config").delete();
    var resource = resource();
    resource.getStatus().ids = stack.ids().asMap();
    var next = new Stack(resource, SecretResolver.none());

    plain.observe(next);

    assertThat(next.ids().asMap()).doesNotContainKeys("Deployment/tracking-mlflow", "ConfigMap/tracking-proxy-config")
        .containsKeys("Deployment/tracking-proxy", "Service/tracking-mlflow", "PersistentVolumeClaim/tracking-data");
  }

  private DesiredStack desired(Stack stack, ObservedStack observed) {
    var credentials = platform.storedCredentials(stack, observed).stream().findFirst().orElse(CREDENTIALS);
    return withBackup(DesiredStackFactory.build("tracking", stack.spec(), credentials,
        platform.addresses(stack, observed)));
  }

  /** The MlflowDeployment as the cluster holds it (created on first use), so owner references carry its UID. */
  private MlflowDeployment resource() {
    var resources = cluster.client.resources(MlflowDeployment.class).inNamespace(NS);
    var existing = resources.withName("tracking").get();
    if (existing != null) {
      existing.setStatus(new MlflowDeploymentStatus());
      return existing;
    }
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace(NS).build());
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    resource.setSpec(spec);
    var created = resources.resource(resource).create();
    created.setStatus(new MlflowDeploymentStatus());
    return created;
  }
}
