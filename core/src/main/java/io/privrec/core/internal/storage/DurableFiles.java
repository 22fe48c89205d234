package io.privrec.core.internal.storage;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that survive crashes, and checks for paths the library writes to.
 *
 * <h2>Atomic replacement</h2>
 * {@link #writeAtomically} writes a temporary sibling file {@code <name>.tmp-<random>}, forces it
 * to the device, renames it over the target in one atomic step and forces the directory, so after
 * a crash at any point the target is either the complete old file or the complete new one. A
 * process killed mid-write leaves its temporary file behind; owners of a directory remove such
 * leftovers with {@link #cleanTemporaryFiles} when they open it (while holding its {@link
 * DirectoryLock}, so no write in progress is disturbed).
 *
 * <h2>Permissions</h2>
 * On file systems with POSIX permissions, files written by {@link #writeAtomically} are {@code
 * rw-------} (0600) and directories made by {@link #createPrivateDirectories} {@code rwx------}
 * (0700): they hold customers' data. User-named outputs written by {@link #writeOutputAtomically}
 * keep the permissions of the file they replace, or get those of any newly created file (0666
 * minus the process umask, 0644 with the usual umask 022). On other file systems permissions are
 * left to the platform.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. Concurrent writes to
 * the same target leave one of the complete files (the last rename wins).
 */
public final class DurableFiles {
  /** Infix of temporary file names: {@code <target name>.tmp-<random>}. */
  public static final String TEMPORARY_INFIX = ".tmp-";

  private static final int BUFFER_BYTES = 1 << 16;
  private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private DurableFiles() {}

  /**
   * Writes a file's bytes to an output stream.
   *
   * <p>The stream is buffered; the body may close it or leave it open (closing only flushes it:
   * {@link #writeAtomically} forces and closes the file itself).
   */
  @FunctionalInterface
  public interface IoWriter {
    /**
     * Writes the whole contents.
     *
     * @param out where to write; valid only during this call
     * @throws IOException if producing or writing the contents fails; the write is then abandoned
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Replaces (or creates) {@code target} with the bytes {@code body} writes, atomically and
   * durably: when this returns, the new contents survive a crash; if it fails, or the process dies
   * during it, {@code target} is unchanged (the old file or still absent).
   *
   * <p>The new file has permissions 0600 where the file system supports POSIX permissions. The
   * parent directory of {@code target} must exist. A symbolic link at {@code target} is replaced
   * by the file, not followed. Use {@link #writeOutputAtomically} for paths a user named.
   *
   * @param target the file to replace
   * @param body writes the contents
   * @throws IOException if writing, forcing or renaming fails (the message names {@code target},
   *     never the temporary file; the temporary file is removed), if the file system cannot rename
   *     atomically, or as thrown by {@code body} (passed on unchanged)
   * @throws NullPointerException if an argument is null
   */
  public static void writeAtomically(Path target, IoWriter body) throws IOException {
    requireNonNull(target, "target");
    requireNonNull(body, "body");
    write(target, body, true, null);
  }

  /**
   * Replaces (or creates) a file whose path a user chose (a CLI {@code --out}, a model file): like
   * {@link #writeAtomically}, after {@link #checkReplaceableOutput} accepted {@code target}. A
   * replaced file's POSIX permissions carry over to the new file (its owner becomes the writing
   * user); a new file gets the permissions of any newly created file: 0666 minus the process
   * umask, i.e. 0644 with the usual umask 022, as a shell redirection would give it.
   *
   * <p>The check and the rename are not one atomic step: a file swapped in at {@code target}
   * between them is replaced (never written through, as the rename replaces a link itself).
   *
   * @param target the user's output path; its parent directory must exist
   * @param body writes the contents
   * @throws IOException if {@code target} exists and is not a writable regular file, or as {@link
   *     #writeAtomically}
   * @throws NullPointerException if an argument is null
   */
  public static void writeOutputAtomically(Path target, IoWriter body) throws IOException {
    requireNonNull(target, "target");
    requireNonNull(body, "body");
    checkReplaceableOutput(target);
    Set<PosixFilePermission> keep = null;
    PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (posix != null) {
      try {
        keep = posix.readAttributes().permissions();
      } catch (NoSuchFileException absent) {
        keep = null; // a new file
      }
    }
    write(target, body, keep != null, keep);
  }

  /**
   * Checks that {@code target}, a path a user named for output, may be replaced: it is absent or
   * a regular file (checked without following symbolic links) that is writable.
   *
   * <p>A file is read-only if this process may not write it, or, on POSIX file systems, if its
   * owner-write permission bit is clear (e.g. 0444, or 0464): such a file is protected even from a
   * process (root) that could write it anyway, for which {@link Files#isWritable} is always true.
   *
   * @param target the path to check
   * @throws IOException {@code "<target>: not a regular file; refusing to replace it"} for a
   *     symbolic link, directory, device node, fifo or socket; {@code "<target>: read-only file;
   *     refusing to replace it"} for a read-only regular file; or if the attributes cannot be read
   * @throws NullPointerException if {@code target} is null
   */
  public static void checkReplaceableOutput(Path target) throws IOException {
    requireNonNull(target, "target");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    }
    if (!attributes.isRegularFile()) {
      throw new IOException(target + ": not a regular file; refusing to replace it");
    }
    boolean readOnly = !Files.isWritable(target);
    if (!readOnly) {
      PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS);
      if (posix != null) {
        readOnly = !posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
      }
    }
    if (readOnly) {
      throw new IOException(target + ": read-only file; refusing to replace it");
    }
  }

  /**
   * Deletes the temporary files ({@code *.tmp-*}) that writes killed before their rename left in
   * {@code dir}; subdirectories are not searched. Call it only while no write into {@code dir} is
   * in progress (e.g. holding the directory's {@link DirectoryLock}).
   *
   * @param dir the directory to clean
   * @return how many files were deleted, {@code >= 0}
   * @throws IOException if {@code dir} cannot be listed or a file cannot be deleted (the message
   *     names it)
   * @throws NullPointerException if {@code dir} is null
   */
  public static int cleanTemporaryFiles(Path dir) throws IOException {
    requireNonNull(dir, "dir");
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMPORARY_INFIX + "*")) {
      for (Path file : files) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          if (Files.deleteIfExists(file)) {
            deleted++;
          }
        } catch (IOException e) {
          throw new IOException("cannot delete temporary file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    if (deleted > 0) {
      forceDirectory(dir);
    }
    return deleted;
  }

  /**
   * Forces {@code dir}'s entries (a created, renamed or deleted file) to the device. On platforms
   * that cannot open a directory (Windows) this does nothing: a rename is then as durable as the
   * file system makes it.
   *
   * @param dir an existing directory
   * @throws IOException if the directory cannot be opened or forced
   * @throws NullPointerException if {@code dir} is null
   */
  public static void forceDirectory(Path dir) throws IOException {
    requireNonNull(dir, "dir");
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  /**
   * Creates {@code dir} and its missing parents with permissions 0700 (on POSIX file systems; the
   * umask can only remove bits from that), forcing each new entry into its parent directory.
   * Existing directories are used as they are (their permissions are not changed).
   *
   * @param dir the directory
   * @return {@code dir}
   * @throws IOException {@code "<dir>: not a directory"} if it, or a parent, exists as something
   *     else, or if creating fails
   * @throws NullPointerException if {@code dir} is null
   */
  public static Path createPrivateDirectories(Path dir) throws IOException {
    requireNonNull(dir, "dir");
    Path absolute = dir.toAbsolutePath();
    Deque<Path> missing = new ArrayDeque<>();
    Path p = absolute;
    while (p != null && !Files.exists(p)) {
      missing.push(p);
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw new IOException((p.equals(absolute) ? dir : p) + ": not a directory");
    }
    boolean posix = Files.getFileStore(p == null ? absolute.getRoot() : p).supportsFileAttributeView(
        PosixFileAttributeView.class);
    while (!missing.isEmpty()) {
      Path next = missing.pop();
      try {
        if (posix) {
          Files.createDirectory(next, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
        } else {
          Files.createDirectory(next);
        }
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(next)) {
          throw new IOException(next + ": not a directory", raced);
        }
        continue;
      }
      forceDirectory(next.getParent());
    }
    return dir;
  }

  /** Creation attributes for a private file on {@code dir}'s file system, or none. */
  static FileAttribute<?>[] privateFileAttributes(Path dir) throws IOException {
    if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)};
    }
    return new FileAttribute<?>[0];
  }

  private static void write(Path target, IoWriter body, boolean privateFile, Set<PosixFilePermission> finalPermissions)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null) {
      throw new IOException("cannot write " + target + ": it has no parent directory");
    }
    String name = absolute.getFileName().toString();
    FileChannel ch = null;
    Path tmp = null;
    boolean done = false;
    try {
      FileAttribute<?>[] attributes;
      try {
        attributes = privateFile ? privateFileAttributes(dir) : new FileAttribute<?>[0];
      } catch (IOException e) {
        throw failure(target, dir, null, e);
      }
      for (int attempt = 0; ch == null; attempt++) {
        tmp = dir.resolve(name + TEMPORARY_INFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
          ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 10) {
            Path notOurs = tmp;
            tmp = null;
            throw failure(target, dir, notOurs, e);
          }
        } catch (IOException e) {
          Path notCreated = tmp;
          tmp = null;
          throw failure(target, dir, notCreated, e);
        }
      }
      try (OutputStream out = new TargetStream(Channels.newOutputStream(ch), target)) {
        body.write(out);
      }
      try {
        ch.force(true);
        ch.close();
        if (finalPermissions != null) {
          Files.setPosixFilePermissions(tmp, finalPermissions);
        }
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot write " + target + ": its file system cannot rename atomically", e);
      } catch (IOException e) {
        throw failure(target, dir, tmp, e);
      }
      done = true;
      try {
        forceDirectory(dir);
      } catch (IOException e) {
        throw new IOException("wrote " + target + ", but forcing its directory to the device failed: "
            + e.getMessage(), e);
      }
    } finally {
      if (!done) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // Nothing more to lose: the temporary file is deleted next.
          }
        }
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // Left for cleanTemporaryFiles.
          }
        }
      }
    }
  }

  /** An I/O failure on the temporary file, described in terms of {@code target}. */
  private static IOException failure(Path target, Path dir, Path tmp, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "directory " + dir + " does not exist";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied in directory " + dir;
    } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      reason = ((FileSystemException) e).getReason();
    } else if (e.getMessage() != null) {
      reason = tmp == null ? e.getMessage() : e.getMessage().replace(tmp.toString(), target.toString());
    } else {
      reason = e.getClass().getSimpleName();
    }
    return new IOException("cannot write " + target + ": " + reason, e);
  }

  /**
   * Buffered stream to the temporary file whose failures name the target; closing it only
   * flushes (the writer forces and closes the file itself).
   */
  private static final class TargetStream extends OutputStream {
    private final OutputStream out;
    private final Path target;

    TargetStream(OutputStream raw, Path target) {
      this.out = new BufferedOutputStream(raw, BUFFER_BYTES);
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }

    private IOException named(IOException e) {
      return new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
