package dev.mlflowoperator.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer at a time: an OS file lock on a file in the home that records the holder's pid; released on close
 * or when the process ends. {@link #ofStore} guards the deployment records, {@link #ofSandbox} the sandbox's state.
 */
public final class StateLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on the deployment records of {@code home}.
   *
   * @throws StateException when another mlflowctl holds it
   */
  public static StateLock ofStore(MlflowctlHome home) {
    return acquire(home, "lock", "is already writing to " + home);
  }

  /**
   * Takes the lock on the Railway sandbox state of {@code home}.
   *
   * @throws StateException when another mlflowctl holds it
   */
  public static StateLock ofSandbox(MlflowctlHome home) {
    return acquire(home, "sandbox.lock", "is already running the Railway sandbox in " + home);
  }

  private static StateLock acquire(MlflowctlHome home, String fileName, String busy) {
    Path file = home.resolve(fileName);
    FileChannel channel = null;
    try {
      PrivateFiles.createDirectories(home.dir());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw new StateException("another mlflowctl" + holder + " " + busy
            + "; stop it, or point " + MlflowctlHome.ENV + " at another directory");
      }
      PrivateFiles.restrictToOwner(file);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new StateLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateException("cannot lock " + home + "/" + fileName + ": " + e.getMessage()
          + "; check that " + home + " is a writable directory", e);
    }
  }

  /** The lock, or null when another process (or another lock in this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** " (pid N)" from the lock file, or nothing when it cannot be read yet. */
  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
      return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing to release: the lock was never taken.
      }
    }
  }

  /** Releases the lock; the file stays, so the next writer locks the same file. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    }
    closeQuietly(channel);
  }
}
