package dev.mlflowoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlflowctl operator refuses clearly what it cannot do before it touches the cluster. */
class OperatorCommandTest {
  @TempDir Path home;

  @Test
  void aTakenHealthPortIsOneActionableLine() throws IOException {
    var cli = new CliRun(home);
    try (var taken = new ServerSocket(0)) {
      assertThat(cli.run("operator", "--health-port", String.valueOf(taken.getLocalPort()))).isOne();

      assertThat(cli.err()).isEqualTo("error: port " + taken.getLocalPort()
          + " for /healthz, /readyz and /metrics is taken; choose another with --health-port (0 picks a free one)"
          + System.lineSeparator());
    }
  }

  @Test
  void inconsistentLeaseTimingsAreRefused() {
    var cli = new CliRun(home);

    assertThat(cli.run("operator", "--leader-election", "--lease-namespace", "ops",
        "--lease-duration", "2s", "--renew-deadline", "5s", "--health-port", "0")).isOne();
    assertThat(cli.err()).contains("retry period < renew deadline < lease duration");
  }
}
