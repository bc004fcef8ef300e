package dev.mlflowoperator.standalone;

import dev.mlflowoperator.railway.Redactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** The standalone controller's log: one timestamped line per event; stack traces only in debug mode. */
public final class ControllerLog {
  private final PrintWriter out;
  private final Clock clock;
  private final boolean debug;

  public ControllerLog(PrintWriter out, Clock clock, boolean debug) {
    this.out = out;
    this.clock = clock;
    this.debug = debug;
  }

  /** Logs one line, cut and without URL credentials. */
  public synchronized void info(String message) {
    out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + Redactor.none().apply(message));
    out.flush();
  }

  /** Logs one line about a failure, then its stack trace in debug mode. */
  public synchronized void error(String message, Throwable cause) {
    info(message);
    if (debug) {
      cause.printStackTrace(out);
      out.flush();
    }
  }

  /** The first line of a throwable's message, or its class name when it has none. */
  static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElseThrow();
  }
}
