package dev.mlflowoperator.railway.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Keeps a {@link SandboxState} in a JSON file, written atomically (temp file, then move), owner-readable only. */
public final class SandboxStore {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public SandboxStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** The saved state, or empty when the file does not exist yet. */
  public Optional<SandboxState> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(file.toFile(), SandboxState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the sandbox state from " + file, e);
    }
  }

  /** Replaces the file with {@code state}; a reader sees the old or the new file, never a half-written one. */
  public void save(SandboxState state) {
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
          // The file holds the sandbox's token.
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        MAPPER.writeValue(temp.toFile(), state);
        move(temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the sandbox state to " + file, e);
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A deep copy of {@code state}, through JSON like a save and a load. */
  static SandboxState copy(SandboxState state) {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(state), SandboxState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the sandbox state", e);
    }
  }
}
