package dev.mlflowoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md names only classes and packages that exist, so its recipes can be followed as written. */
class ArchitectureDocTest {
  private static final Path ROOT = Path.of("..");
  /** A class name in backticks, alone or qualified by a package or followed by a member: `Foo`, `a.b.Foo`, `Foo.bar`. */
  private static final Pattern CLASS = Pattern.compile("`(?:[a-z][a-z0-9]*\\.)*([A-Z][A-Za-z0-9]+)(?:[.#][a-zA-Z0-9]+)*(?:\\(\\))?`");
  /** A package of the operator in backticks, e.g. `platform.kubernetes`. */
  private static final Pattern PACKAGE = Pattern.compile("\\| `([a-z][a-z0-9]*(?:\\.[a-z0-9]+)*)` \\|");

  @Test
  void everyClassTheArchitecturePageNamesExists() throws IOException {
    String page = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
    Set<String> sources = sourceClassNames();
    var named = new TreeSet<String>();
    CLASS.matcher(page).results().map(m -> m.group(1)).forEach(named::add);

    assertThat(named).as("classes named in ARCHITECTURE.md").hasSizeGreaterThan(30);
    assertThat(named.stream().filter(name -> !sources.contains(name)).toList())
        .as("named in ARCHITECTURE.md but no such class in any module").isEmpty();
  }

  @Test
  void everyPackageInThePackageTableExists() throws IOException {
    String page = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
    var packages = PACKAGE.matcher(page).results().map(m -> m.group(1)).toList();

    assertThat(packages).as("packages in the table").contains("platform", "model", "reconcile");
    assertThat(packages.stream()
            .filter(p -> !Files.isDirectory(ROOT.resolve("operator/src/main/java/dev/mlflowoperator/" + p.replace('.', '/'))))
            .toList())
        .as("packages in ARCHITECTURE.md's table that do not exist").isEmpty();
  }

  private static Set<String> sourceClassNames() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/"))
          .flatMap(ArchitectureDocTest::declaredTypes)
          .collect(Collectors.toSet());
    }
  }

  /** The file's own class and the types declared inside it (records, interfaces, enums). */
  private static Stream<String> declaredTypes(Path file) {
    try {
      var declared = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9]*)")
          .matcher(Files.readString(file)).results().map(m -> m.group(1));
      return Stream.concat(Stream.of(file.getFileName().toString().replace(".java", "")), declared);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
