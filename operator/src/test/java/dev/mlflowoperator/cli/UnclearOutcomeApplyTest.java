package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.testing.ClosingRailway;
import dev.mlflowoperator.testing.ClosingRailway.FirstMutation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot {@code mlflowctl apply} through a plain HTTP/1.0 proxy that closes every connection after its answer,
 * and one whose first mutation gets no answer: apply still converges, with one of each object.
 */
class UnclearOutcomeApplyTest {
  @TempDir Path home;

  @Test
  void applyThroughAnHttp10ProxyThatClosesEveryConnectionConverges() {
    try (var sandbox = sandbox(); var proxy = ClosingRailway.start(sandbox.url(), FirstMutation.ANSWERED)) {
      var apply = cli(sandbox, proxy);

      assertThat(apply.run("apply", "-f", SandboxDeployments.EXAMPLE)).as(apply.err()).isZero();

      assertThat(sandbox.state().projects).hasSize(1);
      assertThat(sandbox.state().services).hasSize(2);
    }
  }

  @Test
  void aMutationThatLandedButWhoseAnswerWasLostIsNotSentAgain() {
    try (var sandbox = sandbox(); var proxy = ClosingRailway.start(sandbox.url(), FirstMutation.LANDS_UNANSWERED)) {
      var apply = cli(sandbox, proxy);

      assertThat(apply.run("apply", "-f", SandboxDeployments.EXAMPLE)).as(apply.err()).isZero();

      assertThat(sandbox.state().projects).as("one project, the one created first").hasSize(1);
      assertThat(sandbox.state().services).hasSize(2);
      assertThat(sandbox.state().volumes).hasSize(1);
    }
  }

  @Test
  void aMutationLostBeforeItLandedIsSentAgain() {
    try (var sandbox = sandbox(); var proxy = ClosingRailway.start(sandbox.url(), FirstMutation.LOST)) {
      var apply = cli(sandbox, proxy);

      assertThat(apply.run("apply", "-f", SandboxDeployments.EXAMPLE)).as(apply.err()).isZero();

      assertThat(sandbox.state().projects).hasSize(1);
      assertThat(sandbox.state().services).hasSize(2);
      assertThat(sandbox.state().volumes).hasSize(1);
    }
  }

  private static RailwaySandbox sandbox() {
    return RailwaySandbox.builder().deploymentDuration(Duration.ZERO).build().start();
  }

  private CliRun cli(RailwaySandbox sandbox, ClosingRailway proxy) {
    var cli = new CliRun(home);
    cli.env.put("RAILWAY_API_URL", proxy.url());
    cli.env.put("RAILWAY_TOKEN", sandbox.token());
    return cli;
  }
}
