package dev.mlflowoperator.proxy;

import static org.awaitility.Awaitility.await;

import dev.mlflowoperator.model.ReleaseVersion;
import dev.mlflowoperator.testing.Processes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A real caddy binary for tests: finds it on PATH, validates a Caddyfile, and runs one as a child process. */
public final class CaddyProcess implements AutoCloseable {
  /** Set to 1 (CI does, in .ci/run) to fail rather than skip when caddy is missing. */
  public static final String REQUIRE_ENV = "MLFLOW_OPERATOR_REQUIRE_CADDY";

  static final String INSTALL_HINT = "caddy is not on PATH; install it with: apt-get install -y caddy";

  private static final Pattern VERSION = Pattern.compile("^v?(\\d+\\.\\d+(?:\\.\\d+)?)\\b");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Path log;

  private CaddyProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** What a caddy command said: its exit code and combined stdout and stderr. */
  public record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** The caddy on PATH; the test is skipped without it, or fails when REQUIRE_ENV is 1. */
  public static Path binary() {
    return require(findOnPath(System.getenv("PATH")), System.getenv(REQUIRE_ENV));
  }

  /** Applies the skip-or-fail rule to the result of the PATH lookup. */
  static Path require(Optional<Path> found, String requireFlag) {
    if (found.isEmpty()) {
      if ("1".equals(requireFlag)) {
        Assertions.fail(INSTALL_HINT + " (" + REQUIRE_ENV + "=1 forbids skipping)");
      }
      Assumptions.abort(INSTALL_HINT);
    }
    return found.get();
  }

  /** The first executable file named caddy in the PATH directories. */
  static Optional<Path> findOnPath(String path) {
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "caddy"))
        .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
        .findFirst();
  }

  /** The release of the installed caddy, from `caddy version`. */
  public static ReleaseVersion version(Path caddy, Path workDir) {
    var result = execute(caddy, workDir, Map.of(), "version");
    Assertions.assertTrue(result.succeeded(), () -> "caddy version failed: " + result.output());
    return parseVersion(result.output());
  }

  /** Reads "v2.8.4 h1:..." (upstream builds) or "2.6.2" (Debian's build). */
  static ReleaseVersion parseVersion(String output) {
    var m = VERSION.matcher(output.strip());
    if (!m.find()) {
      throw new IllegalArgumentException("unrecognised caddy version output: " + output.strip());
    }
    return ReleaseVersion.parse(m.group(1));
  }

  /** Runs `caddy validate` on the Caddyfile with exactly the given environment. */
  public static Result validate(Path caddy, Path workDir, String caddyfile, Map<String, String> env) {
    Path file = write(workDir, caddyfile);
    return execute(caddy, workDir, env, "validate", "--adapter", "caddyfile", "--config", file.toString());
  }

  /**
   * Starts `caddy run` on the Caddyfile with exactly the given environment, which must hold the
   * PORT it listens on, and returns once that port accepts connections.
   */
  public static CaddyProcess run(Path caddy, Path workDir, String caddyfile, Map<String, String> env) {
    int port = Integer.parseInt(env.get("PORT"));
    Path file = write(workDir, caddyfile);
    Path log = workDir.resolve("caddy.log");
    var builder = processBuilder(caddy, workDir, env, "run", "--adapter", "caddyfile", "--config", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var caddyProcess = new CaddyProcess(process, port, log);
    try {
      await("caddy listening on port " + port)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .failFast("caddy exited", () -> !process.isAlive())
          .until(() -> accepts(port));
    } catch (RuntimeException | AssertionError e) {
      caddyProcess.close();
      throw new AssertionError("caddy did not start; its log:\n" + caddyProcess.log(), e);
    }
    return caddyProcess;
  }

  /** A port on the loopback interface that was free a moment ago. */
  public static int freePort() {
    try (var socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The URI of a path on this caddy, through the loopback interface. */
  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** What caddy wrote to stdout and stderr so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops caddy (SIGTERM, then SIGKILL if it lingers) and waits until it has exited. */
  @Override
  public void close() {
    Processes.stop(process);
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path write(Path workDir, String caddyfile) {
    try {
      return Files.writeString(Files.createTempFile(workDir, "Caddyfile-", ""), caddyfile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Result execute(Path caddy, Path workDir, Map<String, String> env, String... args) {
    try {
      Path output = Files.createTempFile(workDir, "caddy-" + args[0] + "-", ".log");
      var process = processBuilder(caddy, workDir, env, args)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("caddy " + args[0] + " did not finish within " + COMMAND_TIMEOUT);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running caddy " + args[0], e);
    }
  }

  /**
   * A caddy command with only the given variables plus HOME and XDG directories inside workDir,
   * so nothing from the caller's environment leaks in and caddy writes nowhere else.
   */
  private static ProcessBuilder processBuilder(Path caddy, Path workDir, Map<String, String> env, String... args) {
    var command = new ArrayList<String>();
    command.add(caddy.toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(workDir.toFile());
    var environment = builder.environment();
    environment.clear();
    environment.put("HOME", workDir.resolve("home").toString());
    environment.put("XDG_DATA_HOME", workDir.resolve("data").toString());
    environment.put("XDG_CONFIG_HOME", workDir.resolve("config").toString());
    environment.putAll(env);
    return builder;
  }
}
