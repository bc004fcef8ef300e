package dev.mlflowoperator.railway.sandbox;

import dev.mlflowoperator.railway.RailwayEndpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Serves a {@link RailwaySandbox} with its state in a file, for a command like {@code mlflowctl sandbox serve}. */
public final class RailwaySandboxServer {
  private RailwaySandboxServer() {}

  /**
   * Starts a sandbox on 127.0.0.1:{@code port} (0: any free port) that keeps its state in {@code stateFile},
   * and prints to {@code out} how to point a client at it. The caller closes it.
   */
  public static RailwaySandbox serve(int port, Path stateFile, PrintStream out) {
    RailwaySandbox sandbox = RailwaySandbox.builder().port(port).stateFile(stateFile).build().start();
    out.println("Railway sandbox: a local emulator, nothing is really deployed. State: " + stateFile.toAbsolutePath());
    out.println(RailwayEndpoint.ENV_API_URL + "=" + sandbox.url());
    out.println(RailwayEndpoint.ENV_TOKEN + "=" + sandbox.token());
    out.flush();
    return sandbox;
  }

  /** {@code RailwaySandboxServer [port] [state-file]}: serves until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Path stateFile = Path.of(args.length > 1 ? args[1] : "railway-sandbox.json");
    RailwaySandbox sandbox = serve(port, stateFile, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }, "railway-sandbox-shutdown"));
    stopped.await();
  }
}
