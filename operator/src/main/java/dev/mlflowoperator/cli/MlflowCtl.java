package dev.mlflowoperator.cli;

import dev.mlflowoperator.state.MlflowctlHome;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The mlflowctl entry point: parses the command line and runs one subcommand. */
@Command(
    name = "mlflowctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Runs MLflow tracking servers declaratively on Railway and Kubernetes.",
      "State lives in MLFLOWCTL_HOME (default ~/.mlflowctl). Without RAILWAY_TOKEN or RAILWAY_PROJECT_TOKEN, Railway commands use a local Railway sandbox there, which deploys nothing."
    },
    subcommands = {
      ValidateCommand.class,
      RenderCommand.class,
      StatusCommand.class,
      ApplyCommand.class,
      PlanCommand.class,
      DeleteCommand.class,
      EnvCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      RollbackCommand.class,
      RotateCommand.class,
      RunCommand.class,
      SandboxCommand.class,
      OperatorCommand.class,
      CompletionCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid input, or the operation failed",
      "2:wrong usage (unknown command or option); plan --detailed-exitcode: there are changes",
      "3:timed out waiting (apply --wait, delete --wait)"
    })
public final class MlflowCtl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print the stack trace behind an error (also env " + UserErrorHandler.DEBUG_ENV + "=1).")
  boolean debug;

  private final Map<String, String> env;
  private final Terminal terminal;
  private final Clock clock;

  private MlflowCtl(Map<String, String> env, Terminal terminal, Clock clock) {
    this.env = env;
    this.terminal = terminal;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A command line reading this process's environment and terminal. */
  public static CommandLine newCommandLine() {
    return newCommandLine(System.getenv(), Terminal.system(), Clock.systemUTC());
  }

  /** A command line with the given environment, terminal and clock; tests use it to run commands in-process. */
  static CommandLine newCommandLine(Map<String, String> env, Terminal terminal, Clock clock) {
    var cli = new CommandLine(new MlflowCtl(Map.copyOf(env), terminal, clock));
    cli.setExecutionExceptionHandler(new UserErrorHandler());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whether errors show their stack trace. */
  boolean debug() {
    return debug || "1".equals(env.get(UserErrorHandler.DEBUG_ENV));
  }

  /** The environment the command runs with (tests pass their own). */
  Map<String, String> env() {
    return env;
  }

  Terminal terminal() {
    return terminal;
  }

  Clock clock() {
    return clock;
  }

  MlflowctlHome home() {
    return MlflowctlHome.resolve(env);
  }

  Colors colors() {
    return Colors.of(env, terminal);
  }
}
