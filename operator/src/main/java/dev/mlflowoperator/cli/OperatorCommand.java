package dev.mlflowoperator.cli;

import picocli.CommandLine.Command;

/** TODO(helper): operator command. */
@Command(name = "operator", description = "TODO")
final class OperatorCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("operator is not implemented yet");
  }
}
