package dev.mlflowoperator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The mlflowctl entry point: parses the command line and runs one subcommand. */
@Command(
    name = "mlflowctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Runs MLflow tracking servers declaratively on Railway and Kubernetes.",
    subcommands = {
      ValidateCommand.class,
      RenderCommand.class,
      OperatorCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid input, or the operation failed",
      "2:wrong usage (unknown command or option)"
    })
public final class MlflowCtl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A configured command line; tests use it to run commands in-process. */
  public static CommandLine newCommandLine() {
    var cli = new CommandLine(new MlflowCtl());
    cli.setExecutionExceptionHandler(new UserErrorHandler());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
