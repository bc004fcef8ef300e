package dev.mlflowoperator.cli;

import dev.mlflowoperator.secrets.CredentialsGenerator;
import dev.mlflowoperator.standalone.ControllerHttpServer;
import dev.mlflowoperator.standalone.ControllerLog;
import dev.mlflowoperator.standalone.ControllerMetrics;
import dev.mlflowoperator.standalone.GitSpecs;
import dev.mlflowoperator.standalone.LocalDeployments;
import dev.mlflowoperator.standalone.StandaloneController;
import dev.mlflowoperator.state.HomeSecrets;
import dev.mlflowoperator.state.MlflowctlHome;
import dev.mlflowoperator.state.HomeRailway;
import dev.mlflowoperator.state.StateLock;
import dev.mlflowoperator.state.StateStore;
import dev.mlflowoperator.platform.railway.HealthProber;
import dev.mlflowoperator.platform.railway.HttpHealthProber;
import dev.mlflowoperator.platform.ReconcileLoop;
import dev.mlflowoperator.platform.railway.RailwayObserver;
import dev.mlflowoperator.platform.railway.RailwayPlatform;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** mlflowctl run: the standalone GitOps controller for a directory of specs, with health, metrics and status API. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Keep every spec in a directory deployed on Railway, until Ctrl-C or SIGTERM.",
      "Each interval it reads the directory again (added, changed and removed files), reconciles every deployment (several at once) and repairs drift, stretching the interval to the token's request budget. Invalid specs are reported and skipped. A removed spec is deleted only with --prune.",
      "Serves a status page at / (open it in a browser; it reloads every 10 s), /healthz, /readyz, /metrics (Prometheus) and /api/v1/deployments[/NAME] (the JSON of mlflowctl status -o json; read it with mlflowctl status --server URL), only to requests whose Host is loopback, an IP address or the --listen host. With MLFLOWCTL_API_TOKEN set, every endpoint but /healthz and /readyz needs it as a bearer token (the browser asks for it as the password of the page, any user name); listening beyond loopback needs it.",
      "Takes the state lock of MLFLOWCTL_HOME: one run (or apply) at a time per home."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"1:could not start (the message says why)", "2:wrong usage",
      "130, 143:stopped by Ctrl-C or SIGTERM, after the reconciles in flight"})
final class RunCommand implements Callable<Integer> {
  private static final Duration STOP_GRACE = Duration.ofMinutes(5);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Option(names = "--specs", paramLabel = "DIR", required = true,
      description = "The directory of spec files (*.yaml, *.yml; not recursive).")
  Path specs;

  private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8080);

  @Option(names = "--prune", description = "Delete a deployment when its spec is removed (honouring deletionPolicy).")
  boolean prune;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "How many deployments to reconcile at once. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--git", paramLabel = "URL",
      description = "Clone this Git repository into --specs (created owner-only) and pull it before every pass."
          + " Give its token in " + GitSpecs.TOKEN_ENV + " (and " + GitSpecs.USERNAME_ENV + "), not in the URL:"
          + " a command line is visible to every user of the machine.")
  String gitUrl;

  @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main",
      description = "The branch --git follows. Default: ${DEFAULT-VALUE}.")
  String branch;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Time between passes, e.g. 30s, 5m; stretched when the token's hourly budget would not last."
          + " Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      description = "Where to serve HTTP; port 0 picks a free one. An address beyond loopback needs"
          + " MLFLOWCTL_API_TOKEN. Default: ${DEFAULT-VALUE}.")
  void listen(String value) {
    int colon = value.lastIndexOf(':');
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (colon < 1 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      listen = new InetSocketAddress(value.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw usage("--listen " + value + " is not HOST:PORT: write e.g. 127.0.0.1:8080 or 0.0.0.0:9090");
    }
  }

  @Override
  public Integer call() {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw usage("--interval " + DurationConverter.format(interval) + " is too short: use 1s or more");
    }
    if (concurrency < 1 || concurrency > 64) {
      throw usage("--concurrency " + concurrency + " is out of range: use 1 to 64");
    }
    Optional<String> token = Optional.ofNullable(root.env().get(ControllerHttpServer.TOKEN_ENV))
        .filter(t -> !t.isBlank());
    if (token.isEmpty() && (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress())) {
      throw new UserException("--listen " + hostPort(listen) + " serves beyond this machine, so the API needs a"
          + " token: set " + ControllerHttpServer.TOKEN_ENV + " to a long random secret (clients send it as a bearer"
          + " token; mlflowctl status --server reads the same variable), or listen on 127.0.0.1");
    }
    Optional<GitSpecs> git = Optional.ofNullable(gitUrl).map(url -> new GitSpecs(url, branch, specs, root.env()));
    if (git.filter(GitSpecs::sendsCredentialsInClearText).isPresent()) {
      throw usage("--git " + git.get().shown() + ": plain http to another machine would send the Git credentials"
          + " unencrypted; use https://, or http:// only to this machine");
    }
    if (gitUrl == null && !Files.isDirectory(specs)) {
      throw new UserException("--specs " + specs + ": no such directory; create it and put spec files in it");
    }
    MlflowctlHome home = root.home();
    PrintWriter err = spec.commandLine().getErr();
    var stop = new StopSignal("mlflowctl-run-stop", STOP_GRACE);
    try (StateLock lock = StateLock.ofStore(home);
        HomeRailway connection = HomeRailway.open(root.env(), home, err)) {
      var store = new StateStore(home);
      var log = new ControllerLog(err, root.clock(), root.debug());
      HealthProber prober = connection.isSandbox()
          ? HealthProber.notRun("the local Railway sandbox runs nothing to probe") : new HttpHealthProber();
      var observer = new RailwayObserver(connection.client(), connection.observeBatchSize(), root.clock(),
          Optional.empty());
      var platform = new RailwayPlatform(connection.client(), prober, root.clock(), () -> observer);
      var railway = new ReconcileLoop<>(platform, new CredentialsGenerator(), root.clock());
      var local = new LocalDeployments(store, railway, new HomeSecrets(home), root.clock(),
          connection.endpoint(), platform::readAhead);
      var metrics = new ControllerMetrics(root.clock());
      metrics.deployments().railway(connection.client());
      if (git.filter(GitSpecs::urlHasCredentials).isPresent()) {
        log.info("warning: the --git URL carries credentials, which every user of this machine can read in ps;"
            + " give the URL without them and the token in " + GitSpecs.TOKEN_ENV + " (user name in "
            + GitSpecs.USERNAME_ENV + ")");
      }
      var settings = new StandaloneController.Settings(specs, interval, prune, concurrency, connection.pace(),
          connection.observeBatchSize());
      try (var controller = new StandaloneController(settings, store, local, metrics,
              connection.client().budget()::availableThisHour, log, git);
          var server = serve(token, controller, store, metrics)) {
        log.info("serving http://" + hostPort(server.address()) + " (the status page at /, /healthz, /readyz,"
            + " /metrics, "
            + ControllerHttpServer.DEPLOYMENTS + (token.isPresent() ? "; every endpoint but the probes needs "
            + ControllerHttpServer.TOKEN_ENV : "") + "); reconciling "
            + git.map(GitSpecs::shown).orElse(specs.toString()) + " every " + DurationConverter.format(interval) + (prune ? " with --prune" : "") + "; stop with Ctrl-C");
        stop.listen();
        controller.start();
        stop.await();
        log.info("stopping after the reconciles in flight");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop.close();
    }
    return 0;
  }

  private ControllerHttpServer serve(Optional<String> token, StandaloneController controller, StateStore store,
      ControllerMetrics metrics) {
    try {
      return new ControllerHttpServer(listen, token, controller, store, metrics, StatusView::of, root.clock())
          .start();
    } catch (UncheckedIOException e) {
      throw new UserException("cannot listen on " + hostPort(listen) + " (" + e.getCause().getMessage()
          + "); choose another address with --listen, e.g. 127.0.0.1:0 for any free port", e);
    }
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
