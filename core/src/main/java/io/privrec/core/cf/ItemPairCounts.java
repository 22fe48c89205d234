package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;

/**
 * The sufficient statistic of binarized EASE: for every pair of items {@code (i, j)}, the number of
 * customers whose row holds both — the Gram matrix {@code XᵀX} of the 0/1 interaction matrix, whose
 * diagonal holds the item counts. A fit from these counts ({@link Ease#fit(ItemPairCounts,
 * io.privrec.core.model.FitListener)}) gives the model the fit on the rows they were counted from
 * gives, bit for bit, so the counting can run elsewhere (for example on a cluster) and the inverse
 * where the catalogue lives.
 *
 * <p>Counts are exact {@code long} integers: partial counts of disjoint sets of customers add up
 * to the same value in any order. The matrix is symmetric and stored as its lower triangle, row
 * {@code i} holding {@code j = 0 … i}: {@code n(n+1)/2} longs for {@code n} items (1.6 GB at
 * 20,000 items), so {@code n} is at most {@value #MAX_ITEMS}.
 *
 * <p>Immutable and thread-safe once built; the {@link Builder} is not thread-safe.
 */
public final class ItemPairCounts {
  /** The largest number of items: the packed triangle must fit one Java array. */
  public static final int MAX_ITEMS = 65_535;

  private final IdIndex items;
  private final long[] lower; // row i at i(i+1)/2

  private ItemPairCounts(IdIndex items, long[] lower) {
    this.items = items;
    this.lower = lower;
  }

  /**
   * A builder of the counts over {@code items}, all zero.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_ITEMS} items
   * @throws NullPointerException if {@code items} is null
   */
  public static Builder builder(IdIndex items) {
    return new Builder(requireNonNull(items, "items"));
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

  /**
   * The number of customers holding both {@code i} and {@code j} (for {@code i == j}: holding
   * {@code i}).
   *
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, numItems())}
   */
  public long count(int i, int j) {
    return lower[offset(i, j, numItems())];
  }

  /** The Gram matrix's lower triangle in double precision, row {@code i} of length {@code i + 1}. */
  double[][] lowerTriangle() {
    int n = numItems();
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] ai = new double[i + 1];
      int base = (int) ((long) i * (i + 1) / 2);
      for (int j = 0; j <= i; j++) {
        ai[j] = lower[base + j];
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
    return "ItemPairCounts{" + numItems() + " items}";
  }

  /** Accumulates pair counts; {@link #build()} hands the counts over. Not thread-safe. */
  public static final class Builder {
    private final IdIndex items;
    private long[] lower;

    private Builder(IdIndex items) {
      if (items.size() > MAX_ITEMS) {
        throw new IllegalArgumentException("item pair counts hold at most " + MAX_ITEMS + " items. Provided: "
            + items.size());
      }
      this.items = items;
      long n = items.size();
      this.lower = new long[(int) (n * (n + 1) / 2)];
    }

    /**
     * Adds {@code count} customers holding both {@code i} and {@code j} (the pair is unordered:
     * {@code (i, j)} and {@code (j, i)} are the same entry; {@code i == j} counts item {@code i}).
     *
     * @throws IllegalArgumentException if {@code count < 0}
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
      lower[at] = Math.addExact(lower[at], count);
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
      ItemPairCounts counts = new ItemPairCounts(items, lower);
      lower = null;
      return counts;
    }
  }
}
