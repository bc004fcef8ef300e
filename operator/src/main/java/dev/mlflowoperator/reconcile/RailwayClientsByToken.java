package dev.mlflowoperator.reconcile;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.model.Sha256;
import dev.mlflowoperator.railway.RailwayClient;
import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.RailwayOptions;
import dev.mlflowoperator.railway.RequestBudget;
import dev.mlflowoperator.platform.TerminalException;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayResync;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.status.Reasons;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The operator's cache of Railway clients: one RailwayClient, request budget and shared observer per token, shared by
 * the deployments using it; see docs/railway-target.md.
 */
final class RailwayClientsByToken {
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  /**
   * A client for one token, how many requests its budget has left, the observer that reads the token's deployments in
   * shared requests, and how many deployments share it.
   */
  record TokenClient(RailwayClient client, RequestBudget budget, RailwayObserver observer, int deploymentsOnToken) {
    /** Observe requests of one pass over the token's deployments: one per batch. */
    int requestsPerPass() {
      return RailwayObserver.requestsPerPass(deploymentsOnToken, observer.batchSize());
    }
  }

  private final Map<String, String> environment;
  private final RailwayOptions options;
  private final Clock clock;
  private final Map<String, TokenClient> byToken = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> deploymentsByToken = new ConcurrentHashMap<>();
  private final Consumer<RailwayClient> onNewClient;
  private final Set<String> stretched = ConcurrentHashMap.newKeySet();

  /**
   * @param clock when a deployment's part of a shared observation is too old to use
   * @param onNewClient told of each client made, once per token (to export its metrics)
   * @throws IllegalArgumentException when RAILWAY_PLAN, RAILWAY_TIMEOUT_SECONDS or RAILWAY_API_URL is not valid
   *     (an http URL to another machine would carry tokens unencrypted), or RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN
   *     has a character no HTTP header may carry, naming it
   */
  RailwayClientsByToken(Map<String, String> environment, Clock clock, Consumer<RailwayClient> onNewClient) {
    this.clock = clock;
    this.onNewClient = onNewClient;
    this.environment = Map.copyOf(environment);
    this.options = RailwayOptions.fromEnvironment(environment);
    RailwayEndpoint.fromEnvironment(environment);
  }

  TokenClient clientFor(MlflowDeployment resource, SecretResolver secrets) {
    var endpoint = endpoint(resource, secrets);
    String key = Sha256.hex(endpoint.url() + "\n" + endpoint.authHeaderValue());
    String deployment = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    leaveOtherTokens(deployment, key);
    var sharing = deploymentsByToken.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    sharing.add(deployment);
    var shared = byToken.computeIfAbsent(key, k -> {
      var budget = RequestBudget.forTier(options.tier(), LONGEST_WAIT);
      var client = RailwayClient.builder(endpoint).options(options).budget(budget).build();
      onNewClient.accept(client);
      // A deployment's part of a shared read is used within one resync interval, as it would have observed itself.
      var observer = new RailwayObserver(client, options.observeBatchSize(), clock, Optional.of(RailwayResync.DEFAULT));
      return new TokenClient(client, budget, observer, 1);
    });
    return new TokenClient(shared.client(), shared.budget(), shared.observer(), sharing.size());
  }

  /**
   * Whether the deployment's resync interval is stretched now and was not at its last requeue: the moment to say so
   * once, not on every requeue.
   */
  boolean stretchBegins(MlflowDeployment resource, boolean stretchedNow) {
    String deployment = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    if (!stretchedNow) {
      stretched.remove(deployment);
      return false;
    }
    return stretched.add(deployment);
  }

  /** Forgets a deleted deployment, so it no longer counts against its token's share. */
  void forget(MlflowDeployment resource) {
    String deployment = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    leaveOtherTokens(deployment, null);
    stretched.remove(deployment);
  }

  /**
   * A deployment uses one token at a time: on any other (its token changed, or it is deleted) it no longer counts
   * against the share and that token's observer no longer reads it.
   */
  private void leaveOtherTokens(String deployment, String key) {
    deploymentsByToken.forEach((other, sharing) -> {
      if (!other.equals(key) && sharing.remove(deployment)) {
        Optional.ofNullable(byToken.get(other)).ifPresent(token -> token.observer().forget(deployment));
      }
    });
  }

  private RailwayEndpoint endpoint(MlflowDeployment resource, SecretResolver secrets) {
    var ref = resource.getSpec().railway.tokenSecretRef;
    var settings = new HashMap<String, String>();
    if (environment.containsKey(RailwayEndpoint.ENV_API_URL)) {
      settings.put(RailwayEndpoint.ENV_API_URL, environment.get(RailwayEndpoint.ENV_API_URL));
    }
    if (ref != null) {
      String token = secrets.value(ref.name, ref.key).filter(t -> !t.isBlank()).orElseThrow(() -> new TerminalException(
          Reasons.RAILWAY_TOKEN_MISSING, "spec.railway.tokenSecretRef: Secret '" + ref.name + "' has no key '" + ref.key
              + "'; create it with a Railway account or workspace token."));
      RailwayEndpoint.unsendable(token).ifPresent(where -> {
        throw new TerminalException(Reasons.RAILWAY_TOKEN_INVALID, "spec.railway.tokenSecretRef: the token in Secret '" + ref.name
            + "', key '" + ref.key + "', has a character that cannot be sent in an HTTP header (" + where
            + "); set it to the token alone.");
      });
      settings.put(RailwayEndpoint.ENV_TOKEN, token);
    } else {
      for (String name : new String[] {RailwayEndpoint.ENV_TOKEN, RailwayEndpoint.ENV_PROJECT_TOKEN}) {
        if (environment.containsKey(name)) {
          settings.put(name, environment.get(name));
        }
      }
    }
    return RailwayEndpoint.fromEnvironment(settings).orElseThrow(() -> new TerminalException(Reasons.RAILWAY_TOKEN_MISSING,
        "No Railway token: set spec.railway.tokenSecretRef, or give the operator " + RailwayEndpoint.ENV_TOKEN
            + " (or " + RailwayEndpoint.ENV_PROJECT_TOKEN + ") in its environment."));
  }

}
