package io.privrec.core.privacy.internal;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ConsentStatus;
import io.privrec.core.privacy.ErasureProof;
import io.privrec.core.privacy.Purpose;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Binary form of register changes, shared by the change log and snapshots.
 *
 * <p>A change is a tag byte ({@code 1} decision, {@code 2} erasure) followed by its fields;
 * strings are an int byte length and UTF-8 bytes, instants an epoch-second long and a nano int,
 * enums their textual keys (so reordering enum constants never changes meaning).
 */
final class RecordCodec {
  static final byte DECISION = 1;
  static final byte ERASURE = 2;
  /** Upper bound on a string's UTF-8 length (1024 chars × at most 3 bytes per UTF-16 unit). */
  private static final int MAX_STRING_BYTES = 3 * CorePreconditions.MAX_TEXT_LENGTH;

  private RecordCodec() {}

  static byte[] encode(ConsentEvent event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 2 * event.customerId().length() + 2 * event.source().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] encode(ErasureProof proof) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(192);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, proof);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void write(DataOutput out, ConsentEvent e) throws IOException {
    out.writeByte(DECISION);
    out.writeLong(e.sequence());
    writeString(out, e.customerId());
    writeString(out, e.purpose().key());
    writeString(out, e.status().key());
    writeInstant(out, e.at());
    writeString(out, e.source());
  }

  static void write(DataOutput out, ErasureProof p) throws IOException {
    out.writeByte(ERASURE);
    out.writeLong(p.sequence());
    writeString(out, p.pseudonym());
    writeString(out, p.keyId());
    writeInstant(out, p.at());
    writeString(out, p.reason());
  }

  /**
   * Reads one change: a {@link ConsentEvent} or an {@link ErasureProof}.
   *
   * @throws IOException on a malformed record (unknown tag, bad length, invalid field)
   */
  static Object read(DataInput in) throws IOException {
    byte tag = in.readByte();
    try {
      switch (tag) {
        case DECISION:
          return new ConsentEvent(in.readLong(), readString(in), Purpose.parse(readString(in)),
              ConsentStatus.parse(readString(in)), readInstant(in), readString(in));
        case ERASURE:
          return new ErasureProof(in.readLong(), readString(in), readString(in), readInstant(in), readString(in));
        default:
          throw new IOException("unknown record tag " + tag);
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IOException("invalid record: " + e.getMessage(), e);
    }
  }

  private static void writeString(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING_BYTES) {
      throw new IOException("string length out of range [0, " + MAX_STRING_BYTES + "]: " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeInstant(DataOutput out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInput in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
