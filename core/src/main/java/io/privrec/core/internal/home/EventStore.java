package io.privrec.core.internal.home;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.storage.DurableFiles;
import io.privrec.core.internal.storage.FramedLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A home's interaction events: held in memory as primitive columns and made durable as a snapshot
 * ({@value #SNAPSHOT}) plus an append-only log ({@value #LOG}) of event batches.
 *
 * <p>Every event has a sequence number, increasing in the order events were acknowledged; a model
 * version remembers the sequence up to which it saw the data. Erasure removes a customer's events
 * from memory and {@link #compact compaction} rewrites the snapshot without them and empties the
 * log, so they leave the disk.
 *
 * <p>Not thread-safe: the home serialises writers; readers use {@link #view()}, an immutable view
 * of the columns at one point (appends never change what an existing view sees; compaction builds
 * new columns).
 */
public final class EventStore implements Closeable {
  static final String SNAPSHOT = "events.snapshot";
  static final String LOG = "events.log";
  private static final int LOG_MAGIC = 0x5052454c; // "PREL"
  private static final int SNAPSHOT_MAGIC = 0x50524553; // "PRES"
  private static final int SNAPSHOT_VERSION = 1;

  private final Path directory;
  private FramedLog log;
  private final Map<String, Integer> customerIndex = new HashMap<>();
  private final List<String> customers = new ArrayList<>(); // null: erased slot
  private final Map<String, Integer> itemIndex = new HashMap<>();
  private final List<String> items = new ArrayList<>();
  private int[] cust = new int[1024];
  private int[] item = new int[1024];
  private float[] weight = new float[1024];
  private long[] time = new long[1024];
  private long[] seq = new long[1024];
  private int size;
  /** Per event, the next event of the same customer (-1: none); per customer, her first/last. */
  private int[] next = new int[1024];
  private int[] firstOf = new int[64];
  private int[] lastOf = new int[64];
  private long nextSequence = 1;
  /** The log held records the snapshot already covers (see {@link #staleLog()}). */
  private boolean staleLog;
  /** Changes whenever item indices are renumbered (compaction). */
  private int generation;
  private long snapshotSequence;

  /**
   * A customer's whole profile: per item she touched (ascending store item index), the sum of
   * her events' weights in event order, exactly as {@link InteractionMatrix.Builder} sums them
   * under {@link DuplicatePolicy#SUM}. Sums may be non-positive (returns); a reader drops those, as
   * the builder does. {@code generation} is the store's at computation: item indices are only
   * comparable within one generation.
   */
  public record Profile(String[] items, float[] weights, int[] itemIndex, int generation) {}

  /** One event to append: ids, weight and epoch-second time. */
  public record Event(String customerId, String itemId, float weight, long epochSecond) {}

  /** The columns as of one moment; never changed afterwards. */
  public record View(String[] customers, String[] items, int[] cust, int[] item, float[] weight, long[] time,
      long[] seq, int size, long nextSequence) {}

  private EventStore(Path directory) {
    this.directory = directory;
    Arrays.fill(firstOf, -1);
  }

  /**
   * Opens the store in {@code directory}, reading the snapshot and replaying the log; events of
   * customers {@code erased} accepts are dropped (and the caller then compacts).
   *
   * @throws IllegalStateException naming the file (and offset) if a file is corrupt, or if the log
   *     was compacted but its snapshot is missing
   */
  public static EventStore open(Path directory) throws IOException {
    EventStore store = new EventStore(directory);
    Path snapshot = directory.resolve(SNAPSHOT);
    if (Files.exists(snapshot)) {
      store.readSnapshot(snapshot);
    }
    store.log = FramedLog.open(directory.resolve(LOG), LOG_MAGIC, "interaction log", (payload, offset) ->
        store.replay(payload));
    if (store.log.baseSequence() > store.snapshotSequence) {
      store.log.close();
      throw new IllegalStateException("interaction log " + directory.resolve(LOG) + " was compacted at sequence "
          + store.log.baseSequence() + " but the snapshot " + snapshot + (Files.exists(snapshot)
          ? " only covers sequence " + store.snapshotSequence : " is missing")
          + "; refusing to open it as if those events never existed");
    }
    return store;
  }

  /**
   * True if opening found log records the snapshot already covers (a crash between writing a
   * snapshot and emptying the log): the owner must {@link #compact()} so they leave the disk.
   */
  public boolean staleLog() {
    return staleLog;
  }

  /** The file the log's torn tail was kept in when it was opened, if any. */
  public java.util.Optional<Path> tornTail() {
    return log.tornTail();
  }

  private void replay(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
    long first = in.readLong();
    int n = in.readInt();
    if (n < 1) {
      throw new IOException("event batch of " + n + " events");
    }
    for (int j = 0; j < n; j++) {
      String c = readString(in);
      String i = readString(in);
      float w = in.readFloat();
      long t = in.readLong();
      long s = first + j;
      if (s <= snapshotSequence) {
        // Already in the snapshot: a crash came between the snapshot and the log's truncation. The
        // record may hold an erased customer's event, so the owner compacts (staleLog()).
        staleLog = true;
        continue;
      }
      add(c, i, w, t, s);
    }
    nextSequence = Math.max(nextSequence, first + n);
  }

  /**
   * Appends events durably (one forced write for the whole list) and then adds them in memory.
   * All or nothing: on failure nothing is added and the log is as before.
   *
   * @return the sequence number of the first event
   */
  public long append(List<Event> events) throws IOException {
    long first = nextSequence;
    appendGroups(List.of(events));
    return first;
  }

  /** Appends several already grouped batches in one forced write (group commit). */
  public void appendGroups(List<List<Event>> groups) throws IOException {
    List<byte[]> payloads = new ArrayList<>(groups.size());
    long first = nextSequence;
    for (List<Event> events : groups) {
      payloads.add(encodeBatch(first, events.size(), j -> events.get(j)));
      first += events.size();
    }
    log.appendAll(payloads);
    long s = nextSequence;
    for (List<Event> events : groups) {
      for (Event e : events) {
        add(e.customerId(), e.itemId(), e.weight(), e.epochSecond(), s++);
      }
    }
    nextSequence = s;
  }

  /** One log record: the first sequence, the count, then each event (read back by {@code replay}). */
  private static byte[] encodeBatch(long first, int n, java.util.function.IntFunction<Event> event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 48 * n);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(first);
    out.writeInt(n);
    for (int j = 0; j < n; j++) {
      Event e = event.apply(j);
      writeString(out, e.customerId());
      writeString(out, e.itemId());
      out.writeFloat(e.weight());
      out.writeLong(e.epochSecond());
    }
    out.flush();
    return bytes.toByteArray();
  }

  private void add(String c, String i, float w, long t, long s) {
    Integer cu = customerIndex.get(c);
    if (cu == null) {
      cu = customers.size();
      customers.add(c);
      customerIndex.put(c, cu);
    }
    Integer it = itemIndex.get(i);
    if (it == null) {
      it = items.size();
      items.add(i);
      itemIndex.put(i, it);
    }
    if (size == cust.length) {
      int cap = size + (size >> 1);
      cust = Arrays.copyOf(cust, cap);
      item = Arrays.copyOf(item, cap);
      weight = Arrays.copyOf(weight, cap);
      time = Arrays.copyOf(time, cap);
      seq = Arrays.copyOf(seq, cap);
    }
    cust[size] = cu;
    item[size] = it;
    weight[size] = w;
    time[size] = t;
    seq[size] = s;
    link(size);
    size++;
  }

  private void link(int e) {
    if (e >= next.length) {
      next = Arrays.copyOf(next, Math.max(e + 1, next.length + (next.length >> 1)));
    }
    int c = cust[e];
    if (c >= firstOf.length) {
      int cap = Math.max(c + 1, firstOf.length * 2);
      int old = firstOf.length;
      firstOf = Arrays.copyOf(firstOf, cap);
      lastOf = Arrays.copyOf(lastOf, cap);
      Arrays.fill(firstOf, old, cap, -1);
    }
    next[e] = -1;
    if (firstOf[c] < 0) {
      firstOf[c] = e;
    } else {
      next[lastOf[c]] = e;
    }
    lastOf[c] = e;
  }

  /** Rebuilds the per-customer links after the columns were rewritten. */
  private void relink() {
    next = new int[Math.max(16, size)];
    firstOf = new int[Math.max(64, customers.size())];
    lastOf = new int[firstOf.length];
    Arrays.fill(firstOf, -1);
    for (int e = 0; e < size; e++) {
      link(e);
    }
  }

  /** Whether the store holds events of this customer. */
  public boolean holds(String customerId) {
    return customerIndex.containsKey(customerId);
  }

  /** Number of events held. */
  public int size() {
    return size;
  }

  /** Number of customers with events. */
  public int numCustomers() {
    return customerIndex.size();
  }

  /** The sequence the next appended event gets. */
  public long nextSequence() {
    return nextSequence;
  }

  /** Bytes in the log since the last compaction. */
  public long logBytes() {
    return log.size();
  }

  /** An immutable view of the current columns. */
  public View view() {
    return new View(customers.toArray(new String[0]), items.toArray(new String[0]), cust, item, weight, time, seq,
        size, nextSequence);
  }

  /** Customer ids held, in index order (erased slots skipped). */
  public List<String> customerIds() {
    List<String> ids = new ArrayList<>(customerIndex.size());
    for (String c : customers) {
      if (c != null) {
        ids.add(c);
      }
    }
    return ids;
  }

  /**
   * Removes every event of these customers from memory (the caller then {@link #compact()}s so
   * they leave the disk).
   *
   * @return events removed
   */
  public long remove(java.util.Collection<String> customerIds) {
    boolean[] gone = new boolean[customers.size()];
    boolean any = false;
    for (String id : customerIds) {
      Integer c = customerIndex.remove(id);
      if (c != null) {
        gone[c] = true;
        customers.set(c, null);
        any = true;
      }
    }
    if (!any) {
      return 0;
    }
    long removed = keepOnly(e -> !gone[cust[e]]);
    relink();
    return removed;
  }

  /**
   * Keeps the events {@code keep} accepts, in order, in new arrays (so views taken before stay
   * intact); returns how many were dropped.
   */
  private long keepOnly(IntPredicate keep) {
    int out = 0;
    int[] nc = new int[Math.max(16, size)];
    int[] ni = new int[nc.length];
    float[] nw = new float[nc.length];
    long[] nt = new long[nc.length];
    long[] ns = new long[nc.length];
    for (int e = 0; e < size; e++) {
      if (keep.test(e)) {
        nc[out] = cust[e];
        ni[out] = item[e];
        nw[out] = weight[e];
        nt[out] = time[e];
        ns[out] = seq[e];
        out++;
      }
    }
    long removed = size - out;
    cust = nc;
    item = ni;
    weight = nw;
    time = nt;
    seq = ns;
    size = out;
    return removed;
  }

  /**
   * Removes events older than {@code cutoffEpochSecond} from memory (the caller then compacts).
   *
   * @return events removed
   */
  public long removeOlderThan(long cutoffEpochSecond) {
    long[] t = time;
    long removed = keepOnly(e -> t[e] >= cutoffEpochSecond);
    if (removed == 0) {
      return 0;
    }
    boolean[] has = new boolean[customers.size()];
    for (int e = 0; e < size; e++) {
      has[cust[e]] = true;
    }
    for (int c = 0; c < has.length; c++) {
      if (!has[c] && customers.get(c) != null) {
        customerIndex.remove(customers.get(c));
        customers.set(c, null);
      }
    }
    relink();
    return removed;
  }

  /**
   * What a compaction in three phases writes: the columns as of phase 1 and the sequence they
   * cover. See {@link #beginCompaction()}.
   */
  public record Compaction(View view, long covered) {}

  /**
   * Phase 1 of a compaction whose disk write runs without the owner's lock (so recording goes on
   * meanwhile): takes the columns as they are now. Under the owner's lock.
   */
  public Compaction beginCompaction() {
    return new Compaction(view(), nextSequence - 1);
  }

  /**
   * Phase 2, without the owner's lock: writes the snapshot of {@code c} to a temporary file
   * (forced) and returns it. Only reads the view, which appends and removals never change.
   */
  public Path writeCompaction(Compaction c) throws IOException {
    Path tmp = directory.resolve(SNAPSHOT + DurableFiles.TEMPORARY_INFIX + "compaction");
    View v = c.view();
    int[] custMap = new int[v.customers().length];
    Arrays.fill(custMap, -1);
    int[] itemMap = new int[v.items().length];
    Arrays.fill(itemMap, -1);
    List<String> cs = new ArrayList<>();
    List<String> is = new ArrayList<>();
    for (int e = 0; e < v.size(); e++) {
      if (custMap[v.cust()[e]] < 0) {
        custMap[v.cust()[e]] = cs.size();
        cs.add(v.customers()[v.cust()[e]]);
      }
      if (itemMap[v.item()[e]] < 0) {
        itemMap[v.item()[e]] = is.size();
        is.add(v.items()[v.item()[e]]);
      }
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      java.io.OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
      writeSnapshot(raw, c.covered(), cs, is, v.size(), e -> custMap[v.cust()[e]], e -> itemMap[v.item()[e]],
          v.weight(), v.time(), v.seq());
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the home directory's permissions protect it
    }
    return tmp;
  }

  /**
   * Phase 3, under the owner's lock: puts the snapshot written in phase 2 in place and empties the
   * log of everything it covers — the log is rewritten with only the events appended since phase
   * 1, so records of customers erased before phase 1 leave the disk. Customers erased during phase
   * 2 are in the snapshot still: the owner runs another compaction for them.
   */
  public void finishCompaction(Compaction c, Path written) throws IOException {
    Path snapshot = directory.resolve(SNAPSHOT);
    Files.move(written, snapshot, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    DurableFiles.forceDirectory(directory);
    snapshotSequence = c.covered();
    if (nextSequence - 1 == c.covered()) {
      log.clear(c.covered());
      return;
    }
    // Events appended during phase 2: a new log holding just them, renamed over the old one.
    List<byte[]> payloads = new ArrayList<>();
    int from = size;
    while (from > 0 && seq[from - 1] > c.covered()) {
      from--;
    }
    for (int e = from; e < size; ) {
      int end = e + 1;
      while (end < size && seq[end] == seq[end - 1] + 1 && end - e < 65_536) {
        end++;
      }
      int start = e;
      payloads.add(encodeBatch(seq[e], end - e, k -> new Event(customers.get(cust[start + k]), items.get(item[start + k]),
          weight[start + k], time[start + k])));
      e = end;
    }
    Path logPath = directory.resolve(LOG);
    Path tmpLog = directory.resolve(LOG + DurableFiles.TEMPORARY_INFIX + "compaction");
    Files.deleteIfExists(tmpLog);
    try (FramedLog fresh = FramedLog.open(tmpLog, LOG_MAGIC, "interaction log", (payload, offset) -> { })) {
      fresh.clear(c.covered());
      fresh.appendAll(payloads);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmpLog);
      throw e;
    }
    log.close();
    Files.move(tmpLog, logPath, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    DurableFiles.forceDirectory(directory);
    log = FramedLog.open(logPath, LOG_MAGIC, "interaction log", (payload, offset) -> { }); // already in memory
  }

  private static void writeSnapshot(java.io.OutputStream raw, long covered, List<String> cs, List<String> is, int n,
      java.util.function.IntUnaryOperator custOf, java.util.function.IntUnaryOperator itemOf, float[] w, long[] t,
      long[] s) throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
    out.writeInt(SNAPSHOT_MAGIC);
    out.writeInt(SNAPSHOT_VERSION);
    out.writeLong(covered);
    out.writeInt(cs.size());
    for (String c : cs) {
      writeString(out, c);
    }
    out.writeInt(is.size());
    for (String i : is) {
      writeString(out, i);
    }
    out.writeInt(n);
    ByteBuffer buf = ByteBuffer.allocate(28 * 4096);
    for (int e = 0; e < n; e++) {
      buf.putInt(custOf.applyAsInt(e)).putInt(itemOf.applyAsInt(e)).putFloat(w[e]).putLong(t[e]).putLong(s[e]);
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
    }
    out.write(buf.array(), 0, buf.position());
    out.flush();
    DataOutputStream tail = new DataOutputStream(raw);
    tail.writeInt((int) crc.getValue());
    tail.flush();
  }

  /**
   * Rewrites the snapshot from memory (renumbering customers and items densely, so nothing of an
   * erased customer remains) and empties the log.
   */
  public void compact() throws IOException {
    // Dense renumbering of the customers and items still referenced.
    int[] custMap = new int[customers.size()];
    Arrays.fill(custMap, -1);
    int[] itemMap = new int[items.size()];
    Arrays.fill(itemMap, -1);
    List<String> newCustomers = new ArrayList<>();
    List<String> newItems = new ArrayList<>();
    for (int e = 0; e < size; e++) {
      if (custMap[cust[e]] < 0) {
        custMap[cust[e]] = newCustomers.size();
        newCustomers.add(customers.get(cust[e]));
      }
      if (itemMap[item[e]] < 0) {
        itemMap[item[e]] = newItems.size();
        newItems.add(items.get(item[e]));
      }
    }
    int[] nc = new int[Math.max(16, size)];
    int[] ni = new int[nc.length];
    for (int e = 0; e < size; e++) {
      nc[e] = custMap[cust[e]];
      ni[e] = itemMap[item[e]];
    }
    long covered = nextSequence - 1;
    int n = size;
    float[] w = weight;
    long[] t = time;
    long[] s = seq;
    DurableFiles.writeAtomically(directory.resolve(SNAPSHOT), raw -> writeSnapshot(raw, covered, newCustomers, newItems,
        n, e -> nc[e], e -> ni[e], w, t, s));
    log.clear(covered);
    snapshotSequence = covered;
    staleLog = false;
    customers.clear();
    customers.addAll(newCustomers);
    customerIndex.clear();
    for (int c = 0; c < newCustomers.size(); c++) {
      customerIndex.put(newCustomers.get(c), c);
    }
    items.clear();
    items.addAll(newItems);
    itemIndex.clear();
    for (int i = 0; i < newItems.size(); i++) {
      itemIndex.put(newItems.get(i), i);
    }
    cust = nc;
    item = ni;
    generation++;
    relink();
  }

  private void readSnapshot(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32C crc = new CRC32C();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      try {
        if (in.readInt() != SNAPSHOT_MAGIC) {
          throw corrupt(file, "not an interaction snapshot (bad magic)");
        }
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION) {
          throw corrupt(file, "unsupported version " + version);
        }
        snapshotSequence = in.readLong();
        nextSequence = snapshotSequence + 1;
        int nc = count(file, in.readInt(), "customer count");
        String[] cs = new String[nc];
        for (int c = 0; c < nc; c++) {
          cs[c] = readString(in);
        }
        int ni = count(file, in.readInt(), "item count");
        String[] is = new String[ni];
        for (int i = 0; i < ni; i++) {
          is[i] = readString(in);
        }
        int n = count(file, in.readInt(), "event count");
        for (String c : cs) {
          customerIndex.put(c, customers.size());
          customers.add(c);
        }
        for (String i : is) {
          itemIndex.put(i, items.size());
          items.add(i);
        }
        cust = new int[Math.max(16, n)];
        item = new int[cust.length];
        weight = new float[cust.length];
        time = new long[cust.length];
        seq = new long[cust.length];
        byte[] block = new byte[28 * 4096];
        int e = 0;
        while (e < n) {
          int m = Math.min(4096, n - e);
          in.readFully(block, 0, 28 * m);
          ByteBuffer b = ByteBuffer.wrap(block, 0, 28 * m);
          for (int j = 0; j < m; j++, e++) {
            int c = b.getInt();
            int i = b.getInt();
            if (c < 0 || c >= nc || i < 0 || i >= ni) {
              throw corrupt(file, "event " + e + " refers to an index out of range");
            }
            cust[e] = c;
            item[e] = i;
            weight[e] = b.getFloat();
            time[e] = b.getLong();
            seq[e] = b.getLong();
          }
        }
        size = n;
        relink();
        int computed = (int) crc.getValue();
        int stored = new DataInputStream(raw).readInt();
        if (stored != computed) {
          throw corrupt(file, String.format("checksum mismatch (stored %08x, computed %08x)", stored, computed));
        }
        if (raw.read() != -1) {
          throw corrupt(file, "unexpected bytes after the checksum");
        }
      } catch (EOFException e) {
        throw corrupt(file, "truncated");
      }
    }
  }

  private static int count(Path file, int n, String what) {
    if (n < 0) {
      throw corrupt(file, what + " is negative: " + n);
    }
    return n;
  }

  private static IllegalStateException corrupt(Path file, String what) {
    return new IllegalStateException("interaction snapshot " + file + " is corrupt: " + what);
  }

  /**
   * The events of {@code view} with sequence below {@code before}, of customers {@code
   * customer} accepts, merged by {@link DuplicatePolicy#SUM}, on the given indices (null: fresh).
   */
  public static InteractionMatrix matrix(View view, long before, IntPredicate customer, IdIndex users, IdIndex items) {
    InteractionMatrix.Builder b = users == null ? InteractionMatrix.builder(DuplicatePolicy.SUM)
        : InteractionMatrix.builder(DuplicatePolicy.SUM, users, items);
    int[] userOf = new int[view.customers().length];
    int[] itemOf = new int[view.items().length];
    Arrays.fill(userOf, -1);
    Arrays.fill(itemOf, -1);
    for (int e = 0; e < view.size(); e++) {
      if (view.seq()[e] >= before || !customer.test(view.cust()[e])) {
        continue;
      }
      int c = view.cust()[e];
      int i = view.item()[e];
      if (userOf[c] < 0) {
        userOf[c] = b.internUser(view.customers()[c]);
      }
      if (itemOf[i] < 0) {
        itemOf[i] = b.internItem(view.items()[i]);
      }
      b.addIndexed(userOf[c], itemOf[i], view.weight()[e], view.time()[e]);
    }
    return b.build();
  }

  /**
   * A customer's whole profile, merged as {@link InteractionMatrix.Builder} merges under {@link
   * DuplicatePolicy#SUM} (weights summed in event order, non-positive sums dropped), in item
   * index order; empty arrays if she holds nothing.
   */
  public Profile profile(String customerId) {
    Integer c = customerIndex.get(customerId);
    if (c == null) {
      return new Profile(new String[0], new float[0], new int[0], generation);
    }
    int n = 0;
    for (int e = firstOf[c]; e >= 0; e = next[e]) {
      n++;
    }
    // (item, position in her history): sorting groups an item's events in event order, so the
    // sums below add in exactly the order InteractionMatrix.Builder adds them.
    long[] keys = new long[n];
    float[] w = new float[n];
    int j = 0;
    for (int e = firstOf[c]; e >= 0; e = next[e], j++) {
      keys[j] = ((long) item[e] << 32) | j;
      w[j] = weight[e];
    }
    Arrays.sort(keys);
    String[] ids = new String[n];
    float[] sums = new float[n];
    int[] index = new int[n];
    int out = 0;
    for (int p = 0; p < n; ) {
      int it = (int) (keys[p] >>> 32);
      float sum = w[(int) keys[p]];
      int q = p + 1;
      for (; q < n && (int) (keys[q] >>> 32) == it; q++) {
        sum += w[(int) keys[q]];
      }
      ids[out] = items.get(it);
      index[out] = it;
      sums[out++] = sum;
      p = q;
    }
    return new Profile(Arrays.copyOf(ids, out), Arrays.copyOf(sums, out), Arrays.copyOf(index, out), generation);
  }

  /**
   * {@code old} (her profile before {@code newEvents}, which were just appended, in order) with
   * those events added: the same result as {@link #profile} in time proportional to her number of
   * distinct items, not her history. Falls back to {@link #profile} across a renumbering.
   */
  public Profile extend(String customerId, Profile old, List<Event> newEvents) {
    if (old == null || old.generation() != generation) {
      return profile(customerId);
    }
    int[] index = old.itemIndex();
    float[] sums = old.weights().clone();
    int[] added = new int[newEvents.size()];
    float[] addedSums = new float[newEvents.size()];
    int numAdded = 0;
    for (Event e : newEvents) {
      int it = itemIndex.get(e.itemId());
      int at = Arrays.binarySearch(index, it);
      if (at >= 0) {
        sums[at] += e.weight();
        continue;
      }
      int k = 0;
      while (k < numAdded && added[k] != it) {
        k++;
      }
      if (k == numAdded) {
        added[numAdded] = it;
        addedSums[numAdded++] = e.weight();
      } else {
        addedSums[k] += e.weight();
      }
    }
    if (numAdded == 0) {
      return new Profile(old.items(), sums, index, generation);
    }
    int n = index.length + numAdded;
    long[] order = new long[numAdded];
    for (int k = 0; k < numAdded; k++) {
      order[k] = ((long) added[k] << 32) | k;
    }
    Arrays.sort(order);
    String[] ids = new String[n];
    float[] w = new float[n];
    int[] idx = new int[n];
    int a = 0;
    int b = 0;
    for (int out = 0; out < n; out++) {
      if (b >= numAdded || (a < index.length && index[a] < (int) (order[b] >>> 32))) {
        ids[out] = old.items()[a];
        w[out] = sums[a];
        idx[out] = index[a++];
      } else {
        int k = (int) order[b++];
        idx[out] = added[k];
        ids[out] = items.get(added[k]);
        w[out] = addedSums[k];
      }
    }
    return new Profile(ids, w, idx, generation);
  }

  /** Her events as (item id, weight, epoch second, sequence) rows, in order (for export). */
  public List<Object[]> eventsOf(String customerId) {
    Integer c = customerIndex.get(customerId);
    List<Object[]> rows = new ArrayList<>();
    if (c != null) {
      for (int e = firstOf[c]; e >= 0; e = next[e]) {
        rows.add(new Object[] {items.get(item[e]), weight[e], time[e], seq[e]});
      }
    }
    return rows;
  }

  /** Customers with at least one event of sequence {@code >= from}. */
  public java.util.Set<String> customersSince(long from) {
    java.util.Set<String> result = new java.util.LinkedHashSet<>();
    for (int e = size - 1; e >= 0 && seq[e] >= from; e--) {
      result.add(customers.get(cust[e]));
    }
    return result;
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 16) {
      throw new IOException("string length out of range [0, 65536]: " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
