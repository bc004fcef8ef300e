package dev.mlflowoperator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints the mlflowctl version. */
@Command(name = "version", description = "Print the mlflowctl version.")
final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("mlflowctl " + version());
  }

  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }

  /** Supplies --version. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mlflowctl " + version()};
    }
  }
}
