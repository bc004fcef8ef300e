package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.BackupKind;
import dev.mlflowoperator.api.v1alpha1.GcSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.reconcile.MockCluster;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CronJob of a component the spec dropped is deleted only when it is the very object recorded and still ours; an
 * object that took its name since is left alone and its key forgotten.
 */
class KubernetesLeftoversTest {
  private static final String NS = "ml";
  private static final Credentials CREDENTIALS = new Credentials("mlflow", "pw", "$2a$10$hash");

  private final MockCluster cluster = MockCluster.start();
  private final KubernetesPlatform platform = new KubernetesPlatform(cluster.client, false, Clock.systemUTC());

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theRecordedCronJobOfADroppedGcIsPlannedForDeletionAndDeleted() {
    var ids = converge(true);

    var stack = new Stack(resource(false, ids), SecretResolver.none());
    var observed = platform.observe(stack);
    var plan = platform.plan(stack, desired(stack, observed), observed);

    assertThat(plan.changes()).extracting(Change::line).containsExactly(
        "~ NetworkPolicy/tracking-mlflow: spec.ingress[0].from", "- CronJob/tracking-gc");
    platform.apply(stack, plan, observed, addresses -> desired(stack, observed));
    assertThat(cluster.client.batch().v1().cronjobs().inNamespace(NS).withName("tracking-gc").get()).isNull();
    assertThat(stack.ids().asMap()).doesNotContainKey("CronJob/tracking-gc");
  }

  @Test
  void aCronJobThatTookTheRecordedNameSinceIsNotOursToDelete() {
    var ids = converge(true);
    cluster.client.batch().v1().cronjobs().inNamespace(NS).withName("tracking-gc").delete();
    cluster.client.resource(new CronJobBuilder()
        .withMetadata(new ObjectMetaBuilder().withName("tracking-gc").withNamespace(NS).build())
        .withNewSpec().withSchedule("@hourly").withNewJobTemplate().endJobTemplate().endSpec().build()).create();

    var stack = new Stack(resource(false, ids), SecretResolver.none());
    var observed = platform.observe(stack);

    assertThat(platform.plan(stack, desired(stack, observed), observed).changes()).extracting(Change::line)
        .containsExactly("~ NetworkPolicy/tracking-mlflow: spec.ingress[0].from");
    assertThat(stack.ids().asMap()).doesNotContainKey("CronJob/tracking-gc");
    assertThat(cluster.client.batch().v1().cronjobs().inNamespace(NS).withName("tracking-gc").get()).isNotNull();
  }

  /** Converges a stack with or without gc and returns the IDs it recorded. */
  private Map<String, String> converge(boolean gc) {
    var stack = new Stack(resource(gc, Map.of()), SecretResolver.none());
    var observed = platform.observe(stack);
    platform.apply(stack, platform.plan(stack, desired(stack, observed), observed), observed,
        addresses -> desired(stack, observed));
    assertThat(stack.ids().asMap()).containsKey("CronJob/tracking-gc");
    return stack.ids().asMap();
  }

  private dev.mlflowoperator.model.DesiredStack desired(Stack stack, ObservedStack observed) {
    return DesiredStackFactory.build("tracking", stack.spec(),
        platform.storedCredentials(stack, observed).stream().findFirst().orElse(CREDENTIALS), platform.addresses(stack, observed));
  }

  /** The MlflowDeployment as the cluster holds it (created on first use), with or without gc and these IDs. */
  private MlflowDeployment resource(boolean gc, Map<String, String> ids) {
    var resources = cluster.client.resources(MlflowDeployment.class).inNamespace(NS);
    var resource = resources.withName("tracking").get();
    if (resource == null) {
      var created = new MlflowDeployment();
      created.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace(NS).build());
      created.setSpec(new MlflowDeploymentSpec());
      resource = resources.resource(created).create();
    }
    var spec = new MlflowDeploymentSpec();
    spec.target = Target.KUBERNETES;
    if (gc) {
      spec.mlflow.gc = new GcSpec();
      spec.mlflow.gc.schedule = BackupKind.DAILY;
      spec.mlflow.gc.olderThan = "30d";
    }
    resource.setSpec(spec);
    resource.setStatus(new MlflowDeploymentStatus());
    resource.getStatus().ids = new java.util.LinkedHashMap<>(ids);
    return resource;
  }
}
