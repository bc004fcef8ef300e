package dev.mlflowoperator.cli;

import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.sandbox.RailwaySandbox;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateLock;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** mlflowctl sandbox serve: serves the home's Railway sandbox on loopback until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the local Railway sandbox on 127.0.0.1 until Ctrl-C or SIGTERM.",
      "Its state is in MLFLOWCTL_HOME; MLFLOWCTL_SANDBOX_DEPLOY_SECONDS and MLFLOWCTL_SANDBOX_WORKFLOW_SECONDS set how long its deployments and backups take, as for apply's sandbox. Standard output is two export lines (RAILWAY_API_URL and the sandbox's own test token) that point Railway clients at it: mlflowctl sandbox serve > sandbox.env & then, in any shell, . ./sandbox.env"
    })
final class SandboxServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand SandboxCommand sandbox;

  private int port;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "The loopback port, 1 to 65535; 0 (the default) picks a free one.")
  void port(int port) {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--port " + port + " is not a port: use 1 to 65535, or 0 for any free one");
    }
    this.port = port;
  }

  @Override
  public Integer call() {
    MlflowctlHome home = sandbox.root.home();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RailwaySandbox.Builder settings = HomeRailway.sandbox(sandbox.root.env(), home, sandbox.root.clock()).port(port);
    var stop = new StopSignal("mlflowctl-sandbox-stop", Duration.ofSeconds(5));
    try (StateLock lock = StateLock.ofSandbox(home); RailwaySandbox served = start(settings)) {
      out.println("export " + RailwayEndpoint.ENV_API_URL + "=" + served.url());
      out.println("export " + RailwayEndpoint.ENV_TOKEN + "=" + served.token());
      out.flush();
      err.println("mlflowctl: the local Railway sandbox is serving at " + served.url() + " with its state in " + home
          + " (nothing is really deployed); stop it with Ctrl-C");
      err.flush();
      stop.listen();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop.close();
    }
    return 0;
  }

  private RailwaySandbox start(RailwaySandbox.Builder settings) {
    try {
      return settings.build().start();
    } catch (UncheckedIOException e) {
      throw new UserException("cannot serve on 127.0.0.1:" + port + " (" + e.getCause().getMessage()
          + "); choose another port with --port, or --port 0 for any free one", e);
    }
  }
}
