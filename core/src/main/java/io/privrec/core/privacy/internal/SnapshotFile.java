package io.privrec.core.privacy.internal;

import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ErasureProof;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The register's snapshot file, replaced with {@link DurableFiles#writeAtomically} (temporary
 * file, forced, atomically renamed over the previous snapshot, directory forced), so a crash
 * leaves either the old or the new snapshot, never a mix.
 *
 * <h2>Format</h2>
 * {@code "PRCS"}, int version 1, long last sequence, int customer count, per customer an int event
 * count and the events ({@link RecordCodec}), int proof count and the proofs, then an int CRC32C of
 * every preceding byte. Big-endian.
 */
final class SnapshotFile {
  private static final int MAGIC = 0x50524353; // "PRCS"
  private static final int VERSION = 1;

  private SnapshotFile() {}

  /** What a snapshot holds. */
  record Contents(long lastSequence, List<List<ConsentEvent>> histories, List<ErasureProof> proofs) {}

  /**
   * Writes a snapshot of {@code histories} and {@code proofs} as of {@code lastSequence} to
   * {@code target}, atomically and durably (permissions 0600).
   *
   * @throws IOException if writing fails; {@code target} is then unchanged
   */
  static void write(Path target, long lastSequence, Collection<List<ConsentEvent>> histories, List<ErasureProof> proofs)
      throws IOException {
    DurableFiles.writeAtomically(target, raw -> {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(lastSequence);
      out.writeInt(histories.size());
      for (List<ConsentEvent> history : histories) {
        out.writeInt(history.size());
        for (ConsentEvent e : history) {
          RecordCodec.write(out, e);
        }
      }
      out.writeInt(proofs.size());
      for (ErasureProof p : proofs) {
        RecordCodec.write(out, p);
      }
      out.flush();
      new DataOutputStream(raw).writeInt((int) crc.getValue());
    });
  }

  /**
   * Reads and verifies a snapshot.
   *
   * @throws IllegalStateException naming the file if it is truncated, malformed or fails its
   *     checksum
   */
  static Contents read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32C crc = new CRC32C();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      try {
        int magic = in.readInt();
        int version = in.readInt();
        if (magic != MAGIC || version != VERSION) {
          throw corrupt(file, "not a consent snapshot (bad magic or version " + version + ")");
        }
        long lastSequence = in.readLong();
        int nCustomers = checkCount(file, in.readInt(), "customer count");
        List<List<ConsentEvent>> histories = new ArrayList<>(Math.min(nCustomers, 1 << 16));
        for (int c = 0; c < nCustomers; c++) {
          int n = checkCount(file, in.readInt(), "history length");
          List<ConsentEvent> history = new ArrayList<>(Math.min(n, 1 << 10));
          for (int i = 0; i < n; i++) {
            if (!(RecordCodec.read(in) instanceof ConsentEvent e)) {
              throw corrupt(file, "an erasure record where a decision was expected");
            }
            history.add(e);
          }
          histories.add(history);
        }
        int nProofs = checkCount(file, in.readInt(), "proof count");
        List<ErasureProof> proofs = new ArrayList<>(Math.min(nProofs, 1 << 16));
        for (int i = 0; i < nProofs; i++) {
          if (!(RecordCodec.read(in) instanceof ErasureProof p)) {
            throw corrupt(file, "a decision record where an erasure proof was expected");
          }
          proofs.add(p);
        }
        int computed = (int) crc.getValue();
        int stored = new DataInputStream(raw).readInt();
        if (stored != computed) {
          throw corrupt(file, String.format("checksum mismatch (stored %08x, computed %08x)", stored, computed));
        }
        if (raw.read() != -1) {
          throw corrupt(file, "unexpected bytes after the checksum");
        }
        return new Contents(lastSequence, histories, proofs);
      } catch (EOFException e) {
        throw corrupt(file, "truncated");
      } catch (IOException e) {
        // Decoding errors before the checksum is reached are corruption too.
        throw corrupt(file, e.getMessage());
      }
    }
  }

  private static int checkCount(Path file, int n, String what) {
    if (n < 0) {
      throw corrupt(file, what + " is negative: " + n);
    }
    return n;
  }

  private static IllegalStateException corrupt(Path file, String what) {
    return new IllegalStateException("consent snapshot " + file + " is corrupt: " + what);
  }
}
