package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStack;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.Stack;
import dev.mlflowoperator.reconcile.MockCluster;
import dev.mlflowoperator.secrets.SecretResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Clock;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A repair of an object whose status a controller wrote after it was observed (the Deployment controller does so on
 * every spec change) is merged onto the object as it is now, in the same run, instead of failing on the conflict.
 */
class KubernetesUpdateConflictTest {
  private static final String NS = "ml";
  private static final Credentials CREDENTIALS = new Credentials("mlflow", "pw", "$2a$10$hash");

  private final MockCluster cluster = MockCluster.start();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aTamperedImageIsPutBackAlthoughTheDeploymentsStatusChangedSinceItWasObserved() {
    var direct = new KubernetesPlatform(cluster.client, false, Clock.systemUTC());
    var ids = converge(direct);
    var deployments = cluster.client.apps().deployments().inNamespace(NS);
    String image = image(deployments.withName("tracking-mlflow").get());
    deployments.withName("tracking-mlflow").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("example.org/tampered:1");
      return d;
    });
    var platform = new KubernetesPlatform(cluster.client, new ChangedAfterRead(d -> cluster.client.resource(
        new DeploymentBuilder(d).withStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).build()).build())
        .updateStatus()), false, Clock.systemUTC());

    var stack = new Stack(resource(ids), SecretResolver.none());
    var observed = platform.observe(stack);
    platform.apply(stack, platform.plan(stack, desired(platform, stack, observed), observed), observed,
        addresses -> desired(platform, stack, observed));

    var repaired = deployments.withName("tracking-mlflow").get();
    assertThat(image(repaired)).isEqualTo(image);
    assertThat(repaired.getStatus().getAvailableReplicas()).as("the controller's status is kept").isEqualTo(1);
  }

  @Test
  void aDeploymentThatStoppedBeingOursSinceItWasObservedIsNotWrittenOnTheConflict() {
    var direct = new KubernetesPlatform(cluster.client, false, Clock.systemUTC());
    var ids = converge(direct);
    var deployments = cluster.client.apps().deployments().inNamespace(NS);
    deployments.withName("tracking-mlflow").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("example.org/tampered:1");
      return d;
    });
    var platform = new KubernetesPlatform(cluster.client, new ChangedAfterRead(d -> deployments
        .withName("tracking-mlflow").edit(taken -> {
          taken.getMetadata().setOwnerReferences(List.of());
          taken.getMetadata().getLabels().remove(StackNames.MANAGED_BY_LABEL);
          return taken;
        })), false, Clock.systemUTC());

    var stack = new Stack(resource(ids), SecretResolver.none());
    var observed = platform.observe(stack);
    var plan = platform.plan(stack, desired(platform, stack, observed), observed);

    assertThatThrownBy(() -> platform.apply(stack, plan, observed, addresses -> desired(platform, stack, observed)))
        .isInstanceOf(KubernetesClientException.class);
    var theirs = deployments.withName("tracking-mlflow").get();
    assertThat(image(theirs)).as("the object another owner took is left as it is").isEqualTo("example.org/tampered:1");
    assertThat(theirs.getMetadata().getOwnerReferences()).isEmpty();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  /** Reads directly, and changes the MLflow Deployment right after its read, as another writer would. */
  private final class ChangedAfterRead implements ObjectSource {
    private final ObjectSource direct = ObjectSource.direct(cluster.client);
    private final Consumer<Deployment> change;

    ChangedAfterRead(Consumer<Deployment> change) {
      this.change = change;
    }

    @Override
    public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
      var found = direct.get(kind, namespace, name);
      if (found.isPresent() && found.get() instanceof Deployment d && "tracking-mlflow".equals(name)) {
        change.accept(d);
      }
      return found;
    }

    @Override
    public boolean mayBeTaken(Class<? extends HasMetadata> kind, String namespace, String name) {
      return false;
    }

    @Override
    public <T extends HasMetadata> T write(HasMetadata previous, T desired, Supplier<T> write) {
      return write.get();
    }
  }

  private Map<String, String> converge(KubernetesPlatform platform) {
    var stack = new Stack(resource(Map.of()), SecretResolver.none());
    var observed = platform.observe(stack);
    platform.apply(stack, platform.plan(stack, desired(platform, stack, observed), observed), observed,
        addresses -> desired(platform, stack, observed));
    return stack.ids().asMap();
  }

  private static DesiredStack desired(KubernetesPlatform platform, Stack stack, ObservedStack observed) {
    return DesiredStackFactory.build("tracking", stack.spec(),
        platform.storedCredentials(stack, observed).stream().findFirst().orElse(CREDENTIALS),
        platform.addresses(stack, observed));
  }

  /** The MlflowDeployment as the cluster holds it (created on first use), with these IDs. */
  private MlflowDeployment resource(Map<String, String> ids) {
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
    resource.setSpec(spec);
    resource.setStatus(new MlflowDeploymentStatus());
    resource.getStatus().ids = new LinkedHashMap<>(ids);
    return resource;
  }
}
