package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;

/**
 * The sufficient statistic of EASE: the Gram matrix {@code XᵀX} of the customers' rows as exact
 * {@code long} sums, in one of two kinds.
 * <ul>
 *   <li><b>Counts</b> (binarized EASE, {@link #of}, {@link #builder}): for every pair of items
 *       {@code (i, j)} the number of customers whose row holds both; the diagonal holds the item
 *       counts.
 *   <li><b>Weighted sums</b> (EASE with {@code binarize=false}, {@link #ofWeights}, {@link
 *       #weightedBuilder}): {@code S(i, j) = Σ_u round(w_ui · w_uj · 2^F)} over the customers
 *       holding both, a fixed-point sum in units of {@code 2^-F} ({@link #fractionBits()}), read
 *       as {@code S(i, j) · 2^-F} ({@link #value}).
 * </ul>
 * A fit from this statistic ({@link Ease#fit(ItemPairCounts, io.privrec.core.model.FitListener)})
 * gives the model the fit on the rows it was summed from gives, bit for bit, so the summing can run
 * elsewhere (for example on a cluster) and the inverse where the catalogue lives.
 *
 * <h2>Exactness</h2>
 * Every entry is an exact {@code long} sum (an overflow throws {@link ArithmeticException}, never
 * wraps): partial sums of disjoint sets of customers add up to the same value in any order. For
 * weighted sums each product of two float weights is exact in double and is rounded once, to the
 * nearest multiple of {@code 2^-F} (ties to even, {@link #quantizedProduct}); only that rounding
 * and the final conversion to double when fitting depend on the values, never the order of the
 * additions.
 *
 * <h2>The scale F of weighted sums</h2>
 * {@code F} is chosen from the data by {@link #fractionBits(long[], float[])}: with {@code c_i}
 * the number of customers holding item {@code i} and {@code W_i} its largest weight, {@code M =
 * max_i c_i · W_i²} bounds every entry ({@code S(i, j) ≤ c_ij · W_i · W_j ≤ √(c_i W_i² · c_j W_j²)
 * ≤ M}) and {@code F = 61 − ⌊log₂ M⌋}, so that {@code M · 2^F < 2^62}:
 * <ul>
 *   <li>Overflow: every partial and total sum stays below {@code 2^62 + c/2 < 2^63} (weights are
 *       positive, so partial sums only grow); it cannot overflow for any data the bound was taken
 *       on.
 *   <li>Precision: the quantum {@code 2^-F} is at most {@code M · 2^-61}, so an entry as large as
 *       {@code M} is held to 61 bits (a double keeps 53); each product is off by at most {@code
 *       2^-(F+1) ≤ M · 2^-62}, so entry {@code (i, j)} by at most {@code c_ij · M · 2^-62}, with
 *       {@code c_ij} the customers holding both. The fit's weights then differ from those of a
 *       double-precision Gram matrix by that perturbation {@code E} of {@code XᵀX + λI} ({@code
 *       ‖P' − P‖ ≤ ‖E‖/(λ(λ − ‖E‖))}), far below single precision on usual data.
 * </ul>
 * {@code F} depends on maxima and counts only, which do not depend on the order of the rows either.
 * A scale from the data, rather than a constant, keeps the statistic exact to 61 bits whatever the
 * weights' unit (ratings 1–5, play counts in the thousands, fractions): a constant {@code F} must
 * trade overflow on large weights against lost precision on small ones. Weighted sums of different
 * {@code F} cannot be added: a cluster computes {@code F} first, then the sums with it.
 *
 * <h2>Memory</h2>
 * The matrix is symmetric and stored as its lower triangle, row {@code i} holding {@code j = 0 …
 * i}: {@code n(n+1)/2} longs for {@code n} items (1.6 GB at 20,000 items), so {@code n} is at most
 * {@value #MAX_ITEMS}.
 *
 * <p>Immutable and thread-safe once built; the {@link Builder} is not thread-safe.
 */
public final class ItemPairCounts {
  /** The largest number of items: the packed triangle must fit one Java array. */
  public static final int MAX_ITEMS = 65_535;
  /**
   * The largest {@code |F|} accepted: past it the scaling leaves double's range. The rule gives
   * {@code |F| ≤ 359}, as products of floats span {@code 2^-298 … 2^256}.
   */
  public static final int MAX_FRACTION_BITS = 1_074;
  /** {@code F = HEADROOM_BITS − ⌊log₂ M⌋}: the bound {@code M} stays below {@code 2^62}. */
  private static final int HEADROOM_BITS = 61;

  private final IdIndex items;
  private final long[] lower; // row i at i(i+1)/2
  private final boolean weighted;
  private final int fractionBits; // 0 for counts

  private ItemPairCounts(IdIndex items, long[] lower, boolean weighted, int fractionBits) {
    this.items = items;
    this.lower = lower;
    this.weighted = weighted;
    this.fractionBits = fractionBits;
  }

  /**
   * A builder of the counts over {@code items}, all zero.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_ITEMS} items
   * @throws NullPointerException if {@code items} is null
   */
  public static Builder builder(IdIndex items) {
    return new Builder(requireNonNull(items, "items"), false, 0);
  }

  /**
   * A builder of weighted sums over {@code items} in units of {@code 2^-fractionBits}, all zero.
   * Partial sums added to it must be sums of {@link #quantizedProduct}s with the same {@code
   * fractionBits}, as {@link #fractionBits(long[], float[])} chooses it for the whole data.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_ITEMS} items or {@code
   *     |fractionBits| > } {@value #MAX_FRACTION_BITS}
   * @throws NullPointerException if {@code items} is null
   */
  public static Builder weightedBuilder(IdIndex items, int fractionBits) {
    checkFractionBits(fractionBits);
    return new Builder(requireNonNull(items, "items"), true, fractionBits);
  }

  /**
   * The weighted sums of {@code data} (weights as values), indexed by {@code data.items()}, with
   * {@code F} chosen by {@link #fractionBits(long[], float[])} from its item counts and largest
   * weights.
   *
   * @throws IllegalArgumentException if {@code data} has more than {@value #MAX_ITEMS} items
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemPairCounts ofWeights(InteractionMatrix data) {
    requireNonNull(data, "data");
    int f = fractionBits(data);
    Builder b = weightedBuilder(data.items(), f);
    for (int u = 0; u < data.numUsers(); u++) {
      int start = data.rowStart(u);
      int end = data.rowEnd(u);
      for (int p = start; p < end; p++) {
        for (int q = start; q <= p; q++) {
          b.add(data.itemAt(p), data.itemAt(q), quantizedProduct(data.weightAt(p), data.weightAt(q), f));
        }
      }
    }
    return b.build();
  }

  /** {@link #fractionBits(long[], float[])} of {@code data}'s item counts and largest weights. */
  static int fractionBits(InteractionMatrix data) {
    long[] counts = new long[data.numItems()];
    float[] maxWeights = new float[data.numItems()];
    for (int p = 0; p < data.numInteractions(); p++) {
      int i = data.itemAt(p);
      counts[i]++;
      maxWeights[i] = Math.max(maxWeights[i], data.weightAt(p));
    }
    return fractionBits(counts, maxWeights);
  }

  /**
   * The scale {@code F} of weighted sums (see the class documentation): {@code F = 61 − ⌊log₂ M⌋}
   * with {@code M = max_i itemCounts[i] · maxWeights[i]²} (computed in double, whose rounding is
   * monotone, so the true {@code M} stays below {@code 2^(62 − F)}), or 0 if {@code M = 0} (no
   * interactions: every sum is 0). Depends on counts and maxima only, so it is the same however the
   * rows were split.
   *
   * @param itemCounts per item, the number of customers holding it ({@code >= 0})
   * @param maxWeights per item, its largest weight (finite, {@code >= 0}; 0 for an item nobody holds)
   * @throws IllegalArgumentException if the arrays differ in length or hold a value out of range (no
   *     value is quoted: they are data)
   * @throws NullPointerException if an argument is null
   */
  public static int fractionBits(long[] itemCounts, float[] maxWeights) {
    requireNonNull(itemCounts, "itemCounts");
    requireNonNull(maxWeights, "maxWeights");
    if (itemCounts.length != maxWeights.length) {
      throw new IllegalArgumentException("itemCounts and maxWeights must have one entry per item. Provided lengths: "
          + itemCounts.length + ", " + maxWeights.length);
    }
    double bound = 0;
    for (int i = 0; i < itemCounts.length; i++) {
      float w = maxWeights[i];
      if (itemCounts[i] < 0 || !(w >= 0 && Float.isFinite(w))) {
        throw new IllegalArgumentException("item counts must be >= 0 and largest weights finite and >= 0");
      }
      bound = Math.max(bound, itemCounts[i] * ((double) w * w));
    }
    return bound == 0 ? 0 : HEADROOM_BITS - Math.getExponent(bound);
  }

  /**
   * One customer's contribution to a weighted sum: {@code round(a · b · 2^fractionBits)}, to the
   * nearest integer, ties to even ({@code a · b} is exact in double).
   *
   * @throws IllegalArgumentException if a weight is negative or not finite, or {@code |fractionBits|
   *     >} {@value #MAX_FRACTION_BITS}
   * @throws ArithmeticException if the rounded product does not fit a long (the rule {@code a · b
   *     · 2^F < 2^63}; never for the {@code F} of data holding these weights)
   */
  public static long quantizedProduct(float a, float b, int fractionBits) {
    if (!(a >= 0 && b >= 0 && Float.isFinite(a) && Float.isFinite(b))) {
      throw new IllegalArgumentException("weights must be finite and >= 0");
    }
    checkFractionBits(fractionBits);
    return EaseSolver.units(a, b, fractionBits);
  }

  private static void checkFractionBits(int fractionBits) {
    if (fractionBits < -MAX_FRACTION_BITS || fractionBits > MAX_FRACTION_BITS) {
      throw new IllegalArgumentException("fractionBits must be in [-" + MAX_FRACTION_BITS + ", " + MAX_FRACTION_BITS
          + "]. Provided value: " + fractionBits);
    }
  }

  /**
   * The counts of {@code data}: customers holding each pair of its items, weights ignored, indexed
   * by {@code data.items()}.
   *
   * @throws IllegalArgumentException if {@code data} has more than {@value #MAX_ITEMS} items
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemPairCounts of(InteractionMatrix data) {
    requireNonNull(data, "data");
    Builder b = builder(data.items());
    for (int u = 0; u < data.numUsers(); u++) {
      int start = data.rowStart(u);
      int end = data.rowEnd(u);
      for (int p = start; p < end; p++) {
        for (int q = start; q <= p; q++) {
          b.add(data.itemAt(p), data.itemAt(q), 1);
        }
      }
    }
    return b.build();
  }

  /** The items counted, in index order. */
  public IdIndex items() {
    return items;
  }

  /** Number of items. */
  public int numItems() {
    return items.size();
  }

  /** True for weighted sums, false for counts. */
  public boolean weighted() {
    return weighted;
  }

  /** The scale {@code F} of weighted sums (entries are in units of {@code 2^-F}); 0 for counts. */
  public int fractionBits() {
    return fractionBits;
  }

  /**
   * The exact entry for the pair {@code (i, j)}: for counts, the number of customers holding both
   * {@code i} and {@code j} (for {@code i == j}: holding {@code i}); for weighted sums, {@code
   * S(i, j)} in units of {@code 2^-F}.
   *
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, numItems())}
   */
  public long count(int i, int j) {
    return lower[offset(i, j, numItems())];
  }

  /**
   * The Gram matrix entry {@code (i, j)} as a double: {@code count(i, j) · 2^-F}, rounded once.
   *
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, numItems())}
   */
  public double value(int i, int j) {
    return EaseSolver.toDouble(count(i, j), fractionBits);
  }

  /** The Gram matrix's lower triangle in double precision ({@link #value}), row {@code i} of length {@code i + 1}. */
  double[][] lowerTriangle() {
    int n = numItems();
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] ai = new double[i + 1];
      int base = (int) ((long) i * (i + 1) / 2);
      for (int j = 0; j <= i; j++) {
        ai[j] = EaseSolver.toDouble(lower[base + j], fractionBits);
      }
      a[i] = ai;
    }
    return a;
  }

  private static int offset(int i, int j, int n) {
    if (i < 0 || i >= n || j < 0 || j >= n) {
      throw new IndexOutOfBoundsException("item indices must be in [0, " + n + "). Provided: " + i + ", " + j);
    }
    int hi = Math.max(i, j);
    return (int) ((long) hi * (hi + 1) / 2 + Math.min(i, j));
  }

  @Override
  public String toString() {
    return "ItemPairCounts{" + numItems() + " items" + (weighted ? ", weighted, F = " + fractionBits : "") + "}";
  }

  /** Accumulates pair counts or weighted sums; {@link #build()} hands them over. Not thread-safe. */
  public static final class Builder {
    private final IdIndex items;
    private final boolean weighted;
    private final int fractionBits;
    private long[] lower;

    private Builder(IdIndex items, boolean weighted, int fractionBits) {
      if (items.size() > MAX_ITEMS) {
        throw new IllegalArgumentException("item pair counts hold at most " + MAX_ITEMS + " items. Provided: "
            + items.size());
      }
      this.items = items;
      this.weighted = weighted;
      this.fractionBits = fractionBits;
      long n = items.size();
      this.lower = new long[(int) (n * (n + 1) / 2)];
    }

    /**
     * Adds {@code count} to the entry of the unordered pair {@code (i, j)} ({@code (i, j)} and
     * {@code (j, i)} are the same entry; {@code i == j} is item {@code i}'s): for counts, that many
     * customers holding both; for weighted sums, a partial sum in units of {@code 2^-F}.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     * @throws ArithmeticException if the entry overflows a long (the rule: every entry below
     *     {@code 2^63}; for weighted sums, not with the {@code F} of the whole data)
     * @throws IndexOutOfBoundsException if an index is not in {@code [0, numItems)}
     * @throws IllegalStateException if the builder was already built
     */
    public Builder add(int i, int j, long count) {
      if (lower == null) {
        throw new IllegalStateException("the builder was already built");
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0. Provided value: " + count);
      }
      int at = offset(i, j, items.size());
      long sum = lower[at] + count;
      if (sum < 0) {
        throw new ArithmeticException("an item pair " + (weighted ? "sum (in units of 2^-" + fractionBits + ")"
            : "count") + " overflows a long: every entry must stay below 2^63");
      }
      lower[at] = sum;
      return this;
    }

    /**
     * The counts; the builder cannot be used afterwards (the array is handed over, not copied).
     *
     * @throws IllegalStateException if already built
     */
    public ItemPairCounts build() {
      if (lower == null) {
        throw new IllegalStateException("the builder was already built");
      }
      ItemPairCounts counts = new ItemPairCounts(items, lower, weighted, fractionBits);
      lower = null;
      return counts;
    }
  }
}
