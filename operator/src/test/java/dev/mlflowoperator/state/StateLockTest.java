package dev.mlflowoperator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer at a time per home, with a message that names the holder and what to do. */
class StateLockTest {
  @TempDir Path dir;

  @Test
  void secondWriterIsRefusedWithThePidOfTheFirst() {
    var home = MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, dir.toString()));
    try (var first = StateLock.ofStore(home)) {
      assertThatThrownBy(() -> StateLock.ofStore(home)).isInstanceOf(StateException.class)
          .hasMessage("another mlflowctl (pid " + ProcessHandle.current().pid() + ") is already writing to " + dir
              + "; stop it, or point MLFLOWCTL_HOME at another directory");
    }
  }

  @Test
  void lockIsFreeAgainAfterClose() throws Exception {
    var home = MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, dir.resolve("new").toString()));
    StateLock.ofStore(home).close();
    try (var again = StateLock.ofStore(home)) {
      assertThat(Files.readString(dir.resolve("new/lock"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
      if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new/lock"))))
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void storeAndSandboxLocksAreIndependent() {
    var home = MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, dir.toString()));
    try (var store = StateLock.ofStore(home); var sandbox = StateLock.ofSandbox(home)) {
      assertThatThrownBy(() -> StateLock.ofSandbox(home))
          .hasMessageContaining("is already running the Railway sandbox in " + dir);
    }
  }

  @Test
  void homeThatIsAFileSaysWhatToCheck() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "");
    var home = MlflowctlHome.resolve(Map.of(MlflowctlHome.ENV, file.toString()));
    assertThatThrownBy(() -> StateLock.ofStore(home)).isInstanceOf(StateException.class)
        .hasMessageStartingWith("cannot lock " + file + "/lock: ")
        .hasMessageEndingWith("; check that " + file + " is a writable directory");
  }
}
