package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.platform.kubernetes.KubernetesPlatform;
import dev.mlflowoperator.platform.kubernetes.NamespaceSecrets;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** A stack in the operator's own cluster: secret references read from the resource's namespace. */
final class KubernetesMode implements PlatformMode {
  static final Duration REQUEUE_WHILE_NOT_READY = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ReconcileLoop<?, ?> loop;

  KubernetesMode(KubernetesClient client, boolean serverSideApply, Clock clock, CredentialsGenerator generator,
      Function<MlflowDeployment, List<Violation>> validator) {
    this.client = client;
    this.loop = new ReconcileLoop<>(new KubernetesPlatform(client, serverSideApply, clock), generator, validator,
        clock);
  }

  @Override
  public ReconcileReport reconcile(MlflowDeployment resource, Consumer<StackPlan> planned) {
    var secrets = NamespaceSecrets.resolver(client, resource.getMetadata().getNamespace());
    return loop.run(resource, secrets, new ReconcileLoop.Listener(credentials -> {}, planned));
  }

  /** Its Deployments and PVC are watched; while not Ready it also looks again every ten seconds. */
  @Override
  public Optional<Duration> requeueAfter(MlflowDeployment resource, boolean ready) {
    return ready ? Optional.empty() : Optional.of(REQUEUE_WHILE_NOT_READY);
  }

  @Override
  public void delete(MlflowDeployment resource) {
    loop.delete(resource);
  }
}
