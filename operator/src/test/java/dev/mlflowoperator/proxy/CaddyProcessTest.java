package dev.mlflowoperator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlflowoperator.model.ReleaseVersion;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Finding caddy, the skip-or-fail rule when it is missing, and reading its version. */
class CaddyProcessTest {
  @Test
  void missingCaddySkipsWithHowToInstallIt() {
    assertThatThrownBy(() -> CaddyProcess.require(Optional.empty(), null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install -y caddy");
  }

  @Test
  void missingCaddyFailsWhenCiRequiresIt() {
    assertThatThrownBy(() -> CaddyProcess.require(Optional.empty(), "1"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("apt-get install -y caddy")
        .hasMessageContaining("MLFLOW_OPERATOR_REQUIRE_CADDY=1");
  }

  @Test
  void onlyTheValue1MakesCaddyRequired() {
    assertThatThrownBy(() -> CaddyProcess.require(Optional.empty(), "0"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void foundCaddyIsUsedWhetherOrNotItIsRequired() {
    var found = Optional.of(Path.of("caddy"));

    assertThat(CaddyProcess.require(found, "1")).isEqualTo(found.get());
    assertThat(CaddyProcess.require(found, null)).isEqualTo(found.get());
  }

  @Test
  void findsTheFirstExecutableCaddyOnPath(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.createDirectory(dir.resolve("a"));
    Files.createFile(notExecutable.resolve("caddy"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Path executable = Files.createDirectory(dir.resolve("b"));
    Files.createFile(executable.resolve("caddy"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    String path = String.join(File.pathSeparator, dir.resolve("none").toString(), notExecutable.toString(), "",
        executable.toString());

    assertThat(CaddyProcess.findOnPath(path)).contains(executable.resolve("caddy"));
  }

  @Test
  void noPathMeansNoCaddy(@TempDir Path dir) {
    assertThat(CaddyProcess.findOnPath(null)).isEmpty();
    assertThat(CaddyProcess.findOnPath(dir.toString())).isEmpty();
  }

  @Test
  void readsUpstreamAndDebianVersionOutput() {
    assertThat(CaddyProcess.parseVersion("v2.8.4 h1:q3pe0wpBj1OcHFZ3n/1nl4V4bxBrYoSoab7rL9BMYNk=\n"))
        .isEqualTo(new ReleaseVersion(2, 8, 4));
    assertThat(CaddyProcess.parseVersion("2.6.2\n")).isEqualTo(new ReleaseVersion(2, 6, 2));
    assertThat(CaddyProcess.parseVersion("v2.11.0-beta.1 h1:abc=")).isEqualTo(new ReleaseVersion(2, 11, 0));
  }

  @Test
  void refusesVersionOutputItCannotRead() {
    assertThatIllegalArgumentException().isThrownBy(() -> CaddyProcess.parseVersion("caddy: command failed"));
  }
}
