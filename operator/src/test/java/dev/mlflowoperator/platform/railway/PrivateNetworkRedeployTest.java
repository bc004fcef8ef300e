package dev.mlflowoperator.platform.railway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.status.Health;
import dev.mlflowoperator.status.Reasons;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A proxy that runs but cannot reach a deployed MLflow gets MLflow redeployed, once, on the sandbox. */
class PrivateNetworkRedeployTest {
  static final String UNREACHABLE = "GET /health answered 502 from the proxy: it runs, but cannot reach MLflow"
      + " behind it";

  /** A probe that finds MLflow unreachable while {@code unreachable} holds for the sandbox. */
  private static RailwayStackHarness probedAs(Predicate<RailwaySandbox> unreachable) {
    return RailwayStackHarness.inProcessProbedBy(sandbox -> (url, credentials) -> unreachable.test(sandbox)
        ? Health.unhealthy(Reasons.MLFLOW_UNREACHABLE, UNREACHABLE)
        : Health.healthy("GET /health is 200, anonymous requests get 401, an authenticated search is 200."));
  }

  /** Deployments of the service tracking-mlflow so far. */
  private static long mlflowDeployments(RailwaySandbox sandbox) {
    var mlflow = sandbox.state().services.stream().filter(s -> s.name.equals("tracking-mlflow")).findFirst();
    return mlflow.map(m -> sandbox.state().deployments.stream().filter(d -> d.serviceId.equals(m.id)).count())
        .orElse(0L);
  }

  @Test
  void mlflowUnreachableAfterItsFirstDeployIsRedeployedOnceAndThenHealthy() {
    try (var stack = probedAs(sandbox -> mlflowDeployments(sandbox) < 2)) {
      stack.converge();
      assertThat(mlflowDeployments(stack.sandbox)).as("one redeploy").isEqualTo(2);
      assertThat(stack.condition("Healthy").getMessage()).isEqualTo(UNREACHABLE + PrivateNetworkRedeploy.DONE);
      assertThat(stack.id(PrivateNetworkRedeploy.STARTED)).isNotBlank();

      stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
      long before = stack.requests();
      stack.reconcile();
      stack.reconcile();

      assertThat(stack.condition("Healthy").getStatus()).isEqualTo("True");
      assertThat(stack.condition("Ready").getStatus()).isEqualTo("True");
      assertThat(mlflowDeployments(stack.sandbox)).isEqualTo(2);
      assertThat(stack.requests() - before).as("back to one observe per reconcile").isEqualTo(2);
    }
  }

  @Test
  void mlflowStillUnreachableAfterTheRedeployIsNotRedeployedAgain() {
    try (var stack = probedAs(sandbox -> true)) {
      stack.converge();
      for (int i = 0; i < 5; i++) {
        stack.clock.advance(RailwayStackHarness.DEPLOY_TIME);
        stack.reconcile();
      }

      assertThat(mlflowDeployments(stack.sandbox)).as("the first deploy and one redeploy").isEqualTo(2);
      assertThat(stack.condition("Healthy").getStatus()).isEqualTo("False");
      assertThat(stack.condition("Healthy").getMessage()).isEqualTo(UNREACHABLE + PrivateNetworkRedeploy.GAVE_UP);
    }
  }

  @Test
  void mlflowStillDeployingIsLeftAlone() {
    try (var stack = probedAs(sandbox -> true)) {
      stack.reconcile();
      stack.reconcile();

      assertThat(stack.id(PrivateNetworkRedeploy.STARTED)).as("nothing redeployed before MLflow's deploy succeeded")
          .isNull();
    }
  }
}
