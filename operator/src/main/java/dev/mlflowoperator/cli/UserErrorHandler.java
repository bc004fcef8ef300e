package dev.mlflowoperator.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns an exception into one readable line; the stack trace only with MLFLOWCTL_DEBUG=1. */
final class UserErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    var err = cli.getErr();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("error: " + message);
    if ("1".equals(System.getenv("MLFLOWCTL_DEBUG"))) {
      e.printStackTrace(err);
    }
    return 1;
  }
}
