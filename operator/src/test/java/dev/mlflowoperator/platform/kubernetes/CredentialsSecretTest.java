package dev.mlflowoperator.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.api.v1alpha1.MlflowDeploymentSpec;
import dev.mlflowoperator.api.v1alpha1.Target;
import dev.mlflowoperator.model.Credentials;
import dev.mlflowoperator.model.DesiredStackFactory;
import dev.mlflowoperator.model.StackNames;
import dev.mlflowoperator.reconcile.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The credentials Secret written outside a Kubernetes stack: the renderer's keys and labels, and only on a change. */
class CredentialsSecretTest {
  private static final String NS = "ml";
  private static final StackNames NAMES = new StackNames("tracking");

  private final MockCluster cluster = MockCluster.start();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void writesTheRenderedSecretOnceAndAgainOnlyWhenTheCredentialsChange() throws InterruptedException {
    var resource = resource();
    var credentials = DesiredStackFactory.credentials(NAMES, List.of(new Credentials("mlflow", "pw-1", "$2a$10$one")));
    cluster.takeRequests();

    CredentialsSecret.write(cluster.client, resource, credentials);
    CredentialsSecret.write(cluster.client, resource, credentials);
    var unchanged = cluster.takeRequests();
    CredentialsSecret.write(cluster.client, resource,
        DesiredStackFactory.credentials(NAMES, List.of(new Credentials("mlflow", "pw-2", "$2a$10$two"))));

    assertThat(unchanged).filteredOn(r -> !r.startsWith("GET ")).hasSize(1);
    assertThat(cluster.takeRequests()).filteredOn(r -> !r.startsWith("GET ")).singleElement().asString()
        .startsWith("PUT ");
    var secret = cluster.client.secrets().inNamespace(NS).withName("tracking-credentials").get();
    assertThat(secret.getData()).containsOnlyKeys("username", "password", "passwordHash");
    assertThat(CredentialsSecret.read(secret)).containsExactly(new Credentials("mlflow", "pw-2", "$2a$10$two"));
    assertThat(secret.getMetadata().getLabels()).isEqualTo(NAMES.labels(StackNames.COMPONENT_PROXY));
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(resource.getMetadata().getUid()));
  }

  private MlflowDeployment resource() {
    var resource = new MlflowDeployment();
    resource.setMetadata(new ObjectMetaBuilder().withName("tracking").withNamespace(NS).build());
    resource.setSpec(new MlflowDeploymentSpec());
    resource.getSpec().target = Target.RAILWAY;
    return cluster.client.resource(resource).create();
  }
}
