package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.platform.kubernetes.ObjectSource;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** Picks the {@link PlatformMode} of a resource from its {@code spec.target}; the one place that tells targets apart. */
final class PlatformModes {
  private final boolean serverSideApply;
  private final Clock clock;
  private final RailwayClientsByToken railwayClients;
  private final HealthProber prober;
  private final CredentialsGenerator generator = new CredentialsGenerator();
  private final Function<MlflowDeployment, List<Violation>> validator;

  PlatformModes(boolean serverSideApply, Clock clock, RailwayClientsByToken railwayClients, HealthProber prober,
      Function<MlflowDeployment, List<Violation>> validator) {
    this.serverSideApply = serverSideApply;
    this.clock = clock;
    this.railwayClients = railwayClients;
    this.prober = prober;
    this.validator = validator;
  }

  /** Railway for {@code target: railway}; otherwise Kubernetes, whose loop also reports a missing target. */
  PlatformMode of(MlflowDeployment resource, KubernetesClient client) {
    return of(resource, client, ObjectSource.direct(client));
  }

  /** As {@link #of(MlflowDeployment, KubernetesClient)}, a Kubernetes stack's objects read from {@code objects}. */
  PlatformMode of(MlflowDeployment resource, KubernetesClient client, ObjectSource objects) {
    boolean railway = resource.getSpec() != null && resource.getSpec().target == Target.RAILWAY;
    return railway
        ? new RailwayMode(client, railwayClients, prober, generator, validator, clock)
        : new KubernetesMode(client, objects, serverSideApply, clock, generator, validator);
  }
}
