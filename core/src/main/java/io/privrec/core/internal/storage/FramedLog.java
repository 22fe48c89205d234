package io.privrec.core.internal.storage;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * An append-only file of checksummed records; each {@link #append} or {@link #appendAll} is
 * forced to the storage device before it returns, so an acknowledged record survives a crash
 * (process kill, power loss with honest disks).
 *
 * <h2>Format (version 2), big-endian</h2>
 * A 20-byte file header, then records:
 * <pre>
 *   file header   int magic           chosen by the owner (which kind of log this is)
 *                 int version         2
 *                 long baseSequence   see {@link #clear(long)}; 0 for a new log
 *                 int headerCrc       CRC32C of the 16 bytes above
 *   record        int length          payload bytes, 1 … {@link #MAX_PAYLOAD}; the top bit is
 *                                     set on every record of an {@link #appendAll} batch but its
 *                                     last ("the batch continues")
 *                 int payloadCrc      CRC32C of the payload
 *                 int headerCrc       CRC32C of the 8 bytes above (a damaged length is detected,
 *                                     not trusted)
 *                 byte[length]        payload
 * </pre>
 *
 * <h2>Recovery</h2>
 * A crash during a write leaves a <em>torn</em> tail: fewer than 12 record-header bytes, a valid
 * header whose payload runs past the end of the file, a payload checksum mismatch in the record
 * that ends the file, a damaged header followed only by zero bytes (space allocated but never
 * written), or a batch whose last record is missing. Such a tail was never acknowledged: {@link
 * #open} cuts it off, at the start of its batch, so a batch is replayed entirely or not at all.
 * The cut bytes are first kept in a sibling file {@code <log name>.torn-<offset>} (permissions
 * 0600; {@code -2}, {@code -3}, … appended if that name is taken), a WARNING naming both files
 * is logged through {@link System.Logger}, and {@link #tornTail()} returns the file. A tail of
 * zero bytes only is cut without being kept. Kept tails may contain personal data: an owner that
 * erases data must delete them too ({@link #tornTailFiles}). Any other damage is corruption:
 * {@link #open} fails with an {@link IllegalStateException} naming the log's description, file and
 * offset, because dropping it could lose acknowledged records.
 *
 * <h2>Write failures</h2>
 * If writing or forcing fails (disk full, file size limit, device error, read-only file system)
 * the file is truncated back to its previous end and the exception rethrown: nothing of the failed
 * call is acknowledged and the log remains usable in its previous state. If even the truncation
 * fails, the next write first retries it (reopening the file if an interrupt closed the channel).
 *
 * <h2>Thread-safety</h2>
 * Thread-safe: every method synchronizes on the log, so writes are serialised (group commit is
 * the caller's business: collect records, then one {@link #appendAll}).
 */
public final class FramedLog implements Closeable {
  /** The on-disk format version this class reads and writes. */
  public static final int FORMAT_VERSION = 2;
  /** Bytes of the file header (an empty log's size). */
  public static final int FILE_HEADER = 20;
  /** Bytes of framing before each payload. */
  public static final int RECORD_HEADER = 12;
  /** Largest payload of one record: 16 MiB. */
  public static final int MAX_PAYLOAD = 1 << 24;
  /** Largest total (framing included) of one {@link #appendAll} batch: 1 GiB. */
  public static final int MAX_BATCH_BYTES = 1 << 30;
  /** Infix of the files torn tails are kept in: {@code <log name>.torn-<offset>}. */
  public static final String TORN_INFIX = ".torn-";

  private static final int CONTINUES = 0x8000_0000;
  private static final int WRITE_CHUNK = 1 << 20;
  private static final System.Logger LOGGER = System.getLogger(FramedLog.class.getName());

  /**
   * Receives the log's contents during {@link #open}: first {@link #start}, then every intact
   * record in order.
   */
  @FunctionalInterface
  public interface Replay {
    /**
     * Receives one intact record. Records of a batch are delivered only once the whole batch was
     * found intact.
     *
     * @param payload the record's bytes (owned by the callee)
     * @param offset the record's position in the file, {@code >= FILE_HEADER} (for messages)
     * @throws IOException if the payload is malformed: {@link #open} then fails with an {@link
     *     IllegalStateException} reporting corruption at {@code offset} (as it does for an {@link
     *     IllegalArgumentException}); other runtime exceptions pass through unchanged
     */
    void record(byte[] payload, long offset) throws IOException;

    /**
     * Called once, before any record, with the header's base sequence (0 for a new or never
     * cleared log). An owner checks here that the snapshot the log continues from exists (see
     * {@link FramedLog#clear(long)}). Does nothing by default.
     *
     * @param baseSequence the base sequence, {@code >= 0}
     * @throws IOException to abort {@link #open} (passed on unchanged, as are runtime exceptions)
     */
    default void start(long baseSequence) throws IOException {}
  }

  private final Path path;
  private final int magic;
  private final String description;
  private final Optional<Path> tornTail;
  private FileChannel channel;
  private long end;
  private int records;
  private long baseSequence;
  /** A write failed and its rollback failed too: resynchronise before the next write. */
  private boolean dirty;
  private boolean closed;

  private FramedLog(Path path, int magic, String description, FileChannel channel, long end, int records,
      long baseSequence, Optional<Path> tornTail) {
    this.path = path;
    this.magic = magic;
    this.description = description;
    this.channel = channel;
    this.end = end;
    this.records = records;
    this.baseSequence = baseSequence;
    this.tornTail = tornTail;
  }

  /**
   * Opens the log at {@code path}, creating it if missing (permissions 0600 on POSIX file
   * systems, the directory entry forced to the device), replays its intact records to {@code
   * replay} and cuts off a torn tail (kept aside, see the class description).
   *
   * @param path the log file; its directory must exist
   * @param magic the number identifying this kind of log in the file header (any value; a file
   *     with another magic number is refused)
   * @param description what the log is, for messages, e.g. {@code "interaction log"}; non-blank
   * @param replay receives the base sequence and the records
   * @return the open log, positioned after its last intact record
   * @throws IllegalStateException naming {@code description}, the file and the offset if the file
   *     is not such a log, has another format version, or is corrupt (including a record {@code
   *     replay} rejects)
   * @throws IOException on I/O failure (the message names the file)
   * @throws IllegalArgumentException if {@code description} is blank
   * @throws NullPointerException if an argument is null
   */
  public static FramedLog open(Path path, int magic, String description, Replay replay) throws IOException {
    requireNonNull(path, "path");
    CorePreconditions.checkNotBlank("description", description);
    requireNonNull(replay, "replay");
    Path dir = path.toAbsolutePath().getParent();
    FileChannel ch = openChannel(path, dir, description);
    try {
      long size = ch.size();
      if (size < FILE_HEADER) {
        checkShortFile(ch, size, path, magic, description);
        // New, or a crash while it was being created: nothing was ever acknowledged in it.
        writeFully(ch, header(magic, 0), 0);
        ch.truncate(FILE_HEADER);
        ch.force(true);
        DurableFiles.forceDirectory(dir);
        replay.start(0);
        return new FramedLog(path, magic, description, ch, FILE_HEADER, 0, 0, Optional.empty());
      }
      long base = readHeader(ch, path, magic, description);
      replay.start(base);
      Recovery r = recover(ch, size, path, description, replay);
      Optional<Path> kept = Optional.empty();
      if (r.cut < size) {
        if (!zeroesFrom(ch, r.cut, size)) {
          kept = Optional.of(keepTail(ch, path, r.cut, size));
          LOGGER.log(System.Logger.Level.WARNING, description + " " + path + ": cut off an incomplete final write of "
              + (size - r.cut) + " bytes at offset " + r.cut + " (interrupted by a crash, never acknowledged); "
              + "the bytes are kept in " + kept.get());
        }
        ch.truncate(r.cut);
        ch.force(true);
      }
      return new FramedLog(path, magic, description, ch, r.cut, r.records, base, kept);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The files holding torn tails kept by {@link #open} for the log at {@code logPath} (siblings
   * named {@code <log name>.torn-*}), sorted by name; empty if there are none or the directory
   * does not exist.
   *
   * @param logPath the log file
   * @return the kept tails
   * @throws IOException if the directory cannot be listed
   * @throws NullPointerException if {@code logPath} is null
   */
  public static List<Path> tornTailFiles(Path logPath) throws IOException {
    requireNonNull(logPath, "logPath");
    Path absolute = logPath.toAbsolutePath();
    Path dir = absolute.getParent();
    List<Path> result = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return result;
    }
    String prefix = absolute.getFileName() + TORN_INFIX;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix) && !name.contains(DurableFiles.TEMPORARY_INFIX)) {
          result.add(f);
        }
      }
    }
    result.sort(null);
    return result;
  }

  /**
   * Appends one record and forces it to the device: on return it survives a crash.
   *
   * @param payload the record, 1 to {@link #MAX_PAYLOAD} bytes (copied)
   * @throws IllegalArgumentException if the payload is empty or too long
   * @throws IllegalStateException if the log is closed
   * @throws IOException if writing or forcing fails; the log is then as before the call
   * @throws NullPointerException if {@code payload} is null
   */
  public synchronized void append(byte[] payload) throws IOException {
    requireNonNull(payload, "payload");
    checkLength(payload.length, "payload");
    write(new byte[][] {payload});
  }

  /**
   * Appends {@code payloads} as one batch: one write and one force for all of them (group
   * commit). All or nothing: if the call fails, none of the records is in the log; after a crash
   * during the call, {@link #open} replays either all of them or none.
   *
   * @param payloads the records in order, each 1 to {@link #MAX_PAYLOAD} bytes, together with
   *     their framing at most {@link #MAX_BATCH_BYTES}; an empty list writes nothing
   * @throws IllegalArgumentException naming the position ({@code payloads[i]}) of an empty or too
   *     long payload, or if the batch is too large; nothing is written
   * @throws IllegalStateException if the log is closed
   * @throws IOException if writing or forcing fails; the log is then as before the call
   * @throws NullPointerException if the list or an element is null
   */
  public synchronized void appendAll(List<byte[]> payloads) throws IOException {
    requireNonNull(payloads, "payloads");
    byte[][] all = payloads.toArray(new byte[0][]);
    long total = 0;
    for (int i = 0; i < all.length; i++) {
      requireNonNull(all[i], "payloads[" + i + "]");
      checkLength(all[i].length, "payloads[" + i + "]");
      total += RECORD_HEADER + all[i].length;
    }
    if (total > MAX_BATCH_BYTES) {
      throw CorePreconditions.fail("payloads", "must total at most " + MAX_BATCH_BYTES + " bytes with their framing",
          total);
    }
    if (all.length > 0) {
      write(all);
    }
  }

  /**
   * Empties the log once a snapshot covering every record, up to sequence {@code baseSequence}
   * of the owner's numbering, is durable; records {@code baseSequence} in the header and forces
   * the change.
   *
   * <p>The base sequence lets the owner detect a lost snapshot: whenever {@link #baseSequence()}
   * {@code > 0}, a snapshot with {@code lastSequence >= baseSequence} must exist. A log compacted
   * to empty whose snapshot has gone missing would otherwise look like a new, empty store.
   *
   * <p>A crash during this call leaves either the old records (which the snapshot covers) or
   * none, under either base; both are consistent for an owner that skips records its snapshot
   * covers.
   *
   * @param baseSequence the last sequence the snapshot covers, {@code >= baseSequence()}
   * @throws IllegalArgumentException if {@code baseSequence} is below the current base
   * @throws IllegalStateException if the log is closed
   * @throws IOException if writing or forcing fails
   */
  public synchronized void clear(long baseSequence) throws IOException {
    if (baseSequence < this.baseSequence) {
      throw CorePreconditions.fail("baseSequence", "must be >= the current base " + this.baseSequence, baseSequence);
    }
    prepareWrite();
    try {
      writeFully(channel, header(magic, baseSequence), 0);
      channel.truncate(FILE_HEADER);
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      dirty = true; // resync reads back what the file now holds
      throw e;
    }
    end = FILE_HEADER;
    records = 0;
    this.baseSequence = baseSequence;
  }

  /**
   * The base sequence written by the last {@link #clear(long)}, {@code >= 0}; 0 if never cleared.
   * When it is {@code > 0}, a snapshot with {@code lastSequence >= baseSequence()} must exist: if
   * the owner finds none, its snapshot was lost and the store must not be opened as empty.
   */
  public synchronized long baseSequence() {
    return baseSequence;
  }

  /** The file a torn tail was kept in when this log was opened, if there was one. */
  public Optional<Path> tornTail() {
    return tornTail;
  }

  /** Number of records in the log (replayed plus appended since, minus cleared), {@code >= 0}. */
  public synchronized int records() {
    return records;
  }

  /** The log's size in bytes, header included, {@code >= FILE_HEADER}. */
  public synchronized long size() {
    return end;
  }

  /** The log file. */
  public Path path() {
    return path;
  }

  /** Closes the file. Idempotent; other methods except the getters then throw. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "FramedLog{" + description + ", " + path + "}";
  }

  private void write(byte[][] payloads) throws IOException {
    prepareWrite();
    long total = 0;
    for (byte[] p : payloads) {
      total += RECORD_HEADER + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate((int) total);
    CRC32C crc = new CRC32C();
    for (int i = 0; i < payloads.length; i++) {
      byte[] p = payloads[i];
      crc.reset();
      crc.update(p);
      int recordStart = b.position();
      b.putInt(i < payloads.length - 1 ? p.length | CONTINUES : p.length).putInt((int) crc.getValue());
      crc.reset();
      crc.update(b.array(), recordStart, 8);
      b.putInt((int) crc.getValue()).put(p);
    }
    b.flip();
    try {
      long pos = end;
      int limit = b.limit();
      while (b.position() < limit) {
        // Bounded writes: a heap buffer is copied to a temporary direct buffer of the write's size.
        b.limit(Math.min(limit, b.position() + WRITE_CHUNK));
        while (b.hasRemaining()) {
          pos += channel.write(b, pos);
        }
        b.limit(limit);
      }
      // fdatasync: also persists the new file length, which reading the records back needs.
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      try {
        channel.truncate(end);
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
        dirty = true;
      }
      throw e;
    }
    end += total;
    records += payloads.length;
  }

  /** Checks the log is open and, after a failure, brings the file and the fields back in line. */
  private void prepareWrite() throws IOException {
    if (closed) {
      throw new IllegalStateException(description + " " + path + " is closed");
    }
    if (!channel.isOpen()) {
      // An interrupt of a thread blocked in I/O closes a FileChannel: reopen it.
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      dirty = true;
    }
    if (!dirty) {
      return;
    }
    long size = channel.size();
    if (size < FILE_HEADER) {
      throw new IOException(description + " " + path + " cannot be written: it shrank to " + size
          + " bytes after a failed write; reopen it");
    }
    long base;
    try {
      base = readHeader(channel, path, magic, description);
    } catch (IllegalStateException e) {
      throw new IOException(description + " " + path + " cannot be written after a failed write: "
          + e.getMessage() + "; reopen it", e);
    }
    if (size > end) {
      channel.truncate(end); // remains of a failed append
    } else if (size < end) {
      if (size != FILE_HEADER) {
        throw new IOException(description + " " + path + " cannot be written: it holds " + size
            + " bytes where " + end + " were expected after a failed write; reopen it");
      }
      records = 0; // a failed clear() got as far as the truncation
      end = FILE_HEADER;
    }
    baseSequence = Math.max(baseSequence, base);
    dirty = false;
  }

  private static FileChannel openChannel(Path path, Path dir, String description) throws IOException {
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        try {
          return FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
              StandardOpenOption.WRITE), DurableFiles.privateFileAttributes(dir));
        } catch (FileAlreadyExistsException raced) {
          // Created meanwhile: open it as it is.
        }
      }
      return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("cannot open " + description + " " + path + ": " + e, e);
    }
  }

  /** Refuses a short file that is recognisably something else rather than re-initialising it. */
  private static void checkShortFile(FileChannel ch, long size, Path path, int magic, String description)
      throws IOException {
    if (size >= 4) {
      int m = readFully(ch, 0, 4).getInt();
      if (m != 0 && m != magic) {
        throw notThisKind(path, m, magic, description);
      }
      if (m == magic && size >= 8) {
        int version = readFully(ch, 4, 4).getInt();
        if (version != FORMAT_VERSION) {
          throw otherVersion(path, version, description);
        }
      }
    }
  }

  /** Verifies the file header; returns the base sequence. */
  private static long readHeader(FileChannel ch, Path path, int magic, String description) throws IOException {
    ByteBuffer h = readFully(ch, 0, FILE_HEADER);
    int m = h.getInt();
    int version = h.getInt();
    long base = h.getLong();
    int stored = h.getInt();
    if (m != magic) {
      throw notThisKind(path, m, magic, description);
    }
    if (version != FORMAT_VERSION) {
      throw otherVersion(path, version, description);
    }
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 16);
    if ((int) crc.getValue() != stored) {
      throw corrupt(description, path, 0, "damaged file header (checksum mismatch)");
    }
    if (base < 0) {
      throw corrupt(description, path, 8, "negative base sequence " + base);
    }
    return base;
  }

  private static ByteBuffer header(int magic, long baseSequence) {
    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).putInt(magic).putInt(FORMAT_VERSION).putLong(baseSequence);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 16);
    return h.putInt((int) crc.getValue()).flip();
  }

  /** Where recovery stopped: the end of the last complete batch, and the records before it. */
  private static final class Recovery {
    final long cut;
    final int records;

    Recovery(long cut, int records) {
      this.cut = cut;
      this.records = records;
    }
  }

  private static Recovery recover(FileChannel ch, long size, Path path, String description, Replay replay)
      throws IOException {
    long pos = FILE_HEADER;
    long batchStart = pos;
    int count = 0;
    List<byte[]> pending = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    CRC32C crc = new CRC32C();
    while (pos < size) {
      if (size - pos < RECORD_HEADER) {
        break; // torn: record header incomplete
      }
      ByteBuffer header = readFully(ch, pos, RECORD_HEADER);
      int rawLength = header.getInt();
      int payloadCrc = header.getInt();
      int headerCrc = header.getInt();
      int length = rawLength & ~CONTINUES;
      crc.reset();
      crc.update(header.array(), 0, 8);
      if ((int) crc.getValue() != headerCrc || length < 1 || length > MAX_PAYLOAD) {
        if (zeroesFrom(ch, pos, size)) {
          break; // torn: allocated, never written
        }
        throw corrupt(description, path, pos, "damaged record header");
      }
      long recordEnd = pos + RECORD_HEADER + length;
      if (recordEnd > size) {
        break; // torn: payload incomplete
      }
      byte[] payload = readFully(ch, pos + RECORD_HEADER, length).array();
      crc.reset();
      crc.update(payload, 0, length);
      if ((int) crc.getValue() != payloadCrc) {
        if (recordEnd == size || zeroesFrom(ch, recordEnd, size)) {
          break; // torn: the final record's payload only partly reached the disk
        }
        throw corrupt(description, path, pos, "record payload checksum mismatch");
      }
      pending.add(payload);
      offsets.add(pos);
      pos = recordEnd;
      if ((rawLength & CONTINUES) == 0) {
        for (int i = 0; i < pending.size(); i++) {
          try {
            replay.record(pending.get(i), offsets.get(i));
          } catch (IOException | IllegalArgumentException e) {
            throw corrupt(description, path, offsets.get(i), e.getMessage());
          }
        }
        count += pending.size();
        pending.clear();
        offsets.clear();
        batchStart = pos;
      }
    }
    // Anything after the last complete batch (a torn record, or a batch without its last record)
    // was never acknowledged.
    return new Recovery(batchStart, count);
  }

  private static Path keepTail(FileChannel ch, Path path, long from, long size) throws IOException {
    String name = path.getFileName() + TORN_INFIX + from;
    Path target = path.resolveSibling(name);
    for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
      target = path.resolveSibling(name + "-" + n);
    }
    DurableFiles.writeAtomically(target, out -> {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      long pos = from;
      while (pos < size) {
        b.clear();
        b.limit((int) Math.min(b.capacity(), size - pos));
        int n = ch.read(b, pos);
        if (n < 0) {
          throw new EOFException("unexpected end of " + path + " at offset " + pos);
        }
        out.write(b.array(), 0, n);
        pos += n;
      }
    });
    return target;
  }

  private static void checkLength(int length, String name) {
    if (length < 1 || length > MAX_PAYLOAD) {
      throw CorePreconditions.failLength(name, "must be 1 to " + MAX_PAYLOAD + " bytes long", length);
    }
  }

  private static boolean zeroesFrom(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1 << 13);
    long pos = from;
    while (pos < size) {
      b.clear();
      int n = ch.read(b, pos);
      if (n < 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      pos += n;
    }
    return true;
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    long pos = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new EOFException("unexpected end of file at offset " + pos);
      }
      pos += n;
    }
    return b.flip();
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  private static IllegalStateException notThisKind(Path path, int found, int expected, String description) {
    return new IllegalStateException(path + " is not a " + description + " (magic number "
        + String.format(Locale.ROOT, "0x%08x, expected 0x%08x)", found, expected));
  }

  private static IllegalStateException otherVersion(Path path, int version, String description) {
    return new IllegalStateException(description + " " + path + " has format version " + version
        + "; this library reads version " + FORMAT_VERSION + " only");
  }

  private static IllegalStateException corrupt(String description, Path path, long offset, String what) {
    return new IllegalStateException(description + " " + path + " is corrupt at offset " + offset + ": " + what);
  }
}
