package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable users × items matrix of positive interaction weights, stored as compressed sparse
 * rows (CSR) with an optional timestamp per interaction and a column (item → users) view built
 * lazily on first use.
 *
 * <h2>Layout</h2>
 * Row {@code u} occupies positions {@code rowStart(u) … rowEnd(u)-1}; at each position
 * {@link #itemAt}, {@link #weightAt} and (if {@link #hasTimestamps()}) {@link #timeAt} give the
 * interaction. Items within a row are in increasing index order and each (user, item) pair occurs
 * at most once. Weights are finite and {@code > 0}. Column {@code i} occupies positions
 * {@code colStart(i) … colEnd(i)-1} of the column view, users in increasing order.
 *
 * <h2>Memory</h2>
 * The row view takes 8 bytes per interaction (int item, float weight) plus 4 with timestamps (int
 * seconds relative to {@link #timeBase()}), plus 4 bytes per user for row pointers. The column view
 * adds 8 bytes per interaction and 4 per item once built. The id dictionaries are extra.
 *
 * <h2>Thread-safety</h2>
 * Immutable; safe to share between threads. The lazy column view is built at most once.
 */
public final class InteractionMatrix {
  private final IdIndex users;
  private final IdIndex items;
  private final int[] rowPtr;
  private final int[] cols;
  private final float[] weights;
  private final int[] times; // null when there are no timestamps
  private final long timeBase;
  private volatile Columns columns;

  InteractionMatrix(IdIndex users, IdIndex items, int[] rowPtr, int[] cols, float[] weights, int[] times, long timeBase) {
    this.users = users;
    this.items = items;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.weights = weights;
    this.times = times;
    this.timeBase = timeBase;
  }

  /**
   * Starts a builder with fresh id indices.
   *
   * @param duplicates what to do with repeated (user, item) pairs
   */
  public static Builder builder(DuplicatePolicy duplicates) {
    return new Builder(duplicates, new IdIndex.Builder("user"), new IdIndex.Builder("item"));
  }

  /**
   * Starts a builder whose indices extend existing ones: known ids keep their indices, so the
   * result lines up with matrices built on {@code users} and {@code items} (e.g. a test set that
   * lines up with its training set). New ids get the next free indices.
   *
   * @param duplicates what to do with repeated (user, item) pairs
   * @param users the user index to extend
   * @param items the item index to extend
   */
  public static Builder builder(DuplicatePolicy duplicates, IdIndex users, IdIndex items) {
    return new Builder(duplicates, new IdIndex.Builder(requireNonNull(users, "users")),
        new IdIndex.Builder(requireNonNull(items, "items")));
  }

  /** The user id index; its size is {@link #numUsers()}. */
  public IdIndex users() {
    return users;
  }

  /** The item id index; its size is {@link #numItems()}. */
  public IdIndex items() {
    return items;
  }

  /** Number of users (rows), including users with no interaction. */
  public int numUsers() {
    return users.size();
  }

  /** Number of items (columns), including items with no interaction. */
  public int numItems() {
    return items.size();
  }

  /** Number of stored (user, item) interactions. */
  public int numInteractions() {
    return cols.length;
  }

  /** First position of row {@code user}. */
  public int rowStart(int user) {
    return rowPtr[user];
  }

  /** One past the last position of row {@code user}. */
  public int rowEnd(int user) {
    return rowPtr[user + 1];
  }

  /** Number of interactions of {@code user}. */
  public int rowLength(int user) {
    return rowPtr[user + 1] - rowPtr[user];
  }

  /** Item index at row-view position {@code position}. */
  public int itemAt(int position) {
    return cols[position];
  }

  /** Weight at row-view position {@code position}. */
  public float weightAt(int position) {
    return weights[position];
  }

  /** True if every interaction carries a timestamp. */
  public boolean hasTimestamps() {
    return times != null;
  }

  /** Base of the stored timestamps, in epoch seconds (0 without timestamps). */
  public long timeBase() {
    return timeBase;
  }

  /**
   * Timestamp (epoch seconds) at row-view position {@code position}.
   *
   * @throws IllegalStateException if the matrix has no timestamps
   */
  public long timeAt(int position) {
    if (times == null) {
      throw new IllegalStateException("this interaction matrix has no timestamps");
    }
    return timeBase + times[position];
  }

  /** The items of {@code user}'s row in increasing order (a copy). */
  public int[] rowItems(int user) {
    return Arrays.copyOfRange(cols, rowPtr[user], rowPtr[user + 1]);
  }

  /** The weights of {@code user}'s row, aligned with {@link #rowItems} (a copy). */
  public float[] rowWeights(int user) {
    return Arrays.copyOfRange(weights, rowPtr[user], rowPtr[user + 1]);
  }

  /**
   * Position of {@code item} in {@code user}'s row, or -1 if the user has no interaction with it
   * (binary search, O(log row length)).
   */
  public int find(int user, int item) {
    int pos = Arrays.binarySearch(cols, rowPtr[user], rowPtr[user + 1], item);
    return pos >= 0 ? pos : -1;
  }

  /** First position of column {@code item} in the column view (built on first use). */
  public int colStart(int item) {
    return columns().ptr[item];
  }

  /** One past the last position of column {@code item} in the column view. */
  public int colEnd(int item) {
    return columns().ptr[item + 1];
  }

  /** Number of users who interacted with {@code item}. */
  public int colLength(int item) {
    int[] ptr = columns().ptr;
    return ptr[item + 1] - ptr[item];
  }

  /** User index at column-view position {@code position}. */
  public int userAt(int position) {
    return columns().users[position];
  }

  /** Weight at column-view position {@code position}. */
  public float colWeightAt(int position) {
    return columns().weights[position];
  }

  /** Number of distinct users per item (a new array of length {@link #numItems()}). */
  public int[] itemCounts() {
    int[] counts = new int[numItems()];
    for (int c : cols) {
      counts[c]++;
    }
    return counts;
  }

  /**
   * Bytes held by the row view: column indices, weights, timestamps and row pointers (excluding id
   * dictionaries and the column view). Used to report memory per interaction.
   */
  public long rowViewBytes() {
    long perInteraction = 8L + (times == null ? 0 : 4);
    return perInteraction * cols.length + 4L * rowPtr.length;
  }

  /**
   * Returns a matrix with the same id indices that keeps only the interactions accepted by
   * {@code filter}; users and items without remaining interactions stay in the indices.
   */
  public InteractionMatrix filter(InteractionFilter filter) {
    requireNonNull(filter, "filter");
    int n = numUsers();
    int[] newPtr = new int[n + 1];
    int kept = 0;
    boolean[] keep = new boolean[cols.length];
    for (int u = 0; u < n; u++) {
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        if (filter.keep(u, cols[p], weights[p], times == null ? 0 : timeBase + times[p])) {
          keep[p] = true;
          kept++;
        }
      }
      newPtr[u + 1] = kept;
    }
    int[] newCols = new int[kept];
    float[] newWeights = new float[kept];
    int[] newTimes = times == null ? null : new int[kept];
    int q = 0;
    for (int p = 0; p < cols.length; p++) {
      if (keep[p]) {
        newCols[q] = cols[p];
        newWeights[q] = weights[p];
        if (newTimes != null) {
          newTimes[q] = times[p];
        }
        q++;
      }
    }
    return new InteractionMatrix(users, items, newPtr, newCols, newWeights, newTimes, timeBase);
  }

  /**
   * Returns the same users' interactions indexed by {@code newItems}: an interaction keeps its
   * weight and time and moves to its item id's index in {@code newItems}; interactions on items
   * absent from {@code newItems} are dropped. Items of {@code newItems} without interactions stay
   * (with empty columns). Used to fit every model on a public {@link Catalogue}: the result's item
   * universe and order are those of {@code newItems}, whatever items the data holds. Rows stay
   * sorted by item. Cost O(interactions + items).
   */
  public InteractionMatrix onItems(IdIndex newItems) {
    requireNonNull(newItems, "newItems");
    if (newItems == items) {
      return this;
    }
    int[] map = new int[items.size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = items.isRedacted(i) ? -1 : newItems.indexOf(items.id(i));
    }
    int n = numUsers();
    int[] newPtr = new int[n + 1];
    int kept = 0;
    for (int c : cols) {
      kept += map[c] >= 0 ? 1 : 0;
    }
    int[] newCols = new int[kept];
    float[] newWeights = new float[kept];
    int[] newTimes = times == null ? null : new int[kept];
    long[] packed = new long[0];
    int q = 0;
    for (int u = 0; u < n; u++) {
      int start = q;
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        int c = map[cols[p]];
        if (c >= 0) {
          newCols[q] = c;
          newWeights[q] = weights[p];
          if (newTimes != null) {
            newTimes[q] = times[p];
          }
          q++;
        }
      }
      int len = q - start;
      if (len > 1 && !isIncreasing(newCols, start, q)) {
        // Re-sort the row by new item index, carrying weights and times along.
        if (packed.length < len) {
          packed = new long[Math.max(len, 2 * packed.length)];
        }
        for (int k = 0; k < len; k++) {
          packed[k] = ((long) newCols[start + k] << 32) | k;
        }
        Arrays.sort(packed, 0, len);
        int[] c = Arrays.copyOfRange(newCols, start, q);
        float[] w = Arrays.copyOfRange(newWeights, start, q);
        int[] t = newTimes == null ? null : Arrays.copyOfRange(newTimes, start, q);
        for (int k = 0; k < len; k++) {
          int from = (int) packed[k];
          newCols[start + k] = c[from];
          newWeights[start + k] = w[from];
          if (t != null) {
            newTimes[start + k] = t[from];
          }
        }
      }
      newPtr[u + 1] = q;
    }
    return new InteractionMatrix(users, newItems, newPtr, newCols, newWeights, newTimes, timeBase);
  }

  private static boolean isIncreasing(int[] a, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (a[k] <= a[k - 1]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the same interactions over an item index holding only the items that have at least
   * one interaction, in their current relative order. After consent or retention filtering this
   * removes the items that only excluded customers or expired interactions held, so not even
   * their ids remain. Returns {@code this} if every item has an interaction.
   */
  public InteractionMatrix withoutUnusedItems() {
    int[] counts = itemCounts();
    List<String> used = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        used.add(items.id(i));
      }
    }
    if (used.size() == counts.length) {
      return this;
    }
    return onItems(IdIndex.of("item", used));
  }

  /** Keeps the interactions whose weight is at least {@code minWeight} (finite). */
  public InteractionMatrix withMinWeight(float minWeight) {
    CorePreconditions.checkFinite("minWeight", minWeight);
    return filter((u, i, w, t) -> w >= minWeight);
  }

  /**
   * Returns the same interactions over wider id indices, e.g. to line a training matrix up with a
   * test matrix that was read {@linkplain #builder(DuplicatePolicy, IdIndex, IdIndex) extending}
   * its indices. The new indices must start with exactly this matrix's ids, in order.
   *
   * @throws IllegalArgumentException if an index does not extend the current one
   */
  public InteractionMatrix withIndices(IdIndex users, IdIndex items) {
    requireNonNull(users, "users");
    requireNonNull(items, "items");
    checkExtends(this.users, users);
    checkExtends(this.items, items);
    int[] ptr = Arrays.copyOf(rowPtr, users.size() + 1);
    Arrays.fill(ptr, rowPtr.length, ptr.length, rowPtr[rowPtr.length - 1]);
    return new InteractionMatrix(users, items, ptr, cols, weights, times, timeBase);
  }

  private static void checkExtends(IdIndex current, IdIndex wider) {
    CorePreconditions.checkArgument(wider.size() >= current.size(), "%s index of size %s cannot extend one of size %s",
        current.kind(), wider.size(), current.size());
    for (int i = 0; i < current.size(); i++) {
      if (!current.id(i).equals(wider.id(i))) {
        throw CorePreconditions.failUnquoted(current.kind() + " index",
            "must extend the current one, but position " + i + " holds another id");
      }
    }
  }

  /**
   * Returns a matrix without any interaction of {@code users} and with their ids {@linkplain
   * IdIndex#redact redacted}; every other user and item keeps its index. Used for erasure. Repeated
   * indices are allowed. Cost: one bulk copy of the kept rows, however many users are erased.
   *
   * @throws IndexOutOfBoundsException if a user index is out of range
   */
  public InteractionMatrix eraseUsers(int... erasedUsers) {
    requireNonNull(erasedUsers, "erasedUsers");
    int n = numUsers();
    for (int u : erasedUsers) {
      if (u < 0 || u >= n) {
        throw new IndexOutOfBoundsException("user index " + u + " out of range [0, " + n + ")");
      }
    }
    int[] sorted = erasedUsers.clone();
    Arrays.sort(sorted);
    int removed = 0;
    for (int k = 0; k < sorted.length; k++) {
      if (k == 0 || sorted[k] != sorted[k - 1]) {
        removed += rowLength(sorted[k]);
      }
    }
    int kept = cols.length - removed;
    int[] newPtr = new int[n + 1];
    int[] newCols = new int[kept];
    float[] newWeights = new float[kept];
    int[] newTimes = times == null ? null : new int[kept];
    // Copy the runs of rows between consecutive erased users in bulk.
    int fromUser = 0;
    int out = 0;
    for (int k = 0; k <= sorted.length; k++) {
      int toUser = k < sorted.length ? sorted[k] : n;
      if (toUser < fromUser) {
        continue; // repeated index
      }
      int shift = out - rowPtr[fromUser];
      for (int u = fromUser; u < toUser; u++) {
        newPtr[u + 1] = rowPtr[u + 1] + shift;
      }
      int len = rowPtr[toUser] - rowPtr[fromUser];
      System.arraycopy(cols, rowPtr[fromUser], newCols, out, len);
      System.arraycopy(weights, rowPtr[fromUser], newWeights, out, len);
      if (newTimes != null) {
        System.arraycopy(times, rowPtr[fromUser], newTimes, out, len);
      }
      out += len;
      if (toUser < n) {
        newPtr[toUser + 1] = out; // the erased row is empty
      }
      fromUser = toUser + 1;
    }
    return new InteractionMatrix(users.redact(erasedUsers), items, newPtr, newCols, newWeights, newTimes, timeBase);
  }

  /**
   * Returns this matrix with every weight replaced by 1 (binary implicit feedback), same ids and
   * timestamps.
   */
  public InteractionMatrix binarized() {
    float[] ones = new float[weights.length];
    Arrays.fill(ones, 1f);
    return new InteractionMatrix(users, items, rowPtr, cols, ones, times, timeBase);
  }

  private Columns columns() {
    Columns c = columns;
    if (c == null) {
      synchronized (this) {
        c = columns;
        if (c == null) {
          c = new Columns(this);
          columns = c;
        }
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return "InteractionMatrix{users=" + numUsers() + ", items=" + numItems() + ", interactions="
        + numInteractions() + (times != null ? ", timestamps" : "") + "}";
  }

  /** Decides which interactions {@link #filter} keeps. */
  @FunctionalInterface
  public interface InteractionFilter {
    /**
     * @param user user index
     * @param item item index
     * @param weight interaction weight
     * @param epochSecond timestamp, or 0 if the matrix has none
     * @return true to keep the interaction
     */
    boolean keep(int user, int item, float weight, long epochSecond);
  }

  private static final class Columns {
    final int[] ptr;
    final int[] users;
    final float[] weights;

    Columns(InteractionMatrix m) {
      CsrTranspose t = CsrTranspose.withValues(m.numItems(), m.rowPtr, m.cols, m.weights);
      ptr = t.pointers();
      users = t.rows();
      weights = t.values();
    }
  }

  /**
   * Accumulates interaction events in any order and builds an {@link InteractionMatrix}.
   *
   * <p>Either every event carries a timestamp or none does. Weights must be finite; non-positive
   * weights are allowed only as corrections (returns) and pairs whose combined weight is not
   * positive are dropped at {@link #build()} (counted by {@link #droppedNonPositive()}).
   * A rejected event leaves the builder unchanged. Not thread-safe.
   */
  public static final class Builder {
    private final DuplicatePolicy duplicates;
    private final IdIndex.Builder userIds;
    private final IdIndex.Builder itemIds;
    private int[] eventUsers = new int[1024];
    private int[] eventItems = new int[1024];
    private float[] eventWeights = new float[1024];
    private long[] eventTimes;
    private int size;
    private Timing timing = Timing.UNKNOWN;
    private int droppedNonPositive;

    Builder(DuplicatePolicy duplicates, IdIndex.Builder users, IdIndex.Builder items) {
      this.duplicates = requireNonNull(duplicates, "duplicates");
      this.userIds = users;
      this.itemIds = items;
    }

    /**
     * Adds an event without timestamp.
     *
     * @throws IllegalArgumentException for an empty id or one holding NUL, CR or LF, a NaN/infinite
     *     weight, or if earlier events carried timestamps
     */
    public Builder add(String user, String item, float weight) {
      return add(user, item, weight, false, 0L);
    }

    /**
     * Adds an event with a timestamp in epoch seconds.
     *
     * @throws IllegalArgumentException for an empty id or one holding NUL, CR or LF, a NaN/infinite
     *     weight, or if earlier events carried no timestamps
     */
    public Builder add(String user, String item, float weight, long epochSecond) {
      return add(user, item, weight, true, epochSecond);
    }

    /**
     * Adds a shop event whose weight comes from {@code weights}.
     *
     * @param rating the rating (only read for {@link EventKind#RATING})
     */
    public Builder addEvent(String user, String item, EventKind kind, float rating, EventWeights weights, long epochSecond) {
      requireNonNull(kind, "kind");
      requireNonNull(weights, "weights");
      return add(user, item, weights.weightOf(kind, rating), true, epochSecond);
    }

    /**
     * Adds an event by dense indices that already exist in this builder's indices (fast path for
     * generators and readers that intern ids themselves).
     *
     * @throws IllegalArgumentException for an unknown index or a NaN/infinite weight
     */
    public Builder addIndexed(int user, int item, float weight, long epochSecond) {
      CorePreconditions.checkIndex("user index", user, userIds.size());
      CorePreconditions.checkIndex("item index", item, itemIds.size());
      CorePreconditions.checkFinite("weight", weight);
      checkTimed(true);
      timing = Timing.TIMED;
      append(user, item, weight, epochSecond);
      return this;
    }

    /** Interns a user id and returns its index (the user exists even without interactions). */
    public int internUser(String user) {
      return userIds.add(user);
    }

    /** Interns an item id and returns its index (the item exists even without interactions). */
    public int internItem(String item) {
      return itemIds.add(item);
    }

    private Builder add(String user, String item, float weight, boolean hasTime, long epochSecond) {
      requireNonNull(user, "user");
      requireNonNull(item, "item");
      // Both ids are checked before either is interned, so a rejected event changes nothing.
      CorePreconditions.checkId("user id", user);
      CorePreconditions.checkId("item id", item);
      CorePreconditions.checkFinite("weight", weight);
      checkTimed(hasTime);
      timing = hasTime ? Timing.TIMED : Timing.UNTIMED;
      append(userIds.add(user), itemIds.add(item), weight, epochSecond);
      return this;
    }

    private void checkTimed(boolean hasTime) {
      CorePreconditions.checkArgument(timing == Timing.UNKNOWN || (timing == Timing.TIMED) == hasTime, hasTime
          ? "event has a timestamp but earlier events had none: all events or none must carry timestamps"
          : "event has no timestamp but earlier events had one: all events or none must carry timestamps");
    }

    private void append(int user, int item, float weight, long epochSecond) {
      if (size == eventUsers.length) {
        int cap = size + (size >> 1);
        eventUsers = Arrays.copyOf(eventUsers, cap);
        eventItems = Arrays.copyOf(eventItems, cap);
        eventWeights = Arrays.copyOf(eventWeights, cap);
        if (eventTimes != null) {
          eventTimes = Arrays.copyOf(eventTimes, cap);
        }
      }
      if (eventTimes == null && timing == Timing.TIMED) {
        eventTimes = new long[eventUsers.length];
      }
      eventUsers[size] = user;
      eventItems[size] = item;
      eventWeights[size] = weight;
      if (eventTimes != null) {
        eventTimes[size] = epochSecond;
      }
      size++;
    }

    /** Number of events added so far. */
    public int size() {
      return size;
    }

    /** Pairs dropped by the last {@link #build()} because their combined weight was not positive. */
    public int droppedNonPositive() {
      return droppedNonPositive;
    }

    /**
     * Builds the matrix; the builder stays usable.
     *
     * @throws IllegalArgumentException under {@link DuplicatePolicy#REJECT} for a repeated pair, if
     *     the summed weights of a pair overflow to infinity, or if timestamps span more than 2^31
     *     seconds
     */
    public InteractionMatrix build() {
      int nUsers = userIds.size();
      int[] rowPtr = new int[nUsers + 1];
      for (int e = 0; e < size; e++) {
        rowPtr[eventUsers[e] + 1]++;
      }
      for (int u = 0; u < nUsers; u++) {
        rowPtr[u + 1] += rowPtr[u];
      }
      // Bucket events by user (stable), then sort each row by (item, event order).
      long[] keys = new long[size];
      int[] next = Arrays.copyOf(rowPtr, nUsers);
      for (int e = 0; e < size; e++) {
        keys[next[eventUsers[e]]++] = ((long) eventItems[e] << 32) | e;
      }
      boolean withTimes = timing == Timing.TIMED;
      long minTime = Long.MAX_VALUE;
      long maxTime = Long.MIN_VALUE;
      if (withTimes) {
        for (int e = 0; e < size; e++) {
          long t = eventTimes == null ? 0L : eventTimes[e];
          minTime = Math.min(minTime, t);
          maxTime = Math.max(maxTime, t);
        }
        // Unsigned: maxTime - minTime may exceed Long.MAX_VALUE for extreme inputs.
        if (size > 0 && Long.compareUnsigned(maxTime - minTime, Integer.MAX_VALUE) > 0) {
          throw new IllegalArgumentException("timestamps span more than 2^31 seconds: from " + minTime + " to " + maxTime);
        }
      }
      long base = withTimes && size > 0 ? minTime : 0L;
      int[] outPtr = new int[nUsers + 1];
      int[] outCols = new int[size];
      float[] outWeights = new float[size];
      int[] outTimes = withTimes ? new int[size] : null;
      int out = 0;
      int dropped = 0;
      for (int u = 0; u < nUsers; u++) {
        int from = rowPtr[u];
        int to = rowPtr[u + 1];
        Arrays.sort(keys, from, to);
        int p = from;
        while (p < to) {
          int item = (int) (keys[p] >>> 32);
          int first = (int) keys[p];
          float w = eventWeights[first];
          long t = time(first);
          int q = p + 1;
          for (; q < to && (int) (keys[q] >>> 32) == item; q++) {
            int e = (int) keys[q];
            float we = eventWeights[e];
            long te = time(e);
            switch (duplicates) {
              case SUM:
                w += we;
                t = Math.max(t, te);
                break;
              case MAX:
                if (we > w) {
                  w = we;
                  t = te;
                }
                break;
              case LATEST:
                if (te >= t) {
                  w = we;
                  t = te;
                }
                break;
              case REJECT:
                throw new IllegalArgumentException("repeated (user, item) pair in events " + (first + 1) + " and "
                    + (e + 1) + " (duplicate policy REJECT; ids are not quoted)");
              default:
                throw new AssertionError(duplicates);
            }
          }
          if (!Float.isFinite(w)) {
            throw new IllegalArgumentException("combined weight of a repeated (user, item) pair (first in event "
                + (first + 1) + ") overflows float under duplicate policy " + duplicates);
          }
          if (w > 0) {
            outCols[out] = item;
            outWeights[out] = w;
            if (outTimes != null) {
              outTimes[out] = (int) (t - base);
            }
            out++;
          } else {
            dropped++;
          }
          p = q;
        }
        outPtr[u + 1] = out;
      }
      droppedNonPositive = dropped;
      return new InteractionMatrix(userIds.build(), itemIds.build(), outPtr, Arrays.copyOf(outCols, out),
          Arrays.copyOf(outWeights, out), outTimes == null ? null : Arrays.copyOf(outTimes, out), base);
    }

    private enum Timing { UNKNOWN, TIMED, UNTIMED }

    private long time(int event) {
      return eventTimes == null ? 0L : eventTimes[event];
    }
  }
}
