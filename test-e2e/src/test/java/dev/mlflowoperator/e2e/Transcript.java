package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a scenario's processes printed or showed (stdout, stderr, logs, statuses, events), each
 * under a name; {@link #assertNoSecrets} checks that none of the generated passwords and tokens appears.
 * The standard output of {@code env --show-secrets}, where the user asked for the secret, is left out.
 */
final class Transcript {
  private final Map<String, String> streams = new LinkedHashMap<>();
  private final List<Supplier<Map<String, String>>> live = new ArrayList<>();

  synchronized void add(String name, String text) {
    streams.merge(name, text == null ? "" : text, (a, b) -> a + b);
  }

  /** A source read at scan time, e.g. a long-running process's log file. */
  synchronized void addLive(String name, Path file) {
    live.add(() -> {
      try {
        return Map.of(name, Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "");
      } catch (IOException e) {
        return Map.of(name, "(unreadable: " + e + ")");
      }
    });
  }

  synchronized void addLive(Supplier<Map<String, String>> source) {
    live.add(source);
  }

  /** What one mlflowctl run printed; the stdout of {@code env --show-secrets}, where the user asked for it, is not scanned. */
  synchronized void record(String command, MlflowCtlProcess.Result result) {
    if (!(command.startsWith("env ") && command.contains("--show-secrets"))) {
      add(command + " [stdout]", result.out());
    }
    add(command + " [stderr]", result.err());
  }

  /** Fails naming the stream when any of the secrets appears in any scanned stream. */
  synchronized void assertNoSecrets(Collection<String> secrets) {
    var all = new LinkedHashMap<>(streams);
    live.forEach(source -> all.putAll(source.get()));
    assertThat(all).as("streams scanned").isNotEmpty();
    for (var secret : secrets) {
      assertThat(secret).as("a secret to scan for").isNotBlank().hasSizeGreaterThanOrEqualTo(8);
      all.forEach((name, text) -> assertThat(text).as("%s must not contain a generated secret", name)
          .doesNotContain(secret));
    }
  }

  synchronized int size() {
    return streams.size() + live.size();
  }
}
