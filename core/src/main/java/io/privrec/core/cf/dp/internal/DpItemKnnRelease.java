package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.PairSums;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.FitListener;
import java.util.Arrays;

/**
 * The thresholded sparse release of weighted item co-occurrence counts: the output is exactly
 * that of adding independent discrete Gaussian noise to the count of <em>every</em> unordered item
 * pair (zero or not) and keeping the pairs whose noisy count exceeds a threshold {@code τ}, but it
 * is computed without touching the {@code n(n-1)/2} pairs one by one. With the calibration of
 * {@link io.privrec.core.cf.dp.DpItemKnn} the release is (ε, δ)-differentially private for
 * add/remove-one-customer neighbours (privacy unit: one customer and all her data); {@code n} is the
 * public catalogue's size. Exception messages hold no count from the data.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>Weighted co-occurrence counts {@code W(i,j) = Σ_u w(u)} over users whose bounded row holds
 *       both items, accumulated per item from a column view: {@code O(Σ_u |row(u)|²)} time,
 *       memory proportional to the number {@code z} of non-zero pairs.
 *   <li>Non-zero pairs: noise is added to each and the pair is kept when {@code W + noise > τ}.
 *   <li>Zero pairs: each would be kept independently with probability {@code p = P(noise > τ)},
 *       so the number kept is {@code K ~ Binomial(n(n-1)/2 − z, p)} ({@link
 *       DpItemKnnGaussian#countAbove}, exact), the kept ones are a uniformly random {@code
 *       K}-subset of the zero pairs (distinct uniform ranks, mapped to pairs by skipping the
 *       non-zero ones), and each kept value is noise conditioned on exceeding {@code τ} ({@link
 *       DpItemKnnGaussian#sampleAbove}, exact). Given {@code K}, independent Bernoulli trials
 *       select a uniformly random subset of that size, so this is the same joint distribution.
 * </ol>
 * Cost {@code O(Σ_u |row(u)|² + z + K + n)} and memory {@code O(z + K + n)}: nothing of size
 * {@code n²} is allocated. Item counts get dense noise (one sample per item).
 *
 * <p>The result holds the kept pairs {@code (i, j)} with {@code i < j}, row by row with {@code j}
 * increasing, and their noisy values in count units. Immutable after construction; arrays
 * returned by accessors are shared and read-only.
 */
public final class DpItemKnnRelease {
  /** Pair noise is drawn this many samples at a time (bulk sampling, bounded extra memory). */
  private static final int PAIR_NOISE_BLOCK = 4096;

  private final int numItems;
  private final int[] ptr;
  private final int[] neighbours;
  private final long[] values;
  private final long[] itemCounts;
  private final long nonZeroPairs;
  private final long spuriousPairs;

  private DpItemKnnRelease(int numItems, int[] ptr, int[] neighbours, long[] values, long[] itemCounts,
      long nonZeroPairs, long spuriousPairs) {
    this.numItems = numItems;
    this.ptr = ptr;
    this.neighbours = neighbours;
    this.values = values;
    this.itemCounts = itemCounts;
    this.nonZeroPairs = nonZeroPairs;
    this.spuriousPairs = spuriousPairs;
  }

  /** True weighted co-occurrence counts of the upper triangle, row by row (for the release and for tests). */
  public static final class CoCounts {
    /** Row pointers over items {@code i}: pairs {@code (i, cols[p])} for {@code p} in {@code [ptr[i], ptr[i+1])}. */
    public final int[] ptr;
    /** Second items, increasing within a row, all {@code > i}. */
    public final int[] cols;
    /** Weighted counts, all {@code > 0}. */
    public final long[] counts;

    /** Wraps the arrays (shared). */
    public CoCounts(int[] ptr, int[] cols, long[] counts) {
      this.ptr = ptr;
      this.cols = cols;
      this.counts = counts;
    }

    /** The weighted count of pair {@code (i, j)}, {@code i != j}; 0 if absent. */
    public long count(int i, int j) {
      int a = Math.min(i, j);
      int b = Math.max(i, j);
      int p = Arrays.binarySearch(cols, ptr[a], ptr[a + 1], b);
      return p >= 0 ? counts[p] : 0;
    }
  }

  /**
   * Weighted co-occurrence counts: pair {@code (i, j)} receives {@code pairWeights[u]} from every
   * user {@code u} whose bounded row contains both items.
   *
   * @throws IllegalArgumentException if {@code pairWeights} does not have one non-negative entry per
   *     user
   */
  public static CoCounts coCounts(BoundingRows rows, long[] pairWeights, FitListener listener, double progressFrom,
      double progressTo) {
    requireNonNull(rows, "rows");
    requireNonNull(pairWeights, "pairWeights");
    requireNonNull(listener, "listener");
    int users = rows.numUsers();
    int n = rows.numItems();
    if (pairWeights.length != users) {
      // No count in the message: the number of customers is private.
      throw CorePreconditions.fail("pairWeights", "must have one entry per user");
    }
    for (long w : pairWeights) {
      if (w < 0) {
        throw CorePreconditions.fail("pairWeights", "must be >= 0");
      }
    }
    PairSums.Upper upper = PairSums.upper(n, rows.pointers(), rows.items(), pairWeights, listener, progressFrom,
        progressTo);
    return new CoCounts(upper.ptr(), upper.cols(), upper.sums());
  }

  /** Weighted item counts: item {@code i} receives {@code itemWeights[u]} from every user keeping it. */
  public static long[] itemCounts(BoundingRows rows, long[] itemWeights) {
    requireNonNull(rows, "rows");
    requireNonNull(itemWeights, "itemWeights");
    if (itemWeights.length != rows.numUsers()) {
      throw CorePreconditions.fail("itemWeights", "must have one entry per user");
    }
    return PairSums.items(rows.numItems(), rows.pointers(), rows.items(), itemWeights);
  }

  /**
   * Releases the thresholded noisy co-occurrence counts and the noisy item counts.
   *
   * @param co true weighted co-occurrence counts ({@link #coCounts})
   * @param trueItemCounts true weighted item counts ({@link #itemCounts}); not modified
   * @param pairNoise noise of every pair count
   * @param threshold {@code τ >= 0}: a pair is kept when its noisy count exceeds it
   * @param itemNoise noise of every item count
   * @param noise the randomness
   */
  public static DpItemKnnRelease release(CoCounts co, long[] trueItemCounts, DpItemKnnGaussian pairNoise,
      long threshold, DpItemKnnGaussian itemNoise, DpItemKnnNoise noise) {
    int n = trueItemCounts.length;
    long[] noisyItems = new long[n];
    noise.sample(itemNoise, noisyItems);
    for (int i = 0; i < n; i++) {
      noisyItems[i] = Math.addExact(trueItemCounts[i], noisyItems[i]);
    }
    // Non-zero pairs, in row-major (linear index) order, their noise drawn in blocks.
    long nonZero = co.cols.length;
    int[] keptCount = new int[n];
    long[] keptNonZero = new long[co.cols.length];
    boolean[] keep = new boolean[co.cols.length];
    long[] pairNoiseBlock = new long[Math.min(PAIR_NOISE_BLOCK, co.cols.length)];
    int blockStart = 0;
    int blockEnd = 0;
    for (int i = 0; i < n; i++) {
      for (int p = co.ptr[i]; p < co.ptr[i + 1]; p++) {
        if (p == blockEnd) {
          if (co.cols.length - p < pairNoiseBlock.length) {
            pairNoiseBlock = new long[co.cols.length - p];
          }
          noise.sample(pairNoise, pairNoiseBlock);
          blockStart = p;
          blockEnd = p + pairNoiseBlock.length;
        }
        long v = Math.addExact(co.counts[p], pairNoiseBlock[p - blockStart]);
        if (v > threshold) {
          keep[p] = true;
          keptNonZero[p] = v;
          keptCount[i]++;
        }
      }
    }
    // Zero pairs: how many pass, which ones (uniform ranks among zero pairs), and their values.
    long pairs = (long) n * (n - 1) / 2;
    long zeroPairs = pairs - nonZero;
    long spurious = noise.countAbove(pairNoise, zeroPairs, threshold);
    if (spurious > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("too many pairs pass the threshold"); // no data-dependent count
    }
    long[] ranks = distinctUniform((int) spurious, zeroPairs, noise);
    int[] spuriousRow = new int[ranks.length];
    int[] spuriousCol = new int[ranks.length];
    locateZeroPairs(co, n, ranks, spuriousRow, spuriousCol);
    for (int r : spuriousRow) {
      keptCount[r]++;
    }
    int[] ptr = new int[n + 1];
    for (int i = 0; i < n; i++) {
      ptr[i + 1] = ptr[i] + keptCount[i];
    }
    int[] cols = new int[ptr[n]];
    long[] vals = new long[ptr[n]];
    int s = 0;
    for (int i = 0; i < n; i++) {
      int out = ptr[i];
      int p = co.ptr[i];
      int end = co.ptr[i + 1];
      // Merge the kept non-zero pairs and the spurious pairs of row i (both increasing in j).
      while (p < end || (s < spuriousRow.length && spuriousRow[s] == i)) {
        boolean takeSpurious = s < spuriousRow.length && spuriousRow[s] == i
            && (p >= end || spuriousCol[s] < co.cols[p]);
        if (takeSpurious) {
          cols[out] = spuriousCol[s];
          vals[out] = noise.sampleAbove(pairNoise, threshold);
          out++;
          s++;
        } else {
          if (keep[p]) {
            cols[out] = co.cols[p];
            vals[out] = keptNonZero[p];
            out++;
          }
          p++;
        }
      }
    }
    return new DpItemKnnRelease(n, ptr, cols, vals, noisyItems, nonZero, spurious);
  }

  /** {@code k} distinct uniform integers in {@code [0, bound)}, increasing: a uniform k-subset. */
  static long[] distinctUniform(int k, long bound, DpItemKnnNoise noise) {
    long[] out = new long[k];
    int have = 0;
    while (have < k) {
      // Each value new to the set is uniform over the values not yet drawn, whatever the batching,
      // so the final set is a uniformly random k-subset.
      for (int a = have; a < k; a++) {
        out[a] = noise.uniform(bound);
      }
      Arrays.sort(out, 0, k);
      int distinct = 0;
      for (int a = 0; a < k; a++) {
        if (distinct == 0 || out[a] != out[distinct - 1]) {
          out[distinct++] = out[a];
        }
      }
      have = distinct;
    }
    return out;
  }

  /** Maps increasing ranks among the zero pairs (row-major order) to their (row, column). */
  static void locateZeroPairs(CoCounts co, int n, long[] ranks, int[] rowsOut, int[] colsOut) {
    int r = 0;
    long zerosBefore = 0;
    for (int i = 0; i < n && r < ranks.length; i++) {
      int nonZeroInRow = co.ptr[i + 1] - co.ptr[i];
      long zerosInRow = (long) (n - 1 - i) - nonZeroInRow;
      int p = co.ptr[i];
      int j = i + 1;
      long rankInRow = 0; // zero pairs of row i passed so far, for columns < j
      while (r < ranks.length && ranks[r] < zerosBefore + zerosInRow) {
        long target = ranks[r] - zerosBefore;
        // Advance j to the target-th zero column of this row, skipping the non-zero columns.
        while (true) {
          while (p < co.ptr[i + 1] && co.cols[p] < j) {
            p++;
          }
          if (p < co.ptr[i + 1] && co.cols[p] == j) {
            j++;
            continue;
          }
          if (rankInRow == target) {
            break;
          }
          rankInRow++;
          j++;
        }
        rowsOut[r] = i;
        colsOut[r] = j;
        r++;
      }
      zerosBefore += zerosInRow;
    }
  }

  /** Number of items. */
  public int numItems() {
    return numItems;
  }

  /** Row pointers of the kept pairs (shared, read-only). */
  public int[] pointers() {
    return ptr;
  }

  /** Second item {@code j > i} of each kept pair (shared, read-only). */
  public int[] neighbours() {
    return neighbours;
  }

  /** Noisy weighted count of each kept pair, {@code > τ} (shared, read-only). */
  public long[] values() {
    return values;
  }

  /** Noisy weighted item counts (shared, read-only). */
  public long[] itemCounts() {
    return itemCounts;
  }

  /** Number of pairs with a non-zero true count (internal; not part of the release). */
  long nonZeroPairs() {
    return nonZeroPairs;
  }

  /** Number of kept pairs whose true count is zero (internal; not part of the release). */
  long spuriousPairs() {
    return spuriousPairs;
  }
}
