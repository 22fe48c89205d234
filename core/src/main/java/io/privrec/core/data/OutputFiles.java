package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.storage.DurableFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes files whose path a person chose (an export, a report, a command line's {@code --out})
 * the way the library writes its own: atomically, never through a link, never over anything but
 * a regular file one may write.
 *
 * <p>A write goes to a temporary sibling file that is forced to the device and renamed over the
 * target in one step, so after a crash at any point the target is the complete old file or the
 * complete new one (or still absent). A path that names a directory, a symbolic link, a device
 * node, a fifo, a socket or a read-only file is refused before anything is written.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. Concurrent writes to
 * one path leave one of the complete files.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** Produces a file's contents. */
  @FunctionalInterface
  public interface Contents {
    /**
     * Writes the whole contents to {@code out} (buffered; valid only during this call; closing it
     * is allowed and only flushes it).
     *
     * @throws IOException if producing or writing the contents fails: the write is abandoned and
     *     the target left as it was
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Checks, before any work, that {@code target} may be written: it is absent, or a regular file
   * (not followed if it is a link) this process may write and whose owner-write bit is set.
   *
   * @throws IOException naming {@code target} and the reason ({@code "not a regular file;
   *     refusing to replace it"}, {@code "read-only file; refusing to replace it"}), or if its
   *     attributes cannot be read
   * @throws NullPointerException if {@code target} is null
   */
  public static void checkReplaceable(Path target) throws IOException {
    DurableFiles.checkReplaceableOutput(target);
  }

  /**
   * Replaces or creates {@code target} with {@code contents}, atomically and durably, after
   * {@link #checkReplaceable}. A replaced file keeps its POSIX permissions; a new one gets those
   * of any new file (0666 minus the process umask), as a shell redirection would give it.
   *
   * @param target the path; its parent directory must exist
   * @param contents writes the contents
   * @throws IOException if {@code target} may not be replaced, or writing, forcing or renaming
   *     fails (the target is then unchanged), or as thrown by {@code contents}
   * @throws NullPointerException if an argument is null
   */
  public static void write(Path target, Contents contents) throws IOException {
    requireNonNull(contents, "contents");
    DurableFiles.writeOutputAtomically(target, contents::writeTo);
  }

  /**
   * As {@link #write}, for files holding personal data (a customer's export): the new file is
   * readable and writable by its owner only (0600, where the file system has POSIX permissions),
   * whether it replaces a file or not.
   *
   * @throws IOException as {@link #write}
   * @throws NullPointerException if an argument is null
   */
  public static void writePrivate(Path target, Contents contents) throws IOException {
    requireNonNull(contents, "contents");
    DurableFiles.checkReplaceableOutput(target);
    DurableFiles.writeAtomically(target, contents::writeTo);
  }
}
