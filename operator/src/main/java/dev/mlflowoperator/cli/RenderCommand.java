package dev.mlflowoperator.cli;

import picocli.CommandLine.Command;

/** TODO(helper): render command. */
@Command(name = "render", description = "TODO")
final class RenderCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("render is not implemented yet");
  }
}
