package dev.mlflowoperator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link Reasons} is the one vocabulary: every reason is CamelCase, unique, used, and written nowhere else. */
class ReasonsTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path REASONS = MAIN.resolve("dev/mlflowoperator/status/Reasons.java");
  /** A CamelCase literal given where a condition reason goes: thrown, synced, probed, refused or set. */
  private static final Pattern REASON_LITERAL = Pattern.compile(
      "(new TerminalException\\(|SyncResult\\((true|false),|SyncResult\\.failed\\(|Health\\.(unhealthy|unknown)\\("
          + "|new Health\\([^,()]+,|new Refusal\\([^,()]+,|\\.set\\([^,()]+,[^,()]+,)\\s*\"((?:[A-Z][a-z]+)+)\"");

  @Test
  void everyReasonIsCamelCaseAndUnique() {
    Map<String, String> reasons = reasons();

    assertThat(reasons).isNotEmpty();
    assertThat(reasons.values()).allMatch(r -> r.matches("([A-Z][a-z]+)+"), "CamelCase").doesNotHaveDuplicates();
  }

  @Test
  void theDerivedSetsHoldOnlyReasonsAndDoNotOverlap() {
    assertThat(reasons().values()).containsAll(Reasons.RETRIED).containsAll(Reasons.USER_MUST_ACT);
    assertThat(Reasons.RETRIED).doesNotContainAnyElementsOf(Reasons.USER_MUST_ACT);
  }

  @Test
  void everyReasonIsGivenSomewhereInTheOperator() {
    Map<String, String> sources = sources();

    List<String> unused = reasons().keySet().stream()
        .filter(name -> sources.entrySet().stream().noneMatch(file -> uses(file.getValue(), name)))
        .toList();

    assertThat(unused).as("constants of Reasons that no class in src/main uses").isEmpty();
  }

  @Test
  void noOtherClassSpellsAReason() {
    var values = reasons().values();
    Map<String, String> sources = sources();

    List<String> spelled = sources.entrySet().stream()
        .flatMap(file -> values.stream().filter(v -> file.getValue().contains("\"" + v + "\""))
            .map(v -> file.getKey() + ": \"" + v + "\""))
        .toList();
    List<String> literals = sources.entrySet().stream()
        .flatMap(file -> literals(file.getValue()).map(v -> file.getKey() + ": \"" + v + "\""))
        .toList();

    assertThat(spelled).as("reason strings written outside Reasons").isEmpty();
    assertThat(literals).as("CamelCase reason literals given outside Reasons").isEmpty();
  }

  @Test
  void everyReasonHasARowInTheConditionsDoc() {
    String doc = read(Path.of("../docs/conditions.md"));

    assertThat(reasons().values()).as("reasons without a row in docs/conditions.md")
        .filteredOn(reason -> !doc.contains("| `" + reason + "` |")).isEmpty();
  }

  @Test
  void theSourceScanFindsALiteralReason() {
    assertThat(literals("throw new TerminalException(\"FooRefused\", \"no\");").toList()).containsExactly("FooRefused");
    assertThat(literals("return Health.unhealthy(\"BarFailed\", m);").toList()).containsExactly("BarFailed");
    assertThat(literals("conditions.set(READY, false, \"NotYet\", m);").toList()).containsExactly("NotYet");
  }

  /** The reasons by constant name, read from the class so a new constant is checked without touching this test. */
  private static Map<String, String> reasons() {
    return Arrays.stream(Reasons.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .collect(Collectors.toMap(Field::getName, ReasonsTest::value));
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every main source file but Reasons itself, by path. */
  private static Map<String, String> sources() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java") && !p.equals(REASONS))
          .collect(Collectors.toMap(p -> MAIN.relativize(p).toString(), ReasonsTest::read));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Used as {@code Reasons.NAME}, or statically imported and then named. */
  private static boolean uses(String source, String name) {
    String imported = "import static dev.mlflowoperator.status.Reasons." + name + ";";
    if (source.contains(imported)) {
      return Pattern.compile("\\b" + name + "\\b").matcher(source.replace(imported, "")).find();
    }
    return Pattern.compile("\\bReasons\\." + name + "\\b").matcher(source).find();
  }

  private static Stream<String> literals(String source) {
    Matcher m = REASON_LITERAL.matcher(source);
    return m.results().map(r -> r.group(4));
  }
}
