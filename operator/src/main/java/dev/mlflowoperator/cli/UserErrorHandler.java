package dev.mlflowoperator.cli;

import dev.mlflowoperator.railway.RailwayEndpoint;
import dev.mlflowoperator.railway.Redactor;
import dev.mlflowoperator.state.StateException;
import dev.mlflowoperator.platform.TerminalException;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns an exception into a line or two a person can act on; the stack trace only with --debug or MLFLOWCTL_DEBUG=1. */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final String DEBUG_ENV = "MLFLOWCTL_DEBUG";

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    var err = cli.getErr();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("error: " + tokensOf(root(cli).env()).apply(message));
    if (root(cli).debug()) {
      e.printStackTrace(err);
    } else if (!(e instanceof StateException || e instanceof UserException || e instanceof TerminalException)) {
      err.println("run the command again with --debug to see where it failed");
    }
    err.flush();
    return 1;
  }

  /** Takes the Railway tokens of the environment, URL credentials and length out of what is printed. */
  private static Redactor tokensOf(Map<String, String> env) {
    return Redactor.of(Stream.of(RailwayEndpoint.ENV_TOKEN, RailwayEndpoint.ENV_PROJECT_TOKEN).map(env::get).toList());
  }

  private static MlflowCtl root(CommandLine cli) {
    CommandLine top = cli;
    while (top.getParent() != null) {
      top = top.getParent();
    }
    return top.getCommand();
  }
}
