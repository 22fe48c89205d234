package io.privrec.core.internal.storage;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Exclusive use of a directory by one owner at a time, across processes and within this JVM: an
 * operating-system lock on the file {@code <dir>/lock}.
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.acquire(home, "recommender home")) {
 *   ... read and write the files in home ...
 * }
 * }</pre>
 *
 * <p>The lock is advisory: it keeps out other owners that also use {@code DirectoryLock}, not
 * arbitrary programs. The operating system releases it when the holding process dies, so a crash
 * never leaves a directory locked; the lock file itself stays (it holds nothing).
 *
 * <p>On POSIX systems the lock belongs to the process and is released when the process closes
 * <em>any</em> descriptor of the lock file. This class therefore never opens the lock file of a
 * directory this JVM already holds (it checks its own table first), and nothing else in the JVM
 * should open it either.
 *
 * <p>Thread-safety: {@link #acquire} and {@link #close} may be called from any thread.
 */
public final class DirectoryLock implements Closeable {
  /** Name of the lock file inside the directory. */
  public static final String FILE_NAME = "lock";

  /** Identities ({@link BasicFileAttributes#fileKey()} or real path) of lock files held here. */
  private static final Set<Object> HELD = new HashSet<>();

  private final Path dir;
  private final Path file;
  private final Object key;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private DirectoryLock(Path dir, Path file, Object key, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir}, creating the lock file {@code <dir>/lock} (permissions 0600 on
   * POSIX file systems) if missing. Does not wait: fails at once if the directory is in use.
   *
   * @param dir an existing directory
   * @param what what the directory is, for the message, e.g. {@code "recommender home"}; non-blank
   * @return the held lock; close it to release
   * @throws IllegalStateException {@code "<what> <dir> is in use by another process (lock file
   *     <dir>/lock)"} if another process holds the lock, or if this JVM already does (the message
   *     then says so after that text)
   * @throws UncheckedIOException if {@code dir} is not an existing directory or the lock file
   *     cannot be created, opened or locked (the message names the file)
   * @throws IllegalArgumentException if {@code what} is blank
   * @throws NullPointerException if an argument is null
   */
  public static DirectoryLock acquire(Path dir, String what) {
    requireNonNull(dir, "dir");
    CorePreconditions.checkNotBlank("what", what);
    Path file = dir.resolve(FILE_NAME);
    String inUse = what + " " + dir + " is in use by another process (lock file " + file + ")";
    try {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + ": not an existing directory");
      }
      createLockFile(dir, file);
      synchronized (HELD) {
        Object key = identity(file);
        if (HELD.contains(key)) {
          throw new IllegalStateException(inUse + "; here the holder is this process itself, which already has it open");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held through a channel this class did not open; cannot happen here
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (lock == null) {
          channel.close(); // this JVM holds no lock on the file, so closing releases nothing
          throw new IllegalStateException(inUse);
        }
        HELD.add(key);
        return new DirectoryLock(dir, file, key, channel, lock);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + what + " " + dir + " (lock file " + file + "): " + e.getMessage(), e);
    }
  }

  private static void createLockFile(Path dir, Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      // Creating closes a descriptor, which is harmless: nobody in this JVM locks a file that did
      // not exist a moment ago.
      Files.createFile(file, DurableFiles.privateFileAttributes(dir));
      DurableFiles.forceDirectory(dir);
    } catch (FileAlreadyExistsException raced) {
      // Another owner created it meanwhile.
    }
  }

  private static Object identity(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    return key != null ? key : file.toRealPath();
  }

  /** The locked directory. */
  public Path directory() {
    return dir;
  }

  /** The lock file, {@code <dir>/lock}. */
  public Path file() {
    return file;
  }

  /** Whether the lock is still held (not yet closed). */
  public boolean isHeld() {
    synchronized (HELD) {
      return !released;
    }
  }

  /**
   * Releases the lock (the lock file stays). Idempotent.
   *
   * @throws IOException if releasing fails; the lock is then still forgotten by this JVM and
   *     released by the operating system when the process ends
   */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (released) {
        return;
      }
      released = true;
      HELD.remove(key);
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  @Override
  public String toString() {
    return "DirectoryLock{" + file + (isHeld() ? "" : ", released") + "}";
  }
}
