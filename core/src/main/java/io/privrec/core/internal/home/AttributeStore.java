package io.privrec.core.internal.home;

import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.internal.storage.FramedLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Customer attributes (e.g. region, age band) of a home: a checksummed snapshot ({@value
 * #SNAPSHOT}) plus an append-only log ({@value #LOG}) of changes, each forced before it is
 * acknowledged. Erasure removes a customer's attributes in memory and {@link #compact()} rewrites
 * the snapshot without them and empties the log.
 *
 * <p>Not thread-safe: the home serialises calls.
 */
public final class AttributeStore implements Closeable {
  static final String SNAPSHOT = "attributes.snapshot";
  static final String LOG = "attributes.log";
  private static final int LOG_MAGIC = 0x50524154; // "PRAT"
  private static final int SNAPSHOT_MAGIC = 0x50524153; // "PRAS"

  private final Path directory;
  private final Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
  private FramedLog log;
  private long sequence; // changes ever applied
  private long snapshotSequence;

  private AttributeStore(Path directory) {
    this.directory = directory;
  }

  /** Opens the store in {@code directory}, reading the snapshot and replaying the log. */
  public static AttributeStore open(Path directory) throws IOException {
    AttributeStore store = new AttributeStore(directory);
    Path snapshot = directory.resolve(SNAPSHOT);
    if (Files.exists(snapshot)) {
      store.readSnapshot(snapshot);
    }
    store.log = FramedLog.open(directory.resolve(LOG), LOG_MAGIC, "attribute log", (payload, offset) -> {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
      long s = in.readLong();
      String customer = EventStore.readString(in);
      int n = in.readInt();
      Map<String, String> values = new TreeMap<>();
      for (int j = 0; j < n; j++) {
        values.put(EventStore.readString(in), EventStore.readString(in));
      }
      if (s > store.snapshotSequence) {
        store.put(customer, values);
      }
      store.sequence = Math.max(store.sequence, s);
    });
    if (store.log.baseSequence() > store.snapshotSequence) {
      store.log.close();
      throw new IllegalStateException("attribute log " + directory.resolve(LOG) + " was compacted at change "
          + store.log.baseSequence() + " but the snapshot " + snapshot + " is missing or older");
    }
    return store;
  }

  private void put(String customer, Map<String, String> values) {
    if (values.isEmpty()) {
      attributes.remove(customer);
    } else {
      attributes.put(customer, Map.copyOf(values));
    }
  }

  /** Replaces a customer's attributes durably (an empty map removes them). */
  public void set(String customerId, Map<String, String> values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(sequence + 1);
    EventStore.writeString(out, customerId);
    Map<String, String> sorted = new TreeMap<>(values);
    out.writeInt(sorted.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      EventStore.writeString(out, e.getKey());
      EventStore.writeString(out, e.getValue());
    }
    out.flush();
    log.append(bytes.toByteArray());
    sequence++;
    put(customerId, sorted);
  }

  /** A customer's attributes (empty if none). */
  public Map<String, String> get(String customerId) {
    return attributes.getOrDefault(customerId, Map.of());
  }

  /** Every customer's attributes (unmodifiable view; the caller holds the home's lock). */
  public Map<String, Map<String, String>> all() {
    return java.util.Collections.unmodifiableMap(attributes);
  }

  /** Removes customers' attributes in memory; returns whether any were held (then compact). */
  public boolean remove(Collection<String> customerIds) {
    boolean any = false;
    for (String id : customerIds) {
      any |= attributes.remove(id) != null;
    }
    return any;
  }

  /** Rewrites the snapshot from memory and empties the log. */
  public void compact() throws IOException {
    long covered = sequence;
    DurableFiles.writeAtomically(directory.resolve(SNAPSHOT), raw -> {
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
      out.writeInt(SNAPSHOT_MAGIC);
      out.writeLong(covered);
      out.writeInt(attributes.size());
      for (Map.Entry<String, Map<String, String>> c : attributes.entrySet()) {
        EventStore.writeString(out, c.getKey());
        Map<String, String> sorted = new TreeMap<>(c.getValue());
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
          EventStore.writeString(out, e.getKey());
          EventStore.writeString(out, e.getValue());
        }
      }
      out.flush();
      new DataOutputStream(raw).writeInt((int) crc.getValue());
    });
    log.clear(covered);
    snapshotSequence = covered;
  }

  private void readSnapshot(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32C crc = new CRC32C();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      if (in.readInt() != SNAPSHOT_MAGIC) {
        throw new IllegalStateException("attribute snapshot " + file + " is corrupt: bad magic");
      }
      snapshotSequence = in.readLong();
      sequence = snapshotSequence;
      int n = in.readInt();
      if (n < 0) {
        throw new IllegalStateException("attribute snapshot " + file + " is corrupt: negative count");
      }
      for (int c = 0; c < n; c++) {
        String customer = EventStore.readString(in);
        int m = in.readInt();
        Map<String, String> values = new TreeMap<>();
        for (int j = 0; j < m; j++) {
          values.put(EventStore.readString(in), EventStore.readString(in));
        }
        put(customer, values);
      }
      int computed = (int) crc.getValue();
      if (new DataInputStream(raw).readInt() != computed) {
        throw new IllegalStateException("attribute snapshot " + file + " is corrupt: checksum mismatch");
      }
    } catch (EOFException e) {
      throw new IllegalStateException("attribute snapshot " + file + " is corrupt: truncated", e);
    }
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
