package dev.mlflowoperator.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** mlflowctl completion bash: prints the shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script.",
      "Load it with: source <(mlflowctl completion bash)",
      "zsh can use it too, after: autoload -U +X bashcompinit && bashcompinit"
    })
final class CompletionCommand implements Runnable {
  /** Shells a script can be printed for. */
  enum Shell { bash }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash")
  Shell shell;

  @Override
  public void run() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), root));
    spec.commandLine().getOut().flush();
  }
}
