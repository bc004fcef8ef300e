package dev.mlflowoperator.testing;

import java.util.concurrent.TimeUnit;

/** Stopping child processes that tests start (caddy, mlflowctl), shared with the e2e module. */
public final class Processes {
  private Processes() {}

  /** SIGTERM, then SIGKILL if it lingers past 10 s; returns once it has exited. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
