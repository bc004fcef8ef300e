package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.RailwaySpec;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.secrets.SecretResolver;
import dev.mlflowoperator.platform.railway.RailwayResync;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operator's per-token Railway state: which token a deployment counts on, when a stretched resync interval is said,
 * and in which words.
 */
class RailwayClientsByTokenTest {
  private final RailwayClientsByToken tokens = new RailwayClientsByToken(Map.of(), Clock.systemUTC(), client -> {});

  @Test
  void aStretchedIntervalIsSaidOnceWhenItBeginsAndAgainAfterItEnded() {
    var alpha = resource("alpha");

    assertThat(tokens.stretchBegins(alpha, false)).isFalse();
    assertThat(tokens.stretchBegins(alpha, true)).as("begins").isTrue();
    assertThat(tokens.stretchBegins(alpha, true)).as("goes on").isFalse();
    assertThat(tokens.stretchBegins(resource("beta"), true)).as("another deployment").isTrue();
    assertThat(tokens.stretchBegins(alpha, false)).as("ends").isFalse();
    assertThat(tokens.stretchBegins(alpha, true)).as("begins again").isTrue();
    tokens.forget(alpha);
    assertThat(tokens.stretchBegins(alpha, true)).as("after the deployment was deleted and made again").isTrue();
  }

  @Test
  void theMessageSaysByHowMuchWhyAndWhatToDo() {
    assertThat(RailwayResync.stretchedMessage(Duration.ofSeconds(60), Duration.ofSeconds(180), 3, 45, 20))
        .isEqualTo("the interval is stretched from 60 s to 180 s: 3 observe requests per pass (45 deployments, 20 per"
            + " request) would use up this token's hourly request budget sooner; drift is found later meanwhile; use a"
            + " token with a larger plan (RAILWAY_PLAN) or fewer deployments per token");
  }

  @Test
  void aDeploymentWhoseTokenChangedCountsOnlyOnItsNewToken() {
    var values = new HashMap<String, String>(Map.of("alpha-token", "token-one", "beta-token", "token-one"));
    SecretResolver secrets = (name, key) -> Optional.ofNullable(values.get(name));
    var alpha = onRailway(resource("alpha"), "alpha-token");
    var beta = onRailway(resource("beta"), "beta-token");
    tokens.clientFor(alpha, secrets);
    assertThat(tokens.clientFor(beta, secrets).deploymentsOnToken()).as("both on one token").isEqualTo(2);

    values.put("alpha-token", "token-two");
    var moved = tokens.clientFor(alpha, secrets);

    assertThat(moved.deploymentsOnToken()).as("the new token").isEqualTo(1);
    assertThat(tokens.clientFor(beta, secrets).deploymentsOnToken()).as("the old token").isEqualTo(1);
  }

  private static MlflowDeployment onRailway(MlflowDeployment resource, String tokenSecret) {
    var spec = new MlflowDeploymentSpec();
    spec.railway = new RailwaySpec();
    spec.railway.tokenSecretRef = new SecretKeyRef();
    spec.railway.tokenSecretRef.name = tokenSecret;
    spec.railway.tokenSecretRef.key = "token";
    resource.setSpec(spec);
    return resource;
  }

  private static MlflowDeployment resource(String name) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ml").build());
    return resource;
  }
}
