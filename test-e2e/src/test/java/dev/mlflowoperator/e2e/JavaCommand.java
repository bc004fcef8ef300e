package dev.mlflowoperator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The java command line that starts the shaded jar, tuned for many short runs: C1 only, serial GC, and a
 * class-data-sharing archive of the jar's classes (made once per jar build in target/), which together take a
 * run from about 2.5 s to 1.4 s on CI's two cores. JVM logging is off so no CDS warning reaches the output.
 */
final class JavaCommand {
  private static Path archive;

  private JavaCommand() {}

  static List<String> forJar(Path jar) {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=off"));
    archive(jar).ifPresent(a -> command.add("-XX:SharedArchiveFile=" + a));
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  /** The archive for this build of the jar, dumped on first use by a run of `mlflowctl validate`. */
  private static synchronized java.util.Optional<Path> archive(Path jar) {
    if (archive != null) {
      return java.util.Optional.of(archive);
    }
    try {
      Path file = Path.of("target", "mlflowctl-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
          + ".jsa").toAbsolutePath();
      if (!Files.exists(file)) {
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:ArchiveClassesAtExit=" + file, "-Xlog:disable", "-Xlog:all=off", "-jar", jar.toString(),
            "validate", "-f", "../manifests/examples/railway-basic.yaml")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
      if (Files.exists(file)) {
        archive = file;
      }
      return java.util.Optional.ofNullable(archive);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }
}
