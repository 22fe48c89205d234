package io.privrec.core.privacy.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * An append-only file of framed records, each forced to the device before {@link #append}
 * returns.
 *
 * <h2>Format</h2>
 * An 8-byte file header ({@code "PRCL"}, int version 1), then records:
 * <pre>
 *   int length        payload bytes, 1 … 1 MiB
 *   int payloadCrc    CRC32C of the payload
 *   int headerCrc     CRC32C of the 8 bytes above (so a damaged length is detected, not trusted)
 *   byte[length]      payload
 * </pre>
 * All ints are big-endian.
 *
 * <h2>Recovery</h2>
 * A crash mid-append leaves a <em>torn</em> final record: fewer than 12 header bytes, a valid
 * header whose payload runs past the end of the file, a payload CRC mismatch in the record that
 * ends the file, or a damaged header followed only by zero bytes (space allocated but never
 * written). Such a tail was never acknowledged; {@link #open} cuts it off. Any other damage is
 * corruption and fails with {@link IllegalStateException} naming the file and offset: silently
 * dropping it could lose acknowledged records.
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
final class ChangeLog implements Closeable {
  static final int FILE_HEADER = 8;
  static final int RECORD_HEADER = 12;
  static final int MAX_PAYLOAD = 1 << 20;
  private static final int MAGIC = 0x5052434c; // "PRCL"
  private static final int VERSION = 1;

  /** Receives each intact record's payload during {@link #open}. */
  @FunctionalInterface
  interface Replay {
    /**
     * @param payload the record's bytes
     * @param offset the record's position in the file (for messages)
     * @throws IOException if the payload is malformed (treated as corruption)
     */
    void record(byte[] payload, long offset) throws IOException;
  }

  private final Path path;
  private final FileChannel channel;
  private long end;
  private int records;

  private ChangeLog(Path path, FileChannel channel, long end, int records) {
    this.path = path;
    this.channel = channel;
    this.end = end;
    this.records = records;
  }

  /**
   * Opens (creating if needed) the log at {@code path}, replays its intact records in order and
   * cuts off a torn tail.
   *
   * @throws IllegalStateException if the file is corrupt or a record is malformed
   * @throws IOException on I/O failure
   */
  static ChangeLog open(Path path, Replay replay) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      if (size < FILE_HEADER) {
        // New file, or a crash while creating it: nothing was ever acknowledged in it.
        writeFileHeader(ch);
        return new ChangeLog(path, ch, FILE_HEADER, 0);
      }
      ByteBuffer fileHeader = readFully(ch, 0, FILE_HEADER);
      int magic = fileHeader.getInt();
      int version = fileHeader.getInt();
      if (magic != MAGIC || version != VERSION) {
        throw corrupt(path, 0, "not a consent change log (bad magic or version " + version + ")");
      }
      long pos = FILE_HEADER;
      int count = 0;
      CRC32C crc = new CRC32C();
      while (pos < size) {
        if (size - pos < RECORD_HEADER) {
          break; // torn: header incomplete
        }
        ByteBuffer header = readFully(ch, pos, RECORD_HEADER);
        int length = header.getInt();
        int payloadCrc = header.getInt();
        int headerCrc = header.getInt();
        crc.reset();
        crc.update(header.array(), 0, 8);
        if ((int) crc.getValue() != headerCrc || length < 1 || length > MAX_PAYLOAD) {
          if (zeroesFrom(ch, pos, size)) {
            break; // torn: allocated, never written
          }
          throw corrupt(path, pos, "damaged record header");
        }
        long recordEnd = pos + RECORD_HEADER + length;
        if (recordEnd > size) {
          break; // torn: payload incomplete
        }
        ByteBuffer payload = readFully(ch, pos + RECORD_HEADER, length);
        crc.reset();
        crc.update(payload.array(), 0, length);
        if ((int) crc.getValue() != payloadCrc) {
          if (recordEnd == size) {
            break; // torn: last record's payload only partly reached the disk
          }
          throw corrupt(path, pos, "record payload checksum mismatch");
        }
        try {
          replay.record(payload.array(), pos);
        } catch (IOException | IllegalArgumentException e) {
          throw corrupt(path, pos, e.getMessage());
        }
        count++;
        pos = recordEnd;
      }
      if (pos < size) {
        ch.truncate(pos);
        ch.force(true);
      }
      return new ChangeLog(path, ch, pos, count);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void writeFileHeader(FileChannel ch) throws IOException {
    ch.truncate(0);
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putInt(VERSION).flip();
    writeFully(ch, b, 0);
    ch.force(true);
  }

  /**
   * Appends one record and forces it to the device; on return the record survives a crash.
   *
   * @throws IOException if writing or forcing fails; the log is then rolled back to its previous
   *     end if possible
   */
  void append(byte[] payload) throws IOException {
    if (payload.length < 1 || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("record payload must be 1 to " + MAX_PAYLOAD + " bytes. Provided length: " + payload.length);
    }
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + payload.length);
    b.putInt(payload.length).putInt((int) crc.getValue());
    crc.reset();
    crc.update(b.array(), 0, 8);
    b.putInt((int) crc.getValue()).put(payload).flip();
    try {
      writeFully(channel, b, end);
      // fdatasync: also persists the new file length, which reading the record back needs.
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(end);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    end += b.limit();
    records++;
  }

  /** Empties the log (after a snapshot made its records redundant) and forces the change. */
  void clear() throws IOException {
    channel.truncate(FILE_HEADER);
    channel.force(true);
    end = FILE_HEADER;
    records = 0;
  }

  /** Number of records in the log. */
  int records() {
    return records;
  }

  /** The log file. */
  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static boolean zeroesFrom(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8192);
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

  static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    long pos = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of file at offset " + pos);
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

  static IllegalStateException corrupt(Path path, long offset, String what) {
    return new IllegalStateException("consent change log " + path + " is corrupt at offset " + offset + ": " + what);
  }
}
