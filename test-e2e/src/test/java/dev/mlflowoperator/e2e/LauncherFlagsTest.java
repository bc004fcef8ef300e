package dev.mlflowoperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `mlflowctl` launcher starts short commands with start-up flags (C1 only, serial GC, the application
 * class-data archive next to the jar), the operator with a heap and collector sized for a thousand resources, the other
 * long-running ones with the JVM's defaults. The launcher runs from a copy
 * in a temporary root with an empty jar, and `MLFLOWCTL_JAVA` points at a script that records its arguments.
 */
class LauncherFlagsTest {
  private static final List<String> START_UP = List.of(
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  /**
   * The operator's: as the Dockerfile's, with the heap its memory limit gives there (a sixth of it young), C1 only, and
   * glibc's heap trimmed every 5 s (what the JVM frees would stay in the process otherwise).
   */
  private static final List<String> OPERATOR = List.of("-XX:+UseSerialGC", "-Xmx108m", "-XX:NewRatio=5", "-Xss512k",
      "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m", "-XX:CICompilerCount=2", "-XX:TieredStopAtLevel=1",
      "-XX:TrimNativeHeapInterval=5000");

  @TempDir Path root;
  private Path jar;
  private Path archive;
  private Path javaArgs;

  @BeforeEach
  void copyTheLauncherBesideAnEmptyJar() throws Exception {
    Files.copy(Path.of("../mlflowctl"), root.resolve("mlflowctl"));
    Files.createDirectories(root.resolve("operator/target"));
    jar = Files.createFile(root.resolve("operator/target/mlflowctl.jar"));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    archive = root.resolve("operator/target/mlflowctl.jsa");
    javaArgs = root.resolve("java-args");
    // Records its arguments; like the JVM, writes the archive ArchiveClassesAtExit names; exits with $FAKE_EXIT, or 1
    // when given the option $FAKE_UNKNOWN_OPTION (as a JVM that does not know it).
    Path java = root.resolve("fake-java");
    Files.writeString(java, """
        #!/usr/bin/env bash
        printf '%s\\n' "$@" > "$(dirname "$0")/java-args"
        for arg in "$@"; do
          [[ -n "${FAKE_UNKNOWN_OPTION:-}" && "$arg" == "$FAKE_UNKNOWN_OPTION" ]] && exit 1
        done
        for arg in "$@"; do
          case "$arg" in -XX:ArchiveClassesAtExit=*) echo archive > "${arg#*=}" ;; esac
        done
        exit "${FAKE_EXIT:-0}"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void theFirstShortRunAfterABuildMakesTheArchiveAndLaterOnesUseIt() throws Exception {
    assertThat(launch(Map.of(), "validate", "-f", "spec.yaml")).isZero();
    List<String> first = javaArgs();
    assertThat(first).containsSequence(START_UP);
    assertThat(first).filteredOn(a -> a.startsWith("-XX:ArchiveClassesAtExit=")).singleElement()
        .satisfies(a -> assertThat(a).startsWith("-XX:ArchiveClassesAtExit=" + archive + "."));
    assertThat(first).endsWith("-jar", jar.toString(), "validate", "-f", "spec.yaml");
    assertThat(archive).hasContent("archive");

    assertThat(launch(Map.of(), "render", "-f", "spec.yaml")).isZero();
    assertThat(javaArgs()).containsExactlyElementsOf(concat(START_UP,
        List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "render", "-f", "spec.yaml")));
  }

  @Test
  void aJarRebuiltAfterTheArchiveGetsANewArchive() throws Exception {
    Files.writeString(archive, "old");
    Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() - 120_000));

    assertThat(launch(Map.of(), "status")).isZero();

    assertThat(javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
        .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="));
    assertThat(archive).hasContent("archive");
  }

  @Test
  void versionAndHelpRunWithTheStartUpFlagsButMakeNoArchive() throws Exception {
    for (List<String> args : List.of(List.of("version"), List.of("help", "render"), List.of("--help"))) {
      assertThat(launch(Map.of(), args.toArray(String[]::new))).isZero();
      assertThat(javaArgs()).as("java's arguments for %s", args)
          .containsExactlyElementsOf(concat(START_UP, concat(List.of("-jar", jar.toString()), args)));
    }
    assertThat(archive).doesNotExist();
  }

  @Test
  void theExitCodeOfTheRunThatMakesTheArchiveIsTheCommands() throws Exception {
    assertThat(launch(Map.of("FAKE_EXIT", "3"), "apply", "-f", "spec.yaml", "--wait")).isEqualTo(3);
  }

  @Test
  void longRunningCommandsKeepTheDefaultCompilerAndCollector() throws Exception {
    for (List<String> args : List.of(List.of("run", "-f", "specs/"),
        List.of("sandbox", "serve", "--port", "4000"), List.of("--debug", "run", "-f", "specs/"))) {
      assertThat(launch(Map.of(), args.toArray(String[]::new))).isZero();
      assertThat(javaArgs()).as("java's arguments for %s", args)
          .containsExactlyElementsOf(concat(List.of("-jar", jar.toString()), args));
    }
    assertThat(archive).doesNotExist();
  }

  @Test
  void theOperatorRunsWithTheSerialCollectorAndAHeapSizedForAThousandResources() throws Exception {
    assertThat(launch(Map.of(), "--debug", "operator", "-n", "team")).isZero();
    assertThat(javaArgs()).containsExactlyElementsOf(concat(OPERATOR,
        List.of("-jar", jar.toString(), "--debug", "operator", "-n", "team")));
    assertThat(archive).doesNotExist();
  }

  @Test
  void theOperatorIsCompiledByC1Only() throws Exception {
    assertThat(launch(Map.of(), "operator")).isZero();
    List<String> args = javaArgs();
    assertThat(args).contains("-XX:TieredStopAtLevel=1");
    assertThat(args.indexOf("-XX:TieredStopAtLevel=1")).isLessThan(args.indexOf("-jar"));
  }

  @Test
  void aJvmWithoutNativeHeapTrimmingStartsTheOperatorWithoutIt() throws Exception {
    assertThat(launch(Map.of("FAKE_UNKNOWN_OPTION", "-XX:TrimNativeHeapInterval=5000"), "operator")).isZero();
    assertThat(javaArgs()).containsExactlyElementsOf(concat(
        OPERATOR.stream().filter(flag -> !flag.startsWith("-XX:TrimNativeHeapInterval")).toList(),
        List.of("-jar", jar.toString(), "operator")));
  }

  @Test
  void sandboxCommandsOtherThanServeAreShort() throws Exception {
    assertThat(launch(Map.of(), "sandbox", "reset", "--yes")).isZero();
    assertThat(javaArgs()).containsSequence(START_UP).endsWith("-jar", jar.toString(), "sandbox", "reset", "--yes");
  }

  @Test
  void userOptionsComeLastSoTheyOverrideTheLaunchersFlags() throws Exception {
    var env = Map.of("MLFLOWCTL_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -XX:+UseG1GC");
    assertThat(launch(env, "validate", "-f", "spec.yaml")).isZero();
    assertThat(javaArgs()).containsSequence("-XX:TieredStopAtLevel=4", "-XX:+UseG1GC", "-jar")
        .startsWith(START_UP.toArray(String[]::new));

    assertThat(launch(env, "operator")).isZero();
    assertThat(javaArgs()).containsExactlyElementsOf(concat(OPERATOR,
        List.of("-XX:TieredStopAtLevel=4", "-XX:+UseG1GC", "-jar", jar.toString(), "operator")));
  }

  private int launch(Map<String, String> env, String... args) throws Exception {
    var command = new java.util.ArrayList<>(List.of("bash", root.resolve("mlflowctl").toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(root.resolve("launcher-output").toFile());
    builder.environment().remove("MLFLOWCTL_JAVA_OPTS");
    builder.environment().put("MLFLOWCTL_JAVA", root.resolve("fake-java").toString());
    builder.environment().putAll(env);
    var process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
    assertThat(root.resolve("launcher-output")).as("the launcher printed nothing of its own").isEmptyFile();
    return process.exitValue();
  }

  private List<String> javaArgs() throws Exception {
    return Files.readAllLines(javaArgs, StandardCharsets.UTF_8);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
