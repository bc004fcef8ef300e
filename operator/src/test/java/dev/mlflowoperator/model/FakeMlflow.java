package dev.mlflowoperator.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for MLflow in a directory: {@code bin/mlflow} and the Python module {@code mlflow.db} (under
 * {@code lib}, with {@code upgrade} callable like MLflow's click command) append what they were given, and the
 * upgrade also its own {@code /proc/self/cmdline}, to the file named by {@value #RECORD}. Like MLflow, its server
 * refuses a SQLite database that exists (the file named by {@value #DATABASE}) unless {@code mlflow db upgrade} ran
 * first; that upgrade exits with {@value #UPGRADE_EXIT} (0 when unset).
 */
final class FakeMlflow {
  static final String RECORD = "FAKE_MLFLOW_RECORD";
  static final String DATABASE = "FAKE_MLFLOW_DATABASE";
  static final String UPGRADE_EXIT = "FAKE_MLFLOW_UPGRADE_EXIT";

  private FakeMlflow() {}

  /** Writes the stand-in under {@code dir} and returns the record file (empty). */
  static Path install(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path executable = Files.writeString(bin.resolve("mlflow"),
        """
        #!/bin/sh
        echo "$1 argv=$*" >> "$%1$s"
        case "$1" in
          db) exit "${%3$s:-0}" ;;
          server)
            if [ -n "$%2$s" ] && [ -e "$%2$s" ] && ! grep -q '^db argv=db upgrade ' "$%1$s"; then
              echo "Detected out-of-date database schema" >&2
              exit 3
            fi ;;
        esac
        """.formatted(RECORD, DATABASE, UPGRADE_EXIT));
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path module = Files.createDirectories(dir.resolve("lib").resolve("mlflow"));
    Files.writeString(module.resolve("__init__.py"), "");
    Files.writeString(module.resolve("db.py"), """
        import os
        import sys


        class _Upgrade:
            def main(self, args=None, prog_name=None, standalone_mode=True):
                with open("/proc/self/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\\0", b" ").decode()
                with open(os.environ["%s"], "a") as record:
                    record.write("upgrade prog=%%s args=[%%s]\\n" %% (prog_name, " ".join(args)))
                    record.write("upgrade cmdline=%%s\\n" %% cmdline)
                sys.exit(0)


        upgrade = _Upgrade()
        """.formatted(RECORD));
    return Files.writeString(dir.resolve("record.txt"), "");
  }
}
