package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the shaded mlflowctl jar as a separate OS process and collects what it printed. */
final class MlflowCtlProcess {
  static final Path JAR = Path.of("../operator/target/mlflowctl.jar");

  /** Exit code, standard output and standard error of one run. */
  record Result(int exitCode, String out, String err) {}

  private MlflowCtlProcess() {}

  static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Runs with {@code env} added to this process's environment, without any Railway token or API URL. */
  static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar built by the operator module's package phase").exists();
    var command = new ArrayList<>(JavaCommand.forJar(JAR));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    List.of("RAILWAY_TOKEN", "RAILWAY_PROJECT_TOKEN", "RAILWAY_API_URL").forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    var process = builder.start();
    var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mlflowctl finished within 60 s").isTrue();
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
