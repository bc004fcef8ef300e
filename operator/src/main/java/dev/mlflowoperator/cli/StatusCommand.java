package dev.mlflowoperator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlflowoperator.api.v1alpha1.MlflowDeployment;
import dev.mlflowoperator.standalone.ControllerHttpServer;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.state.StateStore;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** mlflowctl status: each deployment's status, from the local state store, a running mlflowctl run or a cluster. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the recorded status of deployments.",
      "Prints what the last apply or run recorded in MLFLOWCTL_HOME (default ~/.mlflowctl). Without NAME: one line per deployment. With NAME: its backups, its users and when each one's password last changed (never a password), its components, every condition, the URL, the IDs the target assigned and the drift record.",
      "With --cluster: the MlflowDeployments in the cluster of the current kubeconfig context (namespace: -n, else the context's), as the operator reported them.",
      "-o json and -o yaml print {name, namespace, target, sandbox, status} (a list under \"deployments\" without NAME); that shape is stable for scripts."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:no deployment has that name, or the state cannot be read", "2:wrong usage"})
final class StatusCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { table, wide, json, yaml }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", converter = DnsLabelConverter.Name.class,
      description = "One deployment; default: all of them.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), wide (adds namespace, components and drift count), json or yaml.")
  Format format;

  @Option(names = {"-w", "--watch"}, description = "Print again whenever the recorded status changes, until Ctrl-C.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
      description = "How often --watch reads the state again. Default: ${DEFAULT-VALUE}.")
  double intervalSeconds;

  @Option(names = "--server", paramLabel = "URL",
      description = "Read the status API of a running mlflowctl run (e.g. http://127.0.0.1:8080) instead of the home.")
  String server;

  @Mixin DeploymentLocation location;

  @Override
  public Integer call() {
    if (server != null && location.cluster) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--server and --cluster read different places;"
          + " give one of them");
    }
    if (!location.cluster) {
      return show(server != null ? new ServerStatus(server, root.env().get(ControllerHttpServer.TOKEN_ENV))
          : recorded(new StateStore(root.home())));
    }
    try (var client = KubeClients.open(root.env())) {
      return show(new ClusterDeployments(client, location.namespace));
    }
  }

  /** The home's records, in the namespace of -n when given. */
  private StatusSource recorded(StateStore store) {
    String namespace = location.namespace;
    return new StatusSource() {
      @Override
      public List<MlflowDeployment> list() {
        return store.list().stream().filter(d -> namespace == null || namespace.equals(StateStore.namespaceOf(d)))
            .toList();
      }

      @Override
      public Optional<MlflowDeployment> load(String name) {
        return namespace == null ? store.load(name) : store.load(namespace, name);
      }

      @Override
      public String where() {
        return store.home().toString();
      }
    };
  }

  private int show(StatusSource source) {
    PrintWriter out = spec.commandLine().getOut();
    String shown = render(source);
    out.print(shown);
    out.flush();
    if (!watch) {
      return 0;
    }
    long pause = Math.max(100, (long) (intervalSeconds * 1000));
    try {
      while (true) {
        Thread.sleep(pause);
        String now = render(source);
        if (!now.equals(shown)) {
          out.print(format == Format.table || format == Format.wide ? "\n" + now : now);
          out.flush();
          shown = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private String render(StatusSource source) {
    if (name != null) {
      MlflowDeployment deployment = source.load(name).orElseThrow(() -> new StateException("no deployment named \""
          + name + "\" is recorded in " + source.where() + "; run mlflowctl status to list the recorded ones"));
      return switch (format) {
        case table, wide -> text().detail(deployment);
        case json -> json(StatusView.of(deployment));
        case yaml -> Serialization.asYaml(StatusView.of(deployment));
      };
    }
    List<MlflowDeployment> deployments = source.list();
    var all = new StatusView.All(deployments.stream().map(StatusView::of).toList());
    return switch (format) {
      case table, wide -> deployments.isEmpty()
          ? "No deployments are recorded in " + source.where() + " yet.\n"
          : text().table(deployments, format == Format.wide);
      case json -> json(all);
      case yaml -> Serialization.asYaml(all);
    };
  }

  private StatusText text() {
    return new StatusText(root.colors(), root.clock());
  }

  private static String json(Object value) {
    try {
      return Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
