package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlflowoperator.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** mlflowctl started as an OS process that keeps running (operator, run, apply to be killed), output in files. */
final class LongRunningProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private LongRunningProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts mlflowctl with {@code env} added (Railway variables of the test JVM removed); output goes to logDir. */
  static LongRunningProcess start(Path logDir, String name, Map<String, String> env, String... args) {
    assertThat(MlflowCtlProcess.JAR).as("the shaded jar built by the operator module's package phase").exists();
    var command = new ArrayList<>(JavaCommand.forJar(MlflowCtlProcess.JAR));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logDir);
      Path out = Files.createTempFile(logDir, name + "-", ".out");
      Path err = Files.createTempFile(logDir, name + "-", ".err");
      var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      List.of("RAILWAY_TOKEN", "RAILWAY_PROJECT_TOKEN", "RAILWAY_API_URL", "KUBECONFIG")
          .forEach(builder.environment()::remove);
      builder.environment().putAll(env);
      return new LongRunningProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path outFile() {
    return out;
  }

  Path errFile() {
    return err;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** kill -9 and wait until it is gone. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to exit on its own; its exit code. */
  int waitFor(long seconds) throws InterruptedException {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("mlflowctl exited within %d s:%n%s", seconds, output())
        .isTrue();
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    Processes.stop(process);
  }
}
