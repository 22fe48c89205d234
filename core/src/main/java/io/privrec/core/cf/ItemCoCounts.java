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
 * inverse-user-frequency} sums for its {@code tfidf} and {@code bm25} weightings; with {@code
 * binarize=false}, fixed-point sums of {@linkplain Spec#weightProducts weight products}), of {@link
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
    if (spec.usesWeights()) {
      throw new IllegalArgumentException("a spec of weight products sums weighted rows: pass the weights");
    }
    return ofRows(spec, rowPtr, items, null, listener, progressFrom, progressTo);
  }

  /**
   * The sums of sorted sparse rows with weights, as {@link #ofRows(Spec, int[], int[], FitListener,
   * double, double)}: {@code weights[p]} is the weight of {@code items[p]}. A spec of {@linkplain
   * Spec#usesWeights() weight products} sums {@link Spec#productTerm}s of the weights; any other
   * spec ignores them (null allowed).
   *
   * @throws IllegalArgumentException as the other overload, or if a weight product spec gets no
   *     weights, weights of another length, or a weight that is negative or not finite
   * @throws NullPointerException if {@code spec}, {@code rowPtr}, {@code items} or {@code
   *     listener} is null
   */
  public static ItemCoCounts ofRows(Spec spec, int[] rowPtr, int[] items, float[] weights, FitListener listener,
      double progressFrom, double progressTo) {
    requireNonNull(spec, "spec");
    requireNonNull(rowPtr, "rowPtr");
    requireNonNull(items, "items");
    requireNonNull(listener, "listener");
    if (spec.usesWeights()) {
      Spec.checkWeights(weights, items.length);
    }
    int rows = rowPtr.length - 1;
    long[] itemWeights = new long[Math.max(rows, 0)];
    long[] pairWeights = new long[Math.max(rows, 0)];
    double[] rowFactors = spec.usesWeights() ? new double[Math.max(rows, 0)] : null;
    for (int u = 0; u < rows; u++) {
      spec.checkRow(items, rowPtr[u], rowPtr[u + 1]);
      int k = rowPtr[u + 1] - rowPtr[u];
      if (rowFactors != null) {
        rowFactors[u] = spec.rowFactor(k);
      } else {
        itemWeights[u] = spec.sumsItems() ? spec.itemWeight(k) : 0;
        pairWeights[u] = spec.sumsPairs() ? spec.pairWeight(k) : 0;
      }
    }
    try {
      if (rowFactors != null) {
        long[] itemSums = PairSums.itemProducts(spec.numItems, rowPtr, items, weights, rowFactors, spec.fractionBits);
        PairSums.Upper upper = PairSums.upperProducts(spec.numItems, rowPtr, items, weights, rowFactors,
            spec.fractionBits, listener, progressFrom, progressTo);
        return new ItemCoCounts(spec, itemSums, upper.ptr(), upper.cols(), upper.sums());
      }
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
    private static final long serialVersionUID = 3L;
    /** Largest number of fraction bits of {@link #inverseUserFrequency} weights. */
    public static final int MAX_FRACTION_BITS = 40;

    /** What a row adds: weights from the tables, idf², or products of its weights. */
    private enum Kind { TABLE, IDF, PRODUCTS, IDF_PRODUCTS }

    private final int numItems;
    private final int maxItemsPerCustomer; // 0: unbounded (unit, inverse-user-frequency or product weights)
    private final long[] itemWeights; // by length; null: not summed; unbounded: {1}
    private final long[] pairWeights;
    private final Kind kind;
    private final int fractionBits; // -1 for TABLE

    private Spec(int numItems, int maxItemsPerCustomer, long[] itemWeights, long[] pairWeights, Kind kind,
        int fractionBits) {
      if (numItems < 0) {
        throw new IllegalArgumentException("numItems must be >= 0. Provided value: " + numItems);
      }
      this.numItems = numItems;
      this.maxItemsPerCustomer = maxItemsPerCustomer;
      this.itemWeights = itemWeights;
      this.pairWeights = pairWeights;
      this.kind = kind;
      this.fractionBits = fractionBits;
    }

    /**
     * Unbounded unit weights over {@code numItems} items: the item sums count the rows holding an
     * item, the pair sums the rows holding a pair.
     *
     * @throws IllegalArgumentException if {@code numItems < 0}
     */
    public static Spec unit(int numItems) {
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, Kind.TABLE, -1);
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
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, Kind.IDF, fractionBits);
    }

    /**
     * Unbounded sums of weight products over {@code numItems} items, as fixed-point integers in
     * units of {@code 2^-fractionBits}: a row of weights {@code x} adds {@code productTerm(x_i, x_j,
     * k) = rint(x_i·x_j·2^fractionBits)} to each of its pairs and {@code productTerm(x_i, x_i, k)} to
     * each of its items ({@code rint}: to the nearest integer, ties to even; {@code x_i·x_j} is
     * exact in double, so each term is the product rounded once, {@link
     * ItemPairCounts#quantizedProduct}). These are item-kNN's value sums with {@code
     * binarize=false} and weighting {@code none} ({@link ItemKnn#valueSumsSpec(int, int)}), the
     * scale chosen from the data ({@link ItemKnn#valueFractionBits}); a term that rounds to 0 adds
     * nothing, so a pair can have a count but no sum. Rows are added with their weights ({@link
     * Accumulator#add(int[], float[])}).
     *
     * @param fractionBits bits after the binary point, {@code |fractionBits| <=} {@link
     *     ItemPairCounts#MAX_FRACTION_BITS} (negative for very large weights)
     * @throws IllegalArgumentException if {@code numItems < 0} or {@code fractionBits} is out of
     *     range
     */
    public static Spec weightProducts(int numItems, int fractionBits) {
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, Kind.PRODUCTS, checkProductBits(fractionBits));
    }

    /**
     * As {@link #weightProducts}, each product also multiplied by the row's {@code idf(k)²}
     * ({@code idf(k) = ln(1 + numItems/k)} by {@link StrictMath#log1p}, squared in double, as
     * {@link #inverseUserFrequency}): {@code productTerm(x_i, x_j, k) = rint(fl(x_i·x_j·idf(k)²) ·
     * 2^fractionBits)}, rounded twice (the double product, then the fixed point) by a pure function
     * of its arguments. Item-kNN's {@code tfidf} value sums with {@code binarize=false}: each value
     * of a row is {@code x_i·idf(k)}.
     *
     * @throws IllegalArgumentException as {@link #weightProducts}
     */
    public static Spec idfWeightProducts(int numItems, int fractionBits) {
      return new Spec(numItems, 0, new long[] {1}, new long[] {1}, Kind.IDF_PRODUCTS,
          checkProductBits(fractionBits));
    }

    private static int checkProductBits(int fractionBits) {
      int max = ItemPairCounts.MAX_FRACTION_BITS;
      if (fractionBits < -max || fractionBits > max) {
        throw new IllegalArgumentException("fractionBits must be in [-" + max + ", " + max + "]. Provided value: "
            + fractionBits);
      }
      return fractionBits;
    }

    /** True if rows are summed with their weights ({@link #weightProducts}, {@link #idfWeightProducts}). */
    public boolean usesWeights() {
      return kind == Kind.PRODUCTS || kind == Kind.IDF_PRODUCTS;
    }

    /** True if the sums are fixed point (inverse-user-frequency or weight products): see {@link #fractionBits()}. */
    public boolean isFixedPoint() {
      return kind != Kind.TABLE;
    }

    /** True for {@link #idfWeightProducts}. */
    public boolean weighsByInverseUserFrequency() {
      return kind == Kind.IDF_PRODUCTS;
    }

    /**
     * One weight product of a spec that {@linkplain #usesWeights() uses weights}: the term the
     * weights {@code a} and {@code b} of a row of {@code rowLength} items add to their pair (to
     * the item, with {@code a == b}), in units of {@code 2^-F}.
     *
     * @throws IllegalStateException if the spec does not use weights
     * @throws IllegalArgumentException if a weight is negative or not finite, or {@code rowLength <
     *     1}
     * @throws ArithmeticException if the term does not fit a long (never with a scale the rule
     *     chose for data holding these weights)
     */
    public long productTerm(float a, float b, int rowLength) {
      if (!usesWeights()) {
        throw new IllegalStateException("these sums take no weights: " + this);
      }
      if (!(a >= 0 && b >= 0 && Float.isFinite(a) && Float.isFinite(b))) {
        throw new IllegalArgumentException("weights must be finite and >= 0");
      }
      if (rowLength < 1) {
        throw new IllegalArgumentException("rowLength must be >= 1. Provided value: " + rowLength);
      }
      return PairSums.product(a, b, rowFactor(rowLength), fractionBits);
    }

    /** The factor of every product of a row of {@code k >= 1} items: 1, or {@code idf(k)²}. */
    double rowFactor(int k) {
      if (kind != Kind.IDF_PRODUCTS || k == 0) {
        return 1.0;
      }
      double idf = StrictMath.log1p((double) numItems / k);
      return idf * idf;
    }

    /** Checks that {@code weights} are finite, {@code >= 0} and {@code length} many (no value is quoted). */
    static void checkWeights(float[] weights, int length) {
      if (weights == null) {
        throw new IllegalArgumentException("a spec of weight products sums weighted rows: pass the weights");
      }
      if (weights.length != length) {
        throw new IllegalArgumentException("weights must be aligned with the items (" + length
            + "). Provided length: " + weights.length);
      }
      for (float w : weights) {
        if (!(w >= 0 && Float.isFinite(w))) {
          throw new IllegalArgumentException("weights must be finite and >= 0");
        }
      }
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
          checkTable("pairWeights", pairWeights, maxItemsPerCustomer), Kind.TABLE, -1);
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
     * @throws IllegalStateException if the spec {@linkplain #usesWeights() uses weights} (its
     *     terms are {@link #productTerm}s)
     */
    public long itemWeight(int k) {
      checkNoWeights();
      return weight(itemWeights, k);
    }

    /**
     * The weight a row of {@code k} items adds to each of its pairs (0 if pairs are not summed).
     *
     * @throws IllegalArgumentException if {@code k} is negative or above a bounded spec's {@code m}
     * @throws IllegalStateException if the spec {@linkplain #usesWeights() uses weights}
     */
    public long pairWeight(int k) {
      checkNoWeights();
      return weight(pairWeights, k);
    }

    private void checkNoWeights() {
      if (usesWeights()) {
        throw new IllegalStateException("the terms of weight products depend on the weights: use productTerm");
      }
    }

    private long weight(long[] table, int k) {
      if (k < 0 || (isBounded() && k > maxItemsPerCustomer)) {
        throw new IllegalArgumentException("a row holds at most maxItemsPerCustomer = " + maxItemsPerCustomer
            + " items in these sums; bound the rows first. Provided row length: " + k);
      }
      if (table == null) {
        return 0;
      }
      if (kind == Kind.IDF) {
        return k == 0 ? 0 : idfWeight(k);
      }
      return isBounded() ? table[k] : table[0];
    }

    private long idfWeight(int k) {
      double idf = StrictMath.log1p((double) numItems / k);
      return Math.round(Math.scalb(idf * idf, fractionBits));
    }

    /**
     * The fraction bits {@code F} of fixed-point specs ({@link #inverseUserFrequency}, {@link
     * #weightProducts}, {@link #idfWeightProducts}), or -1 for the others. A weight product spec
     * may have any {@code F}, -1 included: ask {@link #isFixedPoint()} to tell them apart.
     */
    public int fractionBits() {
      return fractionBits;
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
          && kind == s.kind && fractionBits == s.fractionBits;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * (31 * numItems + maxItemsPerCustomer) + Arrays.hashCode(itemWeights))
          + Arrays.hashCode(pairWeights)) + 31 * kind.ordinal() + fractionBits;
    }

    @Override
    public String toString() {
      return "Spec{" + numItems + " items" + (isBounded() ? ", at most " + maxItemsPerCustomer + " per row" : "")
          + (kind == Kind.IDF ? ", inverse-user-frequency weights (" + fractionBits + " fraction bits)" : "")
          + (kind == Kind.PRODUCTS ? ", weight products (" + fractionBits + " fraction bits)" : "")
          + (kind == Kind.IDF_PRODUCTS ? ", weight products times idf² (" + fractionBits + " fraction bits)" : "")
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
      if (spec.usesWeights()) {
        throw new IllegalArgumentException("a spec of weight products sums weighted rows: pass the weights");
      }
      return add(items, null);
    }

    /**
     * Adds one customer's row with its weights: for a spec that {@linkplain Spec#usesWeights() uses
     * weights}, the {@linkplain Spec#productTerm product terms} of her weights (terms of 0 add
     * nothing); any other spec ignores the weights (null allowed) and adds as {@link #add(int[])}.
     *
     * @param items her item indices, strictly increasing, in {@code [0, n)}
     * @param weights her weights, aligned with {@code items}, finite and {@code >= 0}
     * @throws IllegalArgumentException if the row or a weight is invalid (no item index or weight
     *     is named) or a sum overflows
     * @throws NullPointerException if {@code items} is null
     */
    public Accumulator add(int[] items, float[] weights) {
      requireNonNull(items, "items");
      spec.checkRow(items, 0, items.length);
      if (spec.usesWeights()) {
        Spec.checkWeights(weights, items.length);
        addProducts(items, weights);
        return this;
      }
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

    private void addProducts(int[] items, float[] weights) {
      int k = items.length;
      double factor = spec.rowFactor(k);
      long n = spec.numItems;
      try {
        for (int p = 0; p < k; p++) {
          long square = PairSums.product(weights[p], weights[p], factor, spec.fractionBits);
          itemSums[items[p]] = Math.addExact(itemSums[items[p]], square);
          long base = items[p] * n;
          for (int q = p + 1; q < k; q++) {
            long term = PairSums.product(weights[p], weights[q], factor, spec.fractionBits);
            if (term != 0) {
              pairs.add(base + items[q], term);
            }
          }
        }
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException("a co-occurrence sum overflows a long", overflow);
      }
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
