package io.privrec.core.cf.internal;

import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import java.util.Arrays;

/**
 * Weighted co-occurrence sums of sorted sparse rows, upper triangle: pair {@code (i, j)}, {@code i
 * < j}, receives {@code weights[u]} from every row {@code u} holding both. Computed per item from a
 * column view, in parallel over items, with exact {@code long} sums: the result does not depend on
 * the number of threads. Stateless.
 */
public final class PairSums {
  private PairSums() {}

  /**
   * The non-zero sums as compressed rows over the first item, second items increasing within a
   * row; progress stage {@code co-occurrence}.
   *
   * @param numItems number of items
   * @param rowPtr row pointers, length rows + 1
   * @param items item per position, strictly increasing within each row
   * @param weights weight per row ({@code >= 0}; a row of weight 0 adds nothing)
   */
  public static Upper upper(int numItems, int[] rowPtr, int[] items, long[] weights, FitListener listener,
      double progressFrom, double progressTo) {
    return upper(numItems, rowPtr, items, weights, null, null, 0, listener, progressFrom, progressTo);
  }

  /**
   * The non-zero sums of weight products, as {@link #upper(int, int[], int[], long[], FitListener,
   * double, double)}: pair {@code (i, j)} receives {@link #product product(x_ui, x_uj,
   * rowFactors[u], fractionBits)} from every row {@code u} holding both ({@code values} aligned with
   * {@code items}); a term of 0 adds nothing.
   *
   * @throws ArithmeticException if a term or a sum does not fit a long
   */
  public static Upper upperProducts(int numItems, int[] rowPtr, int[] items, float[] values, double[] rowFactors,
      int fractionBits, FitListener listener, double progressFrom, double progressTo) {
    return upper(numItems, rowPtr, items, null, values, rowFactors, fractionBits, listener, progressFrom, progressTo);
  }

  /**
   * One product term: {@code rint(fl(a·b·factor) · 2^fractionBits)} ({@code a·b} is exact in
   * double; with {@code factor} 1 the term is {@link EaseSolver#units(float, float, int)}).
   *
   * @throws ArithmeticException if the term does not fit a long
   */
  public static long product(float a, float b, double factor, int fractionBits) {
    return EaseSolver.units((double) a * b * factor, fractionBits);
  }

  /** Item sums of weight products: item {@code i} receives {@code product(x_ui, x_ui, rowFactors[u], F)}. */
  public static long[] itemProducts(int numItems, int[] rowPtr, int[] items, float[] values, double[] rowFactors,
      int fractionBits) {
    long[] sums = new long[numItems];
    for (int u = 0; u + 1 < rowPtr.length; u++) {
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        sums[items[p]] = Math.addExact(sums[items[p]], product(values[p], values[p], rowFactors[u], fractionBits));
      }
    }
    return sums;
  }

  private static Upper upper(int numItems, int[] rowPtr, int[] items, long[] weights, float[] values,
      double[] rowFactors, int fractionBits, FitListener listener, double progressFrom, double progressTo) {
    int n = numItems;
    CsrTranspose columns = CsrTranspose.withPositions(n, rowPtr, items);
    int[] colPtr = columns.pointers();
    int[] colRow = columns.rows();
    int[] colPos = columns.positions();
    int[][] rowCols = new int[n][];
    long[][] rowSums = new long[n][];
    Parallel.forRange(n, 64, Parallel.defaultThreads(), () -> new Scratch(n), (from, to, scratch) -> {
      long[] sum = scratch.sum;
      int[] touched = scratch.touched;
      for (int i = from; i < to; i++) {
        int count = 0;
        for (int q = colPtr[i]; q < colPtr[i + 1]; q++) {
          int u = colRow[q];
          if (values != null) {
            float xi = values[colPos[q]];
            double f = rowFactors[u];
            for (int p = colPos[q] + 1; p < rowPtr[u + 1]; p++) {
              long term = product(xi, values[p], f, fractionBits);
              if (term != 0) { // sums only grow: 0 still means untouched
                int j = items[p];
                if (sum[j] == 0) {
                  touched[count++] = j;
                }
                sum[j] = Math.addExact(sum[j], term);
              }
            }
            continue;
          }
          long w = weights[u];
          if (w == 0) {
            continue;
          }
          // Rows are sorted: the items after position colPos[q] are exactly the j > i.
          for (int p = colPos[q] + 1; p < rowPtr[u + 1]; p++) {
            int j = items[p];
            if (sum[j] == 0) {
              touched[count++] = j;
            }
            sum[j] = Math.addExact(sum[j], w);
          }
        }
        int[] cols = new int[count];
        long[] sums = new long[count];
        if (count > (n - i) >> 3) {
          // Many partners: one pass over the columns after i finds them in order, without sorting.
          for (int j = i + 1, c = 0; c < count; j++) {
            if (sum[j] != 0) {
              cols[c] = j;
              sums[c++] = sum[j];
              sum[j] = 0;
            }
          }
        } else {
          Arrays.sort(touched, 0, count);
          for (int k = 0; k < count; k++) {
            cols[k] = touched[k];
            sums[k] = sum[cols[k]];
            sum[cols[k]] = 0;
          }
        }
        rowCols[i] = cols;
        rowSums[i] = sums;
      }
    }, listener, "co-occurrence", progressFrom, progressTo);
    int[] ptr = new int[n + 1];
    for (int i = 0; i < n; i++) {
      ptr[i + 1] = ptr[i] + rowCols[i].length;
    }
    int[] cols = new int[ptr[n]];
    long[] sums = new long[ptr[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowCols[i], 0, cols, ptr[i], rowCols[i].length);
      System.arraycopy(rowSums[i], 0, sums, ptr[i], rowSums[i].length);
      rowCols[i] = null;
      rowSums[i] = null;
    }
    return new Upper(ptr, cols, sums);
  }

  /**
   * Weighted item sums: item {@code i} receives {@code weights[u]} from every row holding it.
   */
  public static long[] items(int numItems, int[] rowPtr, int[] items, long[] weights) {
    long[] sums = new long[numItems];
    for (int u = 0; u + 1 < rowPtr.length; u++) {
      for (int p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
        sums[items[p]] = Math.addExact(sums[items[p]], weights[u]);
      }
    }
    return sums;
  }

  /** Upper-triangle sums as compressed rows; arrays shared, read-only. */
  public record Upper(int[] ptr, int[] cols, long[] sums) {}

  /** Per-thread accumulators: all zero between items. */
  private static final class Scratch {
    final long[] sum;
    final int[] touched;

    Scratch(int n) {
      sum = new long[n];
      touched = new int[n];
    }
  }
}
