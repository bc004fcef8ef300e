package dev.mlflowoperator.cli;

import picocli.CommandLine.Command;

/** TODO(helper): validate command. */
@Command(name = "validate", description = "TODO")
final class ValidateCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("validate is not implemented yet");
  }
}
