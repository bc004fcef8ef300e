package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium run headless as a process, as a person's browser would load a page: the DOM after load, or a
 * screenshot. Skipped without chromium on PATH, unless {@value #REQUIRE_ENV}=1 (CI) makes that a failure.
 */
final class HeadlessChromium {
  /** Set to 1 (CI does, in .ci/run, once it installed chromium) to fail rather than skip when chromium is missing. */
  static final String REQUIRE_ENV = "MLFLOW_OPERATOR_REQUIRE_CHROMIUM";
  private static final String INSTALL_HINT = "chromium is not on PATH; install it with: apt-get install -y chromium";

  private final Path binary;
  private final Path workDir;

  private HeadlessChromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** The chromium on PATH, with its profile and output under {@code workDir}; skips or fails when there is none. */
  static HeadlessChromium find(Path workDir) {
    Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
        .flatMap(path -> Arrays.stream(path.split(File.pathSeparator))).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "chromium")).filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).findFirst();
    if (found.isEmpty()) {
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        Assertions.fail(INSTALL_HINT + " (" + REQUIRE_ENV + "=1 forbids skipping)");
      }
      Assumptions.abort(INSTALL_HINT);
    }
    return new HeadlessChromium(found.get(), workDir);
  }

  /** What chromium printed: the DOM (or nothing) on stdout, its console log on stderr. */
  record Output(String dom, String log) {}

  /** The page's DOM as serialised after it loaded, and the browser's log (CSP violations are reported there). */
  Output dumpDom(String url) {
    return run("dom", "--dump-dom", url);
  }

  /** Saves a PNG of the page at the given window size. */
  Output screenshot(String url, Path png, int width, int height) {
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run("screenshot", "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", url);
  }

  private Output run(String name, String... args) {
    var command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--enable-logging=stderr",
        "--user-data-dir=" + workDir.resolve("chromium-profile").toAbsolutePath()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path out = Files.createTempFile(workDir, "chromium-" + name + "-", ".out");
      Path err = Files.createTempFile(workDir, "chromium-" + name + "-", ".err");
      var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Assertions.fail("chromium " + name + " did not finish within 60 s: " + Files.readString(err));
      }
      var output = new Output(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
          StandardCharsets.UTF_8));
      assertThat(process.exitValue()).as("chromium %s exit code; its log:%n%s", name, output.log()).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
