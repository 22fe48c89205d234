package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.LongSumMap;
import io.privrec.core.cf.internal.PairSums;
import io.privrec.core.model.FitListener;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Weighted item and item-pair co-occurrence sums of customer rows: the sufficient statistic of
 * item-kNN with binarized values ({@link ItemKnn#fit(io.privrec.core.data.IdIndex, ItemCoCounts,
 * ItemCoCounts, FitListener)}: unit counts, plus {@linkplain Spec#inverseUserFrequency
 * inverse-user-frequency} sums for its {@code tfidf} and {@code bm25} weightings), of {@link
 * io.privrec.core.cf.dp.DpItemKnn} and of the two releases of {@link
 * io.privrec.core.cf.dp.DpEase}.
 *
 * <h2>Definition</h2>
 * A {@link Spec} fixes the number of items {@code n}, an optional bound {@code m} on the items of
 * one row and two weights per row length {@code k}: {@code itemWeight(k)} and {@code
 * pairWeight(k)}, non-negative integers. For rows {@code R(u)} (sets of item indices, each of at most
 * {@code m} items when bounded):
 * <ul>
 *   <li>{@code itemSum(i) = Σ_u itemWeight(|R(u)|)·[i ∈ R(u)]};
 *   <li>{@code pairSum(i, j) = Σ_u pairWeight(|R(u)|)·[i, j ∈ R(u)]} for {@code i < j}.
 * </ul>
 * With unit weights these are the number of customers holding an item and a pair. A fit from the
 * sums gives the model the fit on the rows they were summed from gives, bit for bit, so the sums
 * can be computed elsewhere (for example on a cluster) and the model fitted where the catalogue
 * lives. Either kind of sum may be left out by its spec (then it is not computed or stored).
 *
 * <h2>Exactness</h2>
 * Sums are exact {@code long} integers ({@code Math.addExact}: an overflow throws): partial sums of
 * disjoint sets of rows ({@link Accumulator#merge}) add up to the same values in any order, so how
 * the rows were split never changes a bit. Fractional weights are fixed-point multiples of a power
 * of two chosen by the algorithm.
 *
 * <h2>Bounded sums</h2>
 * A bounded spec ({@code m > 0}) rejects a row of more than {@code m} items: the private fits'
 * sensitivity is about rows bounded to {@code m} items by a rule that reads the customer's own row
 * only, and the sums carry that bound with them. The bound is checked on rows only: partial sums
 * added with {@link Accumulator#addItemSum}, {@link Accumulator#addPairSum} or {@link
 * Accumulator#merge} are trusted to be sums of rows bounded the same way (as the executors of
 * {@code privrec-spark} compute them), and a private fit's guarantee holds only if they are.
 *
 * <p>Pairs are stored sparsely (non-zero sums only) as compressed rows over the first item, second
 * items increasing; memory 12 bytes per non-zero pair plus 8 per item. Immutable and thread-safe.
 */
public final class ItemCoCounts {
  private final Spec spec;
  private final long[] itemSums; // null: not summed
  private final int[] ptr; // null: pairs not summed
  private final int[] cols;
  private final long[] pairSums;

  private ItemCoCounts(Spec spec, long[] itemSums, int[] ptr, int[] cols, long[] pairSums) {
    this.spec = spec;
    this.itemSums = itemSums;
    this.ptr = ptr;
    this.cols = cols;
    this.pairSums = pairSums;
  }

  /**
   * The sums of sorted sparse rows: row {@code u} holds the items {@code items[rowPtr[u] …
   * rowPtr[u+1]-1]}, strictly increasing. Computed in parallel over items (the result does not
   * depend on the number of threads); progress stage {@code co-occurrence} from {@code
   * progressFrom} to {@code progressTo}.
   *
   * @throws IllegalArgumentException if a row is not strictly increasing in {@code [0, n)}, or is
   *     longer than a bounded spec's {@code m}, or a sum overflows
   * @throws NullPointerException if an argument is null
   */
  public static ItemCoCounts ofRows(Spec spec, int[] rowPtr, int[] items, FitListener listener, double progressFrom,
      double progressTo) {
    requireNonNull(spec, "spec");
    requireNonNull(rowPtr, "rowPtr");
    requireNonNull(items, "items");
    requireNonNull(listener, "listener");
    int rows = rowPtr.length - 1;
    long[] itemWeights = new long[Math.max(rows, 0)];
    long[] pairWeights = new long[Math.max(rows, 0)];
    for (int u = 0; u < rows; u++) {
      spec.checkRow(items, rowPtr[u], rowPtr[u + 1]);
      int k = rowPtr[u + 1] - rowPtr[u];
      itemWeights[u] = spec.sumsItems() ? spec.itemWeight(k) : 0;
      pairWeights[u] = spec.sumsPairs() ? spec.pairWeight(k) : 0;
    }
    try {
      long[] itemSums = spec.sumsItems() ? PairSums.items(spec.numItems, rowPtr, items, itemWeights) : null;
      if (!spec.sumsPairs()) {
        listener.progress("co-occurrence", progressTo);
        return new ItemCoCounts(spec, itemSums, null, null, null);
      }
      PairSums.Upper upper = PairSums.upper(spec.numItems, rowPtr, items, pairWeights, listener, progressFrom,
          progressTo);
      return new ItemCoCounts(spec, itemSums, upper.ptr(), upper.cols(), upper.sums());
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("a co-occurrence sum overflows a long", overflow);
    }
  }

  /** The spec the sums were computed for. */
  public Spec spec() {
    return spec;
  }

  /** Number of items {@code n}. */
  public int numItems() {
    return spec.numItems;
  }

  /**
   * {@code itemSum(i)}.
   *
   * @throws IllegalStateException if the spec does not sum items
   * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, n)}
   */
  public long itemSum(int i) {
    if (itemSums == null) {
      throw new IllegalStateException("these co-occurrence sums hold no item sums");
    }
    return itemSums[i];
  }

  /**
   * A copy of the item sums, in item order.
   *
   * @throws IllegalStateException if the spec does not sum items
   */
  public long[] itemSums() {
    if (itemSums == null) {
      throw new IllegalStateException("these co-occurrence sums hold no item sums");
    }
    return itemSums.clone();
  }

  /**
   * {@code pairSum(i, j)} of the unordered pair ({@code i != j}); 0 for a pair no row holds.
   *
   * @throws IllegalStateException if the spec does not sum pairs
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, n)}
   * @throws IllegalArgumentException if {@code i == j}
   */
  public long pairSum(int i, int j) {
    checkPairs();
    int n = numItems();
    if (i < 0 || i >= n || j < 0 || j >= n) {
      throw new IndexOutOfBoundsException("item indices must be in [0, " + n + "). Provided: " + i + ", " + j);
    }
    if (i == j) {
      throw new IllegalArgumentException("a pair needs two distinct items. Provided: " + i + ", " + j);
    }
    int a = Math.min(i, j);
    int p = Arrays.binarySearch(cols, ptr[a], ptr[a + 1], Math.max(i, j));
    return p >= 0 ? pairSums[p] : 0;
  }

  /**
   * Number of pairs with a non-zero sum.
   *
   * @throws IllegalStateException if the spec does not sum pairs
   */
  public int numPairs() {
    checkPairs();
    return cols.length;
  }

  /**
   * Row pointers of the non-zero pairs (a copy, length {@code n + 1}): pairs {@code (i, j)} with
   * first item {@code i} are at positions {@code [ptr[i], ptr[i+1])} of {@link #pairColumns()} and
   * {@link #pairSums()}.
   *
   * @throws IllegalStateException if the spec does not sum pairs
   */
  public int[] pairPointers() {
    checkPairs();
    return ptr.clone();
  }

  /**
   * The second item {@code j > i} of every non-zero pair, increasing within a row (a copy).
   *
   * @throws IllegalStateException if the spec does not sum pairs
   */
  public int[] pairColumns() {
    checkPairs();
    return cols.clone();
  }

  /**
   * The sum of every non-zero pair, aligned with {@link #pairColumns()} (a copy; all {@code > 0}).
   *
   * @throws IllegalStateException if the spec does not sum pairs
   */
  public long[] pairSums() {
    checkPairs();
    return pairSums.clone();
  }

  private void checkPairs() {
    if (ptr == null) {
      throw new IllegalStateException("these co-occurrence sums hold no pair sums");
    }
  }

  /** Equal specs and equal sums, bit for bit. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ItemCoCounts c && spec.equals(c.spec) && Arrays.equals(itemSums, c.itemSums)
        && Arrays.equals(ptr, c.ptr) && Arrays.equals(cols, c.cols) && Arrays.equals(pairSums, c.pairSums);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * spec.hashCode() + Arrays.hashCode(itemSums)) + Arrays.hashCode(pairSums);
  }

  @Override
  public String toString() {
    return "ItemCoCounts{" + spec + (ptr == null ? "" : ", " + cols.length + " non-zero pairs") + "}";
  }

  /**
   * What to sum: the number of items, the optional bound on a row's items and the weights by row
   * length. Serializable (so that a cluster can ship it to its workers), immutable and thread-safe.
   */
  public static final class Spec implements Serializable {
    private static final long serialVersionUID = 2L;
    /** Largest number of fraction bits of {@link #inverseUserFrequency} weights. */
    public static final int MAX_FRACTION_BITS = 40;

    private final int numItems;
    private final int maxItemsPerCustomer; // 0: unbounded (unit or inverse-user-frequency weights)
    private final long[] itemWeights; // by length; null: not summed; unbounded: {1}
    private final long[] pairWeights;
    private final int idfFractionBits; // -1: weights from the tables; else unbounded idf² weights

    private Spec(int numItems, int maxItemsPerCustomer, long[] itemWeights, long[] pairWeights, int idfFractionBits) {
      if (numItems < 0) {
        throw new IllegalArgumentException("numItems must be >= 0. Provided value: " + numItems);
      }
      this.numItems = numItems;
      this.maxItemsPerCustomer = maxItemsPerCustomer;
      this.itemWeights = itemWeights;
      this.pairWeights = pairWeights;
      this.idfFractionBits = idfFractionBits;
    }

    /**
     * Unbounded unit weights over {@code numItems} items: the item sums count the rows holding an
     * item, the pair sums the rows holding a pair.
     *
     * @throws IllegalArgumentException if {@code numItems < 0}
     */
    public static Spec unit(int numItems) {
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, -1);
    }

    /**
     * Unbounded inverse-user-frequency weights over {@code numItems} items, as fixed-point
     * integers: a row of {@code k >= 1} items adds {@code idfWeight(k) = round(idf(k)² ·
     * 2^fractionBits)} to each of its items and each of its pairs, where {@code idf(k) = ln(1 +
     * numItems/k)} is computed with {@link StrictMath#log1p} (the same value on every JVM) and
     * squared in double precision, and {@code round} is {@link Math#round(double)}. With {@code n}
     * items {@code idf(k)² <= ln(1 + n)² < 2^9}, so one row adds less than {@code
     * 2^(9 + fractionBits)} and a sum overflows (and throws) only after {@code 2^(54 −
     * fractionBits)} rows. These are item-kNN's {@code tfidf} value sums ({@link
     * ItemKnn#valueSumsSpec}): each value of a row is {@code idf(k)}, each product {@code
     * idf(k)²}.
     *
     * @param fractionBits bits after the binary point, in {@code [0, MAX_FRACTION_BITS]}
     * @throws IllegalArgumentException if {@code numItems < 0} or {@code fractionBits} is out of
     *     range
     */
    public static Spec inverseUserFrequency(int numItems, int fractionBits) {
      if (fractionBits < 0 || fractionBits > MAX_FRACTION_BITS) {
        throw new IllegalArgumentException("fractionBits must be in [0, " + MAX_FRACTION_BITS + "]. Provided value: "
            + fractionBits);
      }
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, fractionBits);
    }

    /**
     * Rows of at most {@code maxItemsPerCustomer} items; a row of {@code k} items adds {@code
     * itemWeights[k]} to each of its items and {@code pairWeights[k]} to each of its pairs. A null
     * table leaves that kind of sum out.
     *
     * @param itemWeights weights by row length, length {@code maxItemsPerCustomer + 1}, all {@code
     *     >= 0}, or null
     * @param pairWeights likewise, for the pairs
     * @throws IllegalArgumentException if {@code numItems < 0}, {@code maxItemsPerCustomer < 1},
     *     both tables are null, or a table has the wrong length or a negative weight
     */
    public static Spec bounded(int numItems, int maxItemsPerCustomer, long[] itemWeights, long[] pairWeights) {
      if (maxItemsPerCustomer < 1) {
        throw new IllegalArgumentException("maxItemsPerCustomer must be >= 1. Provided value: " + maxItemsPerCustomer);
      }
      if (itemWeights == null && pairWeights == null) {
        throw new IllegalArgumentException("itemWeights and pairWeights must not both be null (nothing to sum)");
      }
      return new Spec(numItems, maxItemsPerCustomer, checkTable("itemWeights", itemWeights, maxItemsPerCustomer),
          checkTable("pairWeights", pairWeights, maxItemsPerCustomer), -1);
    }

    private static long[] checkTable(String name, long[] table, int max) {
      if (table == null) {
        return null;
      }
      if (table.length != max + 1) {
        throw new IllegalArgumentException(name + " must hold one weight per row length 0 … maxItemsPerCustomer ("
            + (max + 1) + "). Provided length: " + table.length);
      }
      for (long w : table) {
        if (w < 0) {
          throw new IllegalArgumentException(name + " must be >= 0. Provided value: " + w);
        }
      }
      return table.clone();
    }

    /** Number of items {@code n}. */
    public int numItems() {
      return numItems;
    }

    /** True if rows are bounded to {@link #maxItemsPerCustomer()} items. */
    public boolean isBounded() {
      return maxItemsPerCustomer > 0;
    }

    /** The bound {@code m} on a row's items, or 0 if unbounded. */
    public int maxItemsPerCustomer() {
      return maxItemsPerCustomer;
    }

    /** True if item sums are computed. */
    public boolean sumsItems() {
      return itemWeights != null;
    }

    /** True if pair sums are computed. */
    public boolean sumsPairs() {
      return pairWeights != null;
    }

    /**
     * The weight a row of {@code k} items adds to each of its items (0 if items are not summed).
     *
     * @throws IllegalArgumentException if {@code k} is negative or above a bounded spec's {@code m}
     */
    public long itemWeight(int k) {
      return weight(itemWeights, k);
    }

    /**
     * The weight a row of {@code k} items adds to each of its pairs (0 if pairs are not summed).
     *
     * @throws IllegalArgumentException if {@code k} is negative or above a bounded spec's {@code m}
     */
    public long pairWeight(int k) {
      return weight(pairWeights, k);
    }

    private long weight(long[] table, int k) {
      if (k < 0 || (isBounded() && k > maxItemsPerCustomer)) {
        throw new IllegalArgumentException("a row holds at most maxItemsPerCustomer = " + maxItemsPerCustomer
            + " items in these sums; bound the rows first. Provided row length: " + k);
      }
      if (table == null) {
        return 0;
      }
      if (idfFractionBits >= 0) {
        return k == 0 ? 0 : idfWeight(k);
      }
      return isBounded() ? table[k] : table[0];
    }

    private long idfWeight(int k) {
      double idf = StrictMath.log1p((double) numItems / k);
      return Math.round(Math.scalb(idf * idf, idfFractionBits));
    }

    /**
     * The fraction bits of {@link #inverseUserFrequency} weights, or -1 for the other specs.
     */
    public int fractionBits() {
      return idfFractionBits;
    }

    /** An empty accumulator of these sums. */
    public Accumulator accumulator() {
      return new Accumulator(this);
    }

    /** Checks that {@code items[from, to)} is a valid row of this spec. */
    void checkRow(int[] items, int from, int to) {
      weight(null, to - from);
      for (int p = from; p < to; p++) {
        if (items[p] < 0 || items[p] >= numItems || (p > from && items[p] <= items[p - 1])) {
          throw new IllegalArgumentException("row items must be strictly increasing item indices in [0, " + numItems
              + ")");
        }
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Spec s && numItems == s.numItems && maxItemsPerCustomer == s.maxItemsPerCustomer
          && Arrays.equals(itemWeights, s.itemWeights) && Arrays.equals(pairWeights, s.pairWeights)
          && idfFractionBits == s.idfFractionBits;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * (31 * numItems + maxItemsPerCustomer) + Arrays.hashCode(itemWeights))
          + Arrays.hashCode(pairWeights)) + idfFractionBits;
    }

    @Override
    public String toString() {
      return "Spec{" + numItems + " items" + (isBounded() ? ", at most " + maxItemsPerCustomer + " per row" : "")
          + (idfFractionBits >= 0 ? ", inverse-user-frequency weights (" + idfFractionBits + " fraction bits)" : "")
          + (sumsItems() ? ", item sums" : "") + (sumsPairs() ? ", pair sums" : "") + "}";
    }
  }

  /**
   * Accumulates the sums of a {@link Spec} one row at a time, or from partial sums computed
   * elsewhere; {@link #build()} gives the statistic. Pairs are held in a hash map (only the pairs
   * seen), items densely. Partial sums of disjoint sets of rows {@linkplain #merge merge} exactly.
   * Not thread-safe.
   */
  public static final class Accumulator {
    private final Spec spec;
    private final long[] itemSums;
    private final LongSumMap pairs;

    private Accumulator(Spec spec) {
      this.spec = spec;
      this.itemSums = spec.sumsItems() ? new long[spec.numItems] : null;
      this.pairs = spec.sumsPairs() ? new LongSumMap() : null;
    }

    /** The spec summed. */
    public Spec spec() {
      return spec;
    }

    /**
     * Adds one customer's row.
     *
     * @param items her item indices, strictly increasing, in {@code [0, n)}; at most {@code m}
     *     when the spec is bounded
     * @throws IllegalArgumentException if the row is invalid (no item index is named) or a sum
     *     overflows
     * @throws NullPointerException if {@code items} is null
     */
    public Accumulator add(int[] items) {
      requireNonNull(items, "items");
      spec.checkRow(items, 0, items.length);
      int k = items.length;
      long wi = spec.itemWeight(k);
      long wp = spec.pairWeight(k);
      long n = spec.numItems;
      try {
        if (itemSums != null && wi != 0) {
          for (int i : items) {
            itemSums[i] = Math.addExact(itemSums[i], wi);
          }
        }
        if (pairs != null && wp != 0) {
          for (int p = 0; p < k; p++) {
            long base = items[p] * n;
            for (int q = p + 1; q < k; q++) {
              pairs.add(base + items[q], wp);
            }
          }
        }
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException("a co-occurrence sum overflows a long", overflow);
      }
      return this;
    }

    /**
     * Adds a partial sum of item {@code i} (computed elsewhere for a disjoint set of rows).
     *
     * @throws IllegalArgumentException if {@code sum < 0} or the sum overflows
     * @throws IllegalStateException if the spec does not sum items
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, n)}
     */
    public Accumulator addItemSum(int i, long sum) {
      if (itemSums == null) {
        throw new IllegalStateException("the spec sums no items");
      }
      checkSum(sum);
      try {
        itemSums[i] = Math.addExact(itemSums[i], sum);
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException("a co-occurrence sum overflows a long", overflow);
      }
      return this;
    }

    /**
     * Adds a partial sum of the unordered pair {@code (i, j)}, {@code i != j}.
     *
     * @throws IllegalArgumentException if {@code sum < 0}, {@code i == j} or the sum overflows
     * @throws IllegalStateException if the spec does not sum pairs
     * @throws IndexOutOfBoundsException if an index is not in {@code [0, n)}
     */
    public Accumulator addPairSum(int i, int j, long sum) {
      if (pairs == null) {
        throw new IllegalStateException("the spec sums no pairs");
      }
      checkSum(sum);
      int n = spec.numItems;
      // Partial sums come from the data: the messages do not repeat which items a pair holds.
      if (i < 0 || i >= n || j < 0 || j >= n) {
        throw new IndexOutOfBoundsException("a partial pair sum's item indices must be in [0, " + n + ")");
      }
      if (i == j) {
        throw new IllegalArgumentException("a partial pair sum needs two distinct items");
      }
      try {
        pairs.add((long) Math.min(i, j) * n + Math.max(i, j), sum);
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException("a co-occurrence sum overflows a long", overflow);
      }
      return this;
    }

    private static void checkSum(long sum) {
      if (sum < 0) {
        throw new IllegalArgumentException("sum must be >= 0. Provided value: " + sum);
      }
    }

    /**
     * Adds another accumulator's sums (of a disjoint set of rows); {@code other} is unchanged.
     *
     * @throws IllegalArgumentException if the specs differ or a sum overflows
     */
    public Accumulator merge(Accumulator other) {
      requireNonNull(other, "other");
      if (!spec.equals(other.spec)) {
        throw new IllegalArgumentException("cannot merge sums of different specs: " + spec + " and " + other.spec);
      }
      if (itemSums != null) {
        for (int i = 0; i < itemSums.length; i++) {
          addItemSum(i, other.itemSums[i]);
        }
      }
      if (pairs != null) {
        long n = spec.numItems;
        other.pairs.forEach((key, sum) -> addPairSum((int) (key / n), (int) (key % n), sum));
      }
      return this;
    }

    /**
     * The item sums so far (a copy), or null if the spec sums no items.
     */
    public long[] itemSums() {
      return itemSums == null ? null : itemSums.clone();
    }

    /** Calls {@code sink} with every non-zero pair sum so far ({@code i < j}), in no fixed order. */
    public void forEachPairSum(PairSink sink) {
      requireNonNull(sink, "sink");
      if (pairs != null) {
        long n = spec.numItems;
        pairs.forEach((key, sum) -> {
          if (sum != 0) {
            sink.accept((int) (key / n), (int) (key % n), sum);
          }
        });
      }
    }

    /** The sums accumulated so far (the accumulator stays usable). */
    public ItemCoCounts build() {
      if (pairs == null) {
        return new ItemCoCounts(spec, itemSums.clone(), null, null, null);
      }
      int n = spec.numItems;
      long[] keys = pairs.sortedKeys();
      int nonZero = 0;
      for (long key : keys) {
        nonZero += pairs.get(key) != 0 ? 1 : 0;
      }
      int[] ptr = new int[n + 1];
      int[] cols = new int[nonZero];
      long[] sums = new long[nonZero];
      int out = 0;
      for (long key : keys) {
        long sum = pairs.get(key);
        if (sum != 0) {
          int i = (int) (key / n);
          cols[out] = (int) (key % n);
          sums[out++] = sum;
          ptr[i + 1]++;
        }
      }
      for (int i = 0; i < n; i++) {
        ptr[i + 1] += ptr[i];
      }
      return new ItemCoCounts(spec, itemSums == null ? null : itemSums.clone(), ptr, cols, sums);
    }
  }

  /** Receives one pair sum. */
  @FunctionalInterface
  public interface PairSink {
    /** The sum of pair {@code (i, j)}, {@code i < j}. */
    void accept(int i, int j, long sum);
  }
}
