package dev.mlflowoperator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** mlflowctl sandbox: the local Railway emulator that Railway commands use when no Railway token is set. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Serve or reset the local Railway sandbox.",
      "The sandbox emulates the Railway API and deploys nothing. Railway commands use it when neither RAILWAY_TOKEN nor RAILWAY_PROJECT_TOKEN is set; it keeps its state in MLFLOWCTL_HOME (default ~/.mlflowctl)."
    },
    subcommands = {SandboxServeCommand.class, SandboxResetCommand.class})
final class SandboxCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @ParentCommand MlflowCtl root;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
