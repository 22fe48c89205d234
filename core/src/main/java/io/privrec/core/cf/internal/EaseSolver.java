package io.privrec.core.cf.internal;

import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;

/**
 * The two numerical steps of EASE (Steck 2019) shared by the exact and the differentially private
 * fit: the Gram matrix {@code XᵀX} of weighted sparse rows, and the weights {@code B = I −
 * P·diag(1/diag(P))} from a regularised Gram matrix, {@code P = (XᵀX + Λ)⁻¹}.
 *
 * <p>Matrices are lower triangles in double precision: row {@code i} has {@code i + 1} entries.
 * Deterministic (every entry is summed by one thread in a fixed order); stateless.
 */
public final class EaseSolver {
  private static final int GRAIN = 64;

  private EaseSolver() {}

  /**
   * The lower triangle of {@code XᵀX} for the sparse rows {@code (ptr, items, values)}: row
   * {@code u} holds items {@code items[ptr[u] … ptr[u+1]-1]} (increasing) with values {@code
   * values[…]}. Parallel over items; reports progress from {@code from} to {@code to}.
   */
  public static double[][] gram(int[] ptr, int[] items, float[] values, int numItems, FitListener listener,
      String stage, double from, double to) {
    int n = numItems;
    CsrTranspose columns = CsrTranspose.withValues(n, ptr, items, values);
    int[] colPtr = columns.pointers();
    int[] colUser = columns.rows();
    float[] colValue = columns.values();
    double[][] a = new double[n][];
    Parallel.forRange(n, GRAIN, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        double[] ai = new double[i + 1];
        for (int q = colPtr[i]; q < colPtr[i + 1]; q++) {
          int u = colUser[q];
          double xi = colValue[q];
          for (int p = ptr[u]; p < ptr[u + 1] && items[p] <= i; p++) {
            ai[items[p]] += xi * values[p];
          }
        }
        a[i] = ai;
      }
    }, listener, stage, from, to);
    return a;
  }

  /** The largest double below 2^63: a rounded product at or above 2^63 does not fit a long. */
  private static final double TWO_POW_63 = 0x1p63;

  /**
   * A product of two weights as a fixed-point multiple of {@code 2^-fractionBits}: {@code rint(a ·
   * b · 2^fractionBits)}. {@code a · b} is exact in double (two 24-bit significands), and so is the
   * scaling by a power of two for every product that can round to a non-zero value, so the result
   * is the exactly rounded product (ties to even): a pure function of its arguments.
   *
   * @throws ArithmeticException if the rounded product is not below {@code 2^63} (it does not fit a
   *     long)
   */
  public static long units(float a, float b, int fractionBits) {
    return units((double) a * b, fractionBits);
  }

  /**
   * A non-negative double {@code product} as a fixed-point multiple of {@code 2^-fractionBits}:
   * {@code rint(product · 2^fractionBits)} ({@link #units(float, float, int)} of an exact product).
   *
   * @throws ArithmeticException if the rounded value is not below {@code 2^63}
   */
  public static long units(double product, int fractionBits) {
    double scaled = Math.rint(Math.scalb(product, fractionBits));
    if (!(scaled < TWO_POW_63)) {
      throw new ArithmeticException("a weight product times 2^" + fractionBits + " does not fit a long (the rule:"
          + " Σ_u w_ui·w_uj · 2^F < 2^63)");
    }
    return (long) scaled;
  }

  /**
   * The lower triangle of {@code XᵀX} from exact fixed-point sums: entry {@code (i, j)} is {@code S ·
   * 2^-fractionBits} rounded once to double, where {@code S = Σ_u units(x_ui, x_uj, fractionBits)}
   * is summed in {@code long} (or, with {@code values} null, the number of rows holding both items,
   * {@code fractionBits} then 0). Equal bit for bit, entry by entry, to the same sums computed in
   * any order or split, since only the final conversion rounds. Rows as in {@link #gram}; parallel
   * over items; progress from {@code from} to {@code to}.
   *
   * @throws ArithmeticException if a sum does not fit a long
   */
  public static double[][] fixedPointGram(int[] ptr, int[] items, float[] values, int fractionBits, int numItems,
      FitListener listener, String stage, double from, double to) {
    int n = numItems;
    CsrTranspose columns = values == null ? CsrTranspose.of(n, ptr, items)
        : CsrTranspose.withValues(n, ptr, items, values);
    int[] colPtr = columns.pointers();
    int[] colUser = columns.rows();
    float[] colValue = values == null ? null : columns.values();
    double[][] a = new double[n][];
    Parallel.forRange(n, GRAIN, Parallel.defaultThreads(), () -> new long[n], (lo, hi, sums) -> {
      for (int i = lo; i < hi; i++) {
        for (int q = colPtr[i]; q < colPtr[i + 1]; q++) {
          int u = colUser[q];
          if (values == null) {
            for (int p = ptr[u]; p < ptr[u + 1] && items[p] <= i; p++) {
              sums[items[p]]++;
            }
          } else {
            float xi = colValue[q];
            for (int p = ptr[u]; p < ptr[u + 1] && items[p] <= i; p++) {
              sums[items[p]] = Math.addExact(sums[items[p]], units(xi, values[p], fractionBits));
            }
          }
        }
        double[] ai = new double[i + 1];
        for (int j = 0; j <= i; j++) {
          ai[j] = toDouble(sums[j], fractionBits);
          sums[j] = 0;
        }
        a[i] = ai;
      }
    }, listener, stage, from, to);
    return a;
  }

  /** A fixed-point sum as a double: one rounding (long to double), then an exact power-of-two scaling. */
  public static double toDouble(long sum, int fractionBits) {
    return Math.scalb((double) sum, -fractionBits);
  }

  /**
   * Inverts the regularised Gram lower triangle {@code a} in place ({@link SymmetricInverse}) and
   * returns {@code B} row-major ({@code B[j][t]} at {@code j·n + t}, zero diagonal); the rows of
   * {@code a} are released (set to null) as they are consumed. Progress: stage {@code inverse}
   * over {@code [from, mid]}, then {@code weights} over {@code [mid, to]}.
   *
   * @throws ArithmeticException if {@code a} is not positive definite to working precision (then
   *     {@code a} is partly overwritten)
   */
  public static float[] weights(double[][] a, FitListener listener, double from, double mid, double to) {
    return weights(a, null, listener, from, mid, to);
  }

  /**
   * As {@link #weights(double[][], FitListener, double, double, double)}, also storing the diagonal
   * of {@code P} into {@code diagonal} (length n) unless it is null.
   */
  public static float[] weights(double[][] a, double[] diagonal, FitListener listener, double from, double mid,
      double to) {
    SymmetricInverse.invertInPlace(a, listener, "inverse", from, mid);
    return weightsFromInverse(a, diagonal, listener, mid, to);
  }

  /**
   * {@code B} row-major from the lower triangle {@code p} of {@code P}, releasing (nulling) its
   * rows as they are consumed; stores {@code P}'s diagonal into {@code diagonal} unless null.
   */
  public static float[] weightsFromInverse(double[][] p, double[] diagonal, FitListener listener, double from,
      double to) {
    int n = p.length;
    // B[j][t] = −P[j][t] / P[t][t], zero diagonal.
    double[] diag = diagonal != null ? diagonal : new double[n];
    for (int t = 0; t < n; t++) {
      diag[t] = p[t][t];
    }
    float[] b = new float[n * n];
    Parallel.forRange(n, GRAIN, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        double[] pi = p[i];
        long rowI = (long) i * n;
        for (int j = 0; j < i; j++) {
          b[(int) (rowI + j)] = (float) (-pi[j] / diag[j]);
          b[j * n + i] = (float) (-pi[j] / diag[i]);
        }
        p[i] = null;
      }
    }, listener, "weights", from, to);
    return b;
  }
}
