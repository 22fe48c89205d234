package io.privrec.core.cf.internal;

import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import java.util.Arrays;

/**
 * Sparse item co-occurrence statistics of a users × items matrix of values {@code v(u, i)}: per
 * item its support {@code n(i)} (number of users) and squared norm {@code Σ_u v(u,i)²}; per pair
 * of distinct items that share a user their support {@code s(i,j)} (number of common users) and
 * dot product {@code Σ_u v(u,i)·v(u,j)}.
 *
 * <p>In binary mode (every value 1) the dot product equals the support and is not stored.
 *
 * <h2>Exact updates</h2>
 * {@link #without} subtracts erased users' statistics. Supports are integers, so they are always
 * exact, and a pair whose support drops to 0 disappears exactly as if the user had never been
 * there. Dot products and squared norms are double sums: exact (bit for bit equal to a fresh
 * computation) whenever every product of values is an integer below 2^53 — binary data and integer
 * ratings — or, for {@link #fixedPoint} statistics without item factors and {@link
 * #weightProducts} statistics, a multiple of {@code 2^-b} below {@code 2^(53-b)}; otherwise equal
 * up to rounding (relative error about 1e-16 per update).
 *
 * <p>Immutable: updates return a new instance sharing the rows they do not change. Rows: {@code
 * neighbours(i)} strictly increasing, aligned with {@code supports(i)} and {@code dots(i)}.
 */
public final class CoOccurrence {
  private final int[] itemSupport;
  private final double[] itemSquares;
  private final int[][] idx;
  private final int[][] sup;
  private final double[][] dot; // null in binary mode

  private CoOccurrence(int[] itemSupport, double[] itemSquares, int[][] idx, int[][] sup, double[][] dot) {
    this.itemSupport = itemSupport;
    this.itemSquares = itemSquares;
    this.idx = idx;
    this.sup = sup;
    this.dot = dot;
  }

  /**
   * Computes the statistics of the CSR matrix {@code (rowPtr, items, values)}.
   *
   * @param numItems number of items (columns)
   * @param rowPtr row pointers, length users + 1
   * @param items item per position, rows strictly increasing
   * @param values value per position, or null for binary mode
   * @param listener progress receiver (from the calling thread)
   */
  public static CoOccurrence compute(int numItems, int[] rowPtr, int[] items, double[] values, FitListener listener,
      double progressFrom, double progressTo) {
    // Column view: users of each item in increasing order.
    CsrTranspose columns = CsrTranspose.withPositions(numItems, rowPtr, items);
    int[] colPtr = columns.pointers();
    int[] colUser = columns.rows();
    int[] colPos = columns.positions(); // position of the entry in the row view
    int[] itemSupport = new int[numItems];
    double[] itemSquares = new double[numItems];
    int[][] idx = new int[numItems][];
    int[][] sup = new int[numItems][];
    double[][] dot = values == null ? null : new double[numItems][];
    Parallel.forRange(numItems, 64, Parallel.defaultThreads(), () -> new Scratch(numItems), (from, to, s) -> {
      for (int i = from; i < to; i++) {
        int touched = 0;
        double squares = 0;
        for (int q = colPtr[i]; q < colPtr[i + 1]; q++) {
          int u = colUser[q];
          double vi = values == null ? 1.0 : values[colPos[q]];
          squares += vi * vi;
          for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
            int j = items[p];
            if (j == i) {
              continue;
            }
            if (s.count[j]++ == 0) {
              s.touched[touched++] = j;
            }
            if (values != null) {
              s.sum[j] += vi * values[p];
            }
          }
        }
        itemSupport[i] = colPtr[i + 1] - colPtr[i];
        itemSquares[i] = values == null ? itemSupport[i] : squares;
        Arrays.sort(s.touched, 0, touched);
        int[] ri = new int[touched];
        int[] rs = new int[touched];
        double[] rd = values == null ? null : new double[touched];
        for (int k = 0; k < touched; k++) {
          int j = s.touched[k];
          ri[k] = j;
          rs[k] = s.count[j];
          s.count[j] = 0;
          if (rd != null) {
            rd[k] = s.sum[j];
            s.sum[j] = 0;
          }
        }
        idx[i] = ri;
        sup[i] = rs;
        if (dot != null) {
          dot[i] = rd;
        }
      }
    }, listener, "co-occurrence", progressFrom, progressTo);
    return new CoOccurrence(itemSupport, itemSquares, idx, sup, dot);
  }

  /**
   * Binary-mode statistics (every value 1) from exact counts: {@code itemCounts[i]} users hold item
   * {@code i}; the non-zero pair counts are given as the upper triangle in compressed rows ({@code
   * (i, upperCols[p])}, {@code upperCols[p] > i}, increasing within a row). Equal, array for array, to
   * {@link #compute} in binary mode on rows with these counts.
   *
   * @throws IllegalArgumentException if a count does not fit an {@code int} (the model stores
   *     supports as {@code int})
   */
  public static CoOccurrence binary(long[] itemCounts, int[] upperPtr, int[] upperCols, long[] upperCounts) {
    return fromUpper(itemCounts, null, upperPtr, upperCols, upperCounts, null, 0, null);
  }

  /**
   * Weighted-mode statistics from exact sums: supports from the counts, as {@link #binary}, and
   * values from fixed-point sums {@code S} (multiples of {@code 2^-fractionBits}) over the same
   * pairs: {@code squares(i) = S(i)·2^-b·f(i)·f(i)} and {@code dot(i, j) = S(i,j)·2^-b·f(i)·f(j)}
   * for {@code i < j}, evaluated left to right in double precision (one value per pair, stored in
   * both rows), with {@code f} the optional per-item factors (all 1 when null: no multiplication).
   * Without factors, and while every sum is below {@code 2^53}, every value is the exact sum, so
   * {@link #without} stays exact. The counts' and sums' pairs must be the same.
   *
   * @throws IllegalArgumentException if a count does not fit an {@code int} or a pair has a count
   *     but no sum (or the reverse)
   */
  public static CoOccurrence fixedPoint(long[] itemCounts, long[] itemSums, int[] upperPtr, int[] upperCols,
      long[] upperCounts, long[] upperSums, int fractionBits, double[] itemFactors) {
    return fromUpper(itemCounts, itemSums, upperPtr, upperCols, upperCounts, upperSums, fractionBits, itemFactors);
  }

  /**
   * Weighted-mode statistics from exact sums of weight products, as {@link #fixedPoint} without item
   * factors, where a sum may be 0 while its count is not (every term of it rounded to 0): the sums'
   * non-zero pairs {@code (sumPtr, sumCols, upperSums)} must be among the counts' pairs, and a pair
   * missing from them has dot product 0. Every sum must be below {@code 2^53}, so that every value
   * {@code S·2^-b} is exact and {@link #without} subtracts exactly.
   *
   * @throws IllegalArgumentException if a count does not fit an {@code int}, a sum is held where
   *     no count is, or a sum is not in {@code [0, 2^53]}
   */
  public static CoOccurrence weightProducts(long[] itemCounts, long[] itemSums, int[] upperPtr, int[] upperCols,
      long[] upperCounts, int[] sumPtr, int[] sumCols, long[] upperSums, int fractionBits) {
    long[] aligned = new long[upperCols.length];
    for (int i = 0; i + 1 < upperPtr.length; i++) {
      int p = upperPtr[i];
      for (int q = sumPtr[i]; q < sumPtr[i + 1]; q++) {
        while (p < upperPtr[i + 1] && upperCols[p] < sumCols[q]) {
          p++;
        }
        if (p == upperPtr[i + 1] || upperCols[p] != sumCols[q]) {
          throw new IllegalArgumentException("the value sums must be over the same rows as the counts: a pair has a"
              + " sum but no count");
        }
        aligned[p] = checkExact(upperSums[q]);
      }
    }
    for (int i = 0; i < itemCounts.length; i++) {
      checkExact(itemSums[i]);
      if (itemCounts[i] == 0 && itemSums[i] != 0) {
        throw new IllegalArgumentException("the value sums must be over the same rows as the counts: an item has a"
            + " sum but no count");
      }
    }
    return fromUpper(itemCounts, itemSums, upperPtr, upperCols, upperCounts, aligned, fractionBits, null, true);
  }

  private static long checkExact(long sum) {
    if (sum < 0 || sum > 1L << 53) {
      throw new IllegalArgumentException("value sums must be in [0, 2^53] (in units of the scale) to be exact in a"
          + " double: choose the scale with ItemKnn.valueFractionBits. Provided value: " + sum);
    }
    return sum;
  }

  private static CoOccurrence fromUpper(long[] itemCounts, long[] itemSums, int[] upperPtr, int[] upperCols,
      long[] upperCounts, long[] upperSums, int fractionBits, double[] factors) {
    return fromUpper(itemCounts, itemSums, upperPtr, upperCols, upperCounts, upperSums, fractionBits, factors, false);
  }

  private static CoOccurrence fromUpper(long[] itemCounts, long[] itemSums, int[] upperPtr, int[] upperCols,
      long[] upperCounts, long[] upperSums, int fractionBits, double[] factors, boolean zeroSums) {
    int n = itemCounts.length;
    int[] itemSupport = new int[n];
    double[] itemSquares = new double[n];
    for (int i = 0; i < n; i++) {
      itemSupport[i] = toSupport(itemCounts[i]);
      itemSquares[i] = itemSums == null ? itemSupport[i] : value(itemSums[i], fractionBits, factors, i, i);
      if (itemSums != null && !zeroSums) {
        checkSameSupport(itemSupport[i], itemSums[i]);
      }
    }
    int[] length = new int[n];
    for (int i = 0; i < n; i++) {
      length[i] += upperPtr[i + 1] - upperPtr[i];
      for (int p = upperPtr[i]; p < upperPtr[i + 1]; p++) {
        length[upperCols[p]]++;
      }
    }
    int[][] idx = new int[n][];
    int[][] sup = new int[n][];
    double[][] dot = upperSums == null ? null : new double[n][];
    for (int i = 0; i < n; i++) {
      idx[i] = new int[length[i]];
      sup[i] = new int[length[i]];
      if (dot != null) {
        dot[i] = new double[length[i]];
      }
    }
    // Row r receives its lower partners (i < r, while row i is visited) before its own upper
    // ones, each in increasing order: every row ends up strictly increasing.
    int[] fill = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = upperPtr[i]; p < upperPtr[i + 1]; p++) {
        int j = upperCols[p];
        int s = toSupport(upperCounts[p]);
        if (dot != null) {
          if (!zeroSums) {
            checkSameSupport(s, upperSums[p]);
          }
          double d = value(upperSums[p], fractionBits, factors, i, j);
          dot[i][fill[i]] = d;
          dot[j][fill[j]] = d;
        }
        idx[i][fill[i]] = j;
        sup[i][fill[i]++] = s;
        idx[j][fill[j]] = i;
        sup[j][fill[j]++] = s;
      }
    }
    return new CoOccurrence(itemSupport, itemSquares, idx, sup, dot);
  }

  private static double value(long sum, int fractionBits, double[] factors, int i, int j) {
    double v = Math.scalb((double) sum, -fractionBits);
    return factors == null ? v : v * factors[i] * factors[j];
  }

  private static void checkSameSupport(int count, long sum) {
    if ((count == 0) != (sum == 0)) {
      throw new IllegalArgumentException("the value sums must be over the same rows as the counts: a count and its"
          + " sum disagree on whether any row holds an item or pair");
    }
  }

  private static int toSupport(long count) {
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("co-occurrence counts must be in [0, " + Integer.MAX_VALUE
          + "]. Provided value: " + count);
    }
    return (int) count;
  }

  /**
   * Wraps stored statistics (used when loading a model file); the arrays are shared.
   *
   * @throws IllegalArgumentException naming {@code source} if they are inconsistent
   */
  public static CoOccurrence of(int[] itemSupport, double[] itemSquares, int[] ptr, int[] neighbours, int[] supports,
      double[] dots, String source) {
    int n = itemSupport.length;
    if (itemSquares.length != n || ptr.length != n + 1 || ptr[0] != 0 || ptr[n] != neighbours.length
        || supports.length != neighbours.length || (dots != null && dots.length != neighbours.length)) {
      throw new IllegalArgumentException(source + ": inconsistent co-occurrence arrays");
    }
    int[][] idx = new int[n][];
    int[][] sup = new int[n][];
    double[][] dot = dots == null ? null : new double[n][];
    for (int i = 0; i < n; i++) {
      if (ptr[i + 1] < ptr[i]) {
        throw new IllegalArgumentException(source + ": co-occurrence pointers decrease at item " + i);
      }
      idx[i] = Arrays.copyOfRange(neighbours, ptr[i], ptr[i + 1]);
      sup[i] = Arrays.copyOfRange(supports, ptr[i], ptr[i + 1]);
      for (int k = 0; k < idx[i].length; k++) {
        if (idx[i][k] < 0 || idx[i][k] >= n || idx[i][k] == i || (k > 0 && idx[i][k] <= idx[i][k - 1])
            || sup[i][k] <= 0) {
          throw new IllegalArgumentException(source + ": invalid co-occurrence entry of item " + i);
        }
      }
      if (dot != null) {
        dot[i] = Arrays.copyOfRange(dots, ptr[i], ptr[i + 1]);
      }
    }
    return new CoOccurrence(itemSupport.clone(), itemSquares.clone(), idx, sup, dot);
  }

  /**
   * Removes the statistics {@code removed} of some users' profiles (as {@link #compute} or {@link
   * #binary} gives them for those profiles alone): supports and squared norms are subtracted item by
   * item and, for every item in a removed profile, its row is rebuilt by one merge with the removed
   * row; the other rows are shared. Equal to a fresh computation without those users, exactly
   * under the conditions of the class documentation (the removed dot products must be summed over
   * the removed profiles in the order {@link #compute} sums them). Items left without users get
   * squared norm 0, as in a fresh computation. The messages name no item.
   *
   * @param removed the removed profiles' statistics, over the same items and in the same mode
   * @param touched receives true for every item in a removed profile (length {@link #numItems()})
   * @throws IllegalArgumentException if the modes or the numbers of items differ, or the removed
   *     statistics are not part of these (a support would become negative or a pair is missing)
   */
  public CoOccurrence without(CoOccurrence removed, boolean[] touched) {
    CorePreconditions.checkArgument(removed.binary() == binary(),
        "the removed statistics must be weighted exactly when these are");
    int n = itemSupport.length;
    if (removed.numItems() != n) {
      throw new IllegalArgumentException("the removed statistics must cover numItems() = " + n
          + " items. Provided: " + removed.numItems());
    }
    int[] changed = new int[n];
    int numChanged = 0;
    for (int i = 0; i < n; i++) {
      if (removed.itemSupport[i] > 0) {
        touched[i] = true;
        changed[numChanged++] = i;
      }
    }
    int[] newSupport = itemSupport.clone();
    double[] newSquares = itemSquares.clone();
    int[][] newIdx = idx.clone();
    int[][] newSup = sup.clone();
    double[][] newDot = dot == null ? null : dot.clone();
    int total = numChanged;
    Parallel.forRange(total, 16, (from, to) -> {
      for (int c = from; c < to; c++) {
        int i = changed[c];
        int support = itemSupport[i] - removed.itemSupport[i];
        if (support < 0) {
          throw notPart("an item's support would become negative");
        }
        newSupport[i] = support;
        newSquares[i] = dot == null || support == 0 ? support : itemSquares[i] - removed.itemSquares[i];
        rebuildRow(i, removed, newIdx, newSup, newDot);
      }
    }, FitListener.NONE, "co-occurrence", 0, 1);
    return new CoOccurrence(newSupport, newSquares, newIdx, newSup, newDot);
  }

  /** Row i minus the removed statistics' row i (a merge of two increasing rows). */
  private void rebuildRow(int i, CoOccurrence removed, int[][] newIdx, int[][] newSup, double[][] newDot) {
    int[] ri = idx[i];
    int[] rs = sup[i];
    double[] rd = dot == null ? null : dot[i];
    int[] xi = removed.idx[i];
    int[] xs = removed.sup[i];
    double[] xd = rd == null ? null : removed.dot[i];
    int[] oi = new int[ri.length];
    int[] os = new int[ri.length];
    double[] od = rd == null ? null : new double[ri.length];
    int out = 0;
    int x = 0;
    for (int k = 0; k < ri.length; k++) {
      int j = ri[k];
      int support = rs[k];
      double d = rd == null ? 0 : rd[k];
      if (x < xi.length && xi[x] < j) {
        break; // a removed pair this row does not hold: reported below
      }
      if (x < xi.length && xi[x] == j) {
        support -= xs[x];
        if (rd != null) {
          d -= xd[x];
        }
        x++;
        if (support < 0) {
          throw notPart("a pair's support would become negative");
        }
      }
      if (support > 0) {
        oi[out] = j;
        os[out] = support;
        if (od != null) {
          od[out] = d;
        }
        out++;
      }
    }
    if (x != xi.length) {
      throw notPart("a removed pair of items is held together by no profile");
    }
    // Usually no pair vanishes: keep the arrays as they are (and the unchanged neighbour indices).
    boolean full = out == ri.length;
    newIdx[i] = full ? ri : Arrays.copyOf(oi, out);
    newSup[i] = full ? os : Arrays.copyOf(os, out);
    if (newDot != null) {
      newDot[i] = full ? od : Arrays.copyOf(od, out);
    }
  }

  private static IllegalArgumentException notPart(String what) {
    return new IllegalArgumentException("cannot remove a profile that is not part of the data: " + what);
  }

  /** Number of items. */
  public int numItems() {
    return itemSupport.length;
  }

  /** True if values are all 1 (dot products equal supports). */
  public boolean binary() {
    return dot == null;
  }

  /** Number of users of item {@code i}. */
  public int support(int i) {
    return itemSupport[i];
  }

  /** Squared norm {@code Σ_u v(u,i)²} of item {@code i}. */
  public double squares(int i) {
    return itemSquares[i];
  }

  /** Items sharing a user with {@code i}, strictly increasing (shared, read-only). */
  public int[] neighbours(int i) {
    return idx[i];
  }

  /** Pair supports aligned with {@link #neighbours} (shared, read-only). */
  public int[] supports(int i) {
    return sup[i];
  }

  /** Dot product of {@code i} with its {@code k}-th neighbour. */
  public double dot(int i, int k) {
    return dot == null ? sup[i][k] : dot[i][k];
  }

  /** Item supports (shared, read-only). */
  public int[] itemSupports() {
    return itemSupport;
  }

  /** Item squared norms (shared, read-only). */
  public double[] itemSquares() {
    return itemSquares;
  }

  /** Row pointers of the flattened rows (a new array). */
  public int[] flatPointers() {
    int[] ptr = new int[idx.length + 1];
    for (int i = 0; i < idx.length; i++) {
      ptr[i + 1] = ptr[i] + idx[i].length;
    }
    return ptr;
  }

  /** All rows' neighbours concatenated (a new array). */
  public int[] flatNeighbours() {
    return flatten(idx);
  }

  /** All rows' supports concatenated (a new array). */
  public int[] flatSupports() {
    return flatten(sup);
  }

  /** All rows' dot products concatenated (a new array), or null in binary mode. */
  public double[] flatDots() {
    if (dot == null) {
      return null;
    }
    int[] ptr = flatPointers();
    double[] out = new double[ptr[ptr.length - 1]];
    for (int i = 0; i < dot.length; i++) {
      System.arraycopy(dot[i], 0, out, ptr[i], dot[i].length);
    }
    return out;
  }

  private int[] flatten(int[][] rows) {
    int[] ptr = flatPointers();
    int[] out = new int[ptr[ptr.length - 1]];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, ptr[i], rows[i].length);
    }
    return out;
  }

  private static final class Scratch {
    final int[] count;
    final double[] sum;
    final int[] touched;

    Scratch(int numItems) {
      count = new int[numItems];
      sum = new double[numItems];
      touched = new int[numItems];
    }
  }
}
