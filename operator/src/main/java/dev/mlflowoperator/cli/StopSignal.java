package dev.mlflowoperator.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM for a long-running command: {@link #await()} returns on the signal, and the
 * JVM's exit waits (up to a grace period) until the command has closed what it runs.
 */
final class StopSignal implements AutoCloseable {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  StopSignal(String name, Duration grace) {
    this.hook = new Thread(() -> {
      stopped.countDown();
      try {
        closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
  }

  /** From now on Ctrl-C and SIGTERM end {@link #await()}. */
  void listen() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Blocks until Ctrl-C or SIGTERM. */
  void await() throws InterruptedException {
    stopped.await();
  }

  /** The command has closed what it runs: the JVM may exit. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping: the hook is running.
    }
  }
}
