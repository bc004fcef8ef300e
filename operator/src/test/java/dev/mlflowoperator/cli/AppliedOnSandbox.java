package dev.mlflowoperator.cli;

import static dev.mlflowoperator.cli.SandboxDeployments.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.railway.sandbox.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of commands that act on a deployment: the example applied with --wait to a fresh home's local sandbox. */
abstract class AppliedOnSandbox {
  @TempDir Path home;
  final ManualClock clock = new ManualClock(CliRun.NOW);
  SandboxDeployments sandbox;

  @BeforeEach
  void applied() {
    sandbox = new SandboxDeployments(home);
    var apply = run();
    assertThat(apply.run("apply", "-f", EXAMPLE, "--wait")).as(apply.err()).isZero();
  }

  /** One mlflowctl run in that home, on the tests' clock. */
  CliRun run() {
    var cli = new CliRun(home);
    cli.clock = clock;
    return cli;
  }
}
