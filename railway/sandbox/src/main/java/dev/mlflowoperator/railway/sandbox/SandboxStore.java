package dev.mlflowoperator.railway.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Keeps a {@link SandboxState} in a JSON file (the snapshot, written atomically: temp file, then move) and a journal
 * beside it ({@code <file>.journal}) to which each save appends only what changed ({@link StateChange}), one JSON line
 * each; once the journal outgrows the snapshot, the snapshot is written again and the journal starts over. Both are
 * owner-readable only (the state holds the sandbox's token). A save's line reaches the operating system before save
 * returns, so a killed process loses nothing; a line torn by a crash while it was written is ignored on load. A
 * snapshot without a journal (as every version before the journal wrote it) loads as it is.
 */
public final class SandboxStore {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectWriter LINE = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
  /** The snapshot's field (not a {@link SandboxState} one) that names the journal that goes on from it. */
  private static final String GENERATION = "journalGeneration";
  /** Below this the journal is never compacted, however small the snapshot. */
  private static final long MIN_COMPACTION_BYTES = 64 * 1024;

  private final Path file;
  private final Path journal;
  /** The state as the files hold it, after the last load or save; null before either. */
  private ObjectNode persisted;
  private long generation;
  private long snapshotBytes;
  /** The journal's length, its header included; 0 while there is no journal of this generation. */
  private long journalBytes;

  public SandboxStore(Path file) {
    this.file = file.toAbsolutePath();
    this.journal = this.file.resolveSibling(this.file.getFileName() + ".journal");
  }

  /**
   * The saved state (the snapshot and what the journal adds to it), or empty when the file does not exist yet. A
   * torn last line of the journal is ignored, and cut off so that the next save appends after a whole line.
   */
  public synchronized Optional<SandboxState> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      byte[] snapshot = Files.readAllBytes(file);
      ObjectNode tree = (ObjectNode) MAPPER.readTree(snapshot);
      generation = tree.path(GENERATION).asLong(0);
      tree.remove(GENERATION);
      snapshotBytes = snapshot.length;
      journalBytes = replayJournal(tree);
      SandboxState state = MAPPER.treeToValue(tree, SandboxState.class);
      persisted = MAPPER.valueToTree(state);
      return Optional.of(state);
    } catch (IOException | ClassCastException | IllegalArgumentException e) {
      throw new UncheckedIOException("Cannot read the sandbox state from " + file + " (and " + journal.getFileName()
          + "): " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * Records {@code state}: appends what changed since the last load or save to the journal, or, on a store that has
   * neither loaded nor saved yet, or once the journal has outgrown the snapshot, replaces the snapshot (a reader sees
   * the old or the new one, never a half-written one) and starts a new journal.
   */
  public synchronized void save(SandboxState state) {
    ObjectNode now = MAPPER.valueToTree(state);
    try {
      if (persisted == null) {
        compact(now);
        return;
      }
      ObjectNode change = StateChange.between(persisted, now);
      if (change.isEmpty()) {
        return;
      }
      append(change);
      persisted = now;
      if (journalBytes > Math.max(MIN_COMPACTION_BYTES, snapshotBytes)) {
        compact(now);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the sandbox state to " + file, e);
    }
  }

  /** Deletes the journal, then the snapshot; nothing is left to load. */
  public synchronized void delete() throws IOException {
    Files.deleteIfExists(journal);
    Files.deleteIfExists(file);
    persisted = null;
  }

  /**
   * Applies each whole line of the journal that goes on from this snapshot to {@code tree}; returns the journal's
   * length up to its last whole line (0 when there is none of this generation).
   */
  private long replayJournal(ObjectNode tree) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(journal);
    int start = 0;
    boolean header = true;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0) {
        break;
      }
      ObjectNode line = line(bytes, start, end);
      if (line == null) {
        if (indexOf(bytes, (byte) '\n', end + 1) >= 0) {
          throw new IOException("line " + lineNumber(bytes, start) + " of " + journal.getFileName() + " is not JSON");
        }
        break;
      }
      if (header) {
        if (line.path(GENERATION).asLong(-1) != generation) {
          // A journal from before the snapshot was last written (a crash in between): the snapshot holds it all.
          return 0;
        }
        header = false;
      } else {
        StateChange.apply(line, tree);
      }
      start = end + 1;
    }
    if (start < bytes.length) {
      try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
        channel.truncate(start);
      }
    }
    return header ? 0 : start;
  }

  /** The JSON object on bytes [start, end), or null when it is not one (a torn write). */
  private static ObjectNode line(byte[] bytes, int start, int end) {
    try {
      JsonNode node = MAPPER.readTree(new String(bytes, start, end - start, StandardCharsets.UTF_8));
      return node instanceof ObjectNode object ? object : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private void append(ObjectNode change) throws IOException {
    if (journalBytes == 0) {
      startJournal();
    }
    byte[] line = (LINE.writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
    journalBytes += line.length;
  }

  /** Writes {@code state} as the snapshot of the next generation, then a journal of that generation with no change. */
  private void compact(ObjectNode state) throws IOException {
    ObjectNode snapshot = state.deepCopy();
    snapshot.put(GENERATION, generation + 1);
    byte[] bytes = MAPPER.writeValueAsBytes(snapshot);
    replace(file, bytes);
    generation++;
    snapshotBytes = bytes.length;
    persisted = state;
    journalBytes = 0;
    Files.deleteIfExists(journal);
  }

  private void startJournal() throws IOException {
    ObjectNode header = MAPPER.createObjectNode().put(GENERATION, generation);
    byte[] bytes = (LINE.writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8);
    replace(journal, bytes);
    journalBytes = bytes.length;
  }

  /** Replaces {@code target} with {@code bytes}, flushed to disk first: a reader sees the old or the new file. */
  private static void replace(Path target, byte[] bytes) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static int lineNumber(byte[] bytes, int offset) {
    int lines = 1;
    for (int i = 0; i < offset; i++) {
      lines += bytes[i] == '\n' ? 1 : 0;
    }
    return lines;
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
