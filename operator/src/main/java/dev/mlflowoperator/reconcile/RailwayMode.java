package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.StackPlan;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.kubernetes.NamespaceSecrets;
import dev.mlflowoperator.platform.kubernetes.CredentialsSecret;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import dev.mlflowoperator.platform.railway.RailwayResync;
import dev.mlflowoperator.railway.GraphqlExecutor;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.Reasons;
import dev.mlflowoperator.status.ReconcileReport;
import dev.mlflowoperator.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stack on Railway through the token's shared client (chosen at the first request, after validation), with the
 * credentials Secret written for in-cluster clients; it comes back after the resync interval, stretched to keep
 * every deployment on the token within its hourly budget.
 */
final class RailwayMode implements PlatformMode {
  private static final Logger LOG = LoggerFactory.getLogger(RailwayMode.class);

  private final KubernetesClient client;
  private final RailwayClientsByToken railwayClients;
  private final HealthProber prober;
  private final CredentialsGenerator generator;
  private final Function<MlflowDeployment, List<Violation>> validator;
  private final Clock clock;

  RailwayMode(KubernetesClient client, RailwayClientsByToken railwayClients, HealthProber prober,
      CredentialsGenerator generator, Function<MlflowDeployment, List<Violation>> validator, Clock clock) {
    this.client = client;
    this.railwayClients = railwayClients;
    this.prober = prober;
    this.generator = generator;
    this.validator = validator;
    this.clock = clock;
  }

  @Override
  public ReconcileReport reconcile(MlflowDeployment resource, Consumer<StackPlan> planned) {
    var secrets = secrets(resource);
    var listener = new ReconcileLoop.Listener(
        credentials -> CredentialsSecret.write(client, resource,
            DesiredStackFactory.credentials(new StackNames(resource.getMetadata().getName()), credentials)),
        planned, ids -> StatusCheckpoint.write(client, resource, ids));
    return loop(resource, secrets).run(resource, secrets, listener);
  }

  @Override
  public Optional<Duration> requeueAfter(MlflowDeployment resource, boolean ready) {
    Duration base = ready ? RailwayResync.DEFAULT : RailwayResync.WHILE_NOT_READY;
    if (resource.getSpec() == null || resource.getSpec().railway == null) {
      return Optional.of(base);
    }
    try {
      var token = railwayClients.clientFor(resource, secrets(resource));
      Duration interval = RailwayResync.interval(base, token.budget().availableThisHour(), token.requestsPerPass());
      if (railwayClients.stretchBegins(resource, interval.compareTo(base) > 0)) {
        String message = RailwayResync.stretchedMessage(base, interval, token.requestsPerPass(),
            token.deploymentsOnToken(), token.observer().batchSize());
        LOG.warn("{}/{}: {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), message);
        new KubernetesEvents(clock).warn(client, resource, Reasons.RAILWAY_RESYNC_STRETCHED, message);
      }
      return Optional.of(interval);
    } catch (TerminalException e) {
      // No usable token: the status says so; look again at the base interval.
      return Optional.of(base);
    }
  }

  /** Without a token nothing on Railway can be reached: the resource goes and Railway keeps the stack. */
  @Override
  public void delete(MlflowDeployment resource) {
    if (resource.getSpec().railway == null) {
      return;
    }
    var secrets = secrets(resource);
    try {
      loop(resource, secrets).delete(resource);
    } catch (TerminalException e) {
      LOG.warn("{}/{}: the Railway stack is left in place: {}",
          resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
    }
    railwayClients.forget(resource);
  }

  /**
   * The loop over Railway, reaching it with the token the resource names (or the operator's), once it sends, and
   * observing through that token's shared observer.
   */
  private ReconcileLoop<?, ?> loop(MlflowDeployment resource, SecretResolver secrets) {
    var chosen = new AtomicReference<RailwayClientsByToken.TokenClient>();
    Supplier<RailwayClientsByToken.TokenClient> token = () -> chosen
        .updateAndGet(client -> client != null ? client : railwayClients.clientFor(resource, secrets));
    GraphqlExecutor api = (operation, variables) -> token.get().client().execute(operation, variables);
    return new ReconcileLoop<>(new RailwayPlatform(api, prober, clock, () -> token.get().observer()), generator,
        validator, clock);
  }

  private SecretResolver secrets(MlflowDeployment resource) {
    return NamespaceSecrets.resolver(client, resource.getMetadata().getNamespace());
  }
}
