package dev.mlflowoperator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentStatus;
import dev.mlflowoperator.api.v1alpha1.SecretKeyRef;
import dev.mlflowoperator.api.v1alpha1.UserSpec;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When a Synced Kubernetes resource comes back by itself: never for what is watched, but within five minutes when it
 * reads a password from a Secret of the user's, which no informer of ours watches.
 */
class KubernetesRequeueTest {
  private final KubernetesMode mode = new KubernetesMode(null, null, false,
      Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC), new CredentialsGenerator(), r -> List.of());

  @Test
  void aSyncedResourceWithAGeneratedPasswordIsNotPolled() {
    assertThat(mode.requeueAfter(synced(new MlflowDeploymentSpec()), true)).isEmpty();
  }

  @Test
  void aSyncedResourceReadingAPasswordFromTheUsersSecretIsLookedAtAgainWithinFiveMinutes() {
    var spec = new MlflowDeploymentSpec();
    spec.proxy.auth.passwordSecretRef = ref("proxy-password");

    assertThat(mode.requeueAfter(synced(spec), true)).isEqualTo(Optional.of(Duration.ofMinutes(5)));
  }

  @Test
  void aSecondUsersReferencedPasswordCountsToo() {
    var spec = new MlflowDeploymentSpec();
    spec.proxy.auth.username = null;
    spec.proxy.auth.users = List.of(new UserSpec("alice", null), new UserSpec("bob", ref("bob-password")));

    assertThat(mode.requeueAfter(synced(spec), true)).isEqualTo(Optional.of(Duration.ofMinutes(5)));
  }

  private static SecretKeyRef ref(String name) {
    var ref = new SecretKeyRef();
    ref.name = name;
    ref.key = "password";
    return ref;
  }

  private static MlflowDeployment synced(MlflowDeploymentSpec spec) {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace("ml").build());
    resource.setSpec(spec);
    var status = new MlflowDeploymentStatus();
    status.conditions.add(new ConditionBuilder().withType("Synced").withStatus("True").withReason("Applied").build());
    resource.setStatus(status);
    return resource;
  }
}
