package io.privrec.core.cf.internal;

import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;

/**
 * The previous in-place inverse of a symmetric positive-definite matrix by the blocked sweep
 * operator (Gauss–Jordan elimination without pivoting, which is stable for positive-definite
 * matrices), kept as the reference that {@link SymmetricInverse} is tested and benchmarked against;
 * its row kernel {@link #rankUpdate} also serves the small triangular solve of {@link
 * EaseDowndate}. Slower than {@link SymmetricInverse} (its kernel streams every row through
 * memory once per four pivots), otherwise equivalent within floating-point rounding.
 *
 * <h2>Method</h2>
 * The sweep on a block K of pivots maps {@code A_KK → −A_KK⁻¹}, {@code A_RK → A_RK·A_KK⁻¹} and
 * {@code A_RR → A_RR − A_RK·A_KK⁻¹·A_KR}; sweeping every index in turn yields {@code −A⁻¹}
 * (Goodnight, "A tutorial on the SWEEP operator", The American Statistician 33(3), 1979). Each
 * pivot block is a Schur complement of a positive-definite matrix, hence positive definite. Only
 * the lower triangle is stored (row {@code i} has {@code i + 1} entries), so the rank-{@code b}
 * updates cost {@code n³} flops in total — the same as Cholesky + triangular inverse + product —
 * with a single, cache-blocked kernel (rows × 512-column tiles × 4 pivot columns at a time) run
 * in parallel over rows.
 *
 * <p>Deterministic: every entry is computed by one thread in a fixed order, so results do not
 * depend on the number of threads.
 */
public final class SweepInverse {
  private static final int BLOCK = 64;
  private static final int TILE = 512;
  private static final int ROW_GRAIN = 16;

  private SweepInverse() {}

  /**
   * Replaces the lower triangle {@code a} (row {@code i} of length {@code i + 1}) of a symmetric
   * positive-definite matrix by the lower triangle of its inverse.
   *
   * @throws ArithmeticException if a pivot is not positive (the matrix is not positive definite
   *     to working precision)
   */
  public static void invertInPlace(double[][] a, FitListener listener, String stage, double progressFrom,
      double progressTo) {
    int n = a.length;
    double total = (double) n * n * n;
    double doneWork = 0;
    for (int k0 = 0; k0 < n; k0 += BLOCK) {
      int k1 = Math.min(n, k0 + BLOCK);
      double[][] vt = SymmetricInverse.pivotRows(a, k0, k1);
      double[][] minv = SymmetricInverse.pivotInverse(vt, k0, k1);
      double[][] w = times(minv, vt);
      update(a, vt, w, k0, k1);
      SymmetricInverse.writeBack(a, w, minv, k0, k1);
      doneWork += (double) n * n * (k1 - k0);
      listener.progress(stage, progressFrom + (progressTo - progressFrom) * Math.min(1.0, doneWork / total));
    }
    SymmetricInverse.negate(a, stage, progressTo);
  }

  /** {@code w = minv·vt} ({@code b × n}). */
  static double[][] times(double[][] minv, double[][] vt) {
    int b = minv.length;
    int n = vt[0].length;
    double[][] w = new double[b][n];
    Parallel.forRange(n, 1024, (from, to) -> {
      for (int m = 0; m < b; m++) {
        double[] wm = w[m];
        double[] im = minv[m];
        for (int q = 0; q < b; q++) {
          double c = im[q];
          double[] vq = vt[q];
          for (int j = from; j < to; j++) {
            wm[j] += c * vq[j];
          }
        }
      }
    }, FitListener.NONE, "", 0, 0);
    return w;
  }

  /** {@code A_RR -= A_RK·W} on the lower triangle outside the block. */
  private static void update(double[][] a, double[][] vt, double[][] w, int k0, int k1) {
    int n = a.length;
    int b = k1 - k0;
    Parallel.forRange(n, ROW_GRAIN, (from, to) -> {
      double[] c = new double[b];
      for (int jt = 0; jt < to; jt += TILE) {
        for (int i = Math.max(from, jt); i < to; i++) {
          if (i >= k0 && i < k1) {
            continue;
          }
          int jEnd = Math.min(i + 1, jt + TILE);
          for (int m = 0; m < b; m++) {
            c[m] = vt[m][i];
          }
          double[] ai = a[i];
          // Columns [jt, jEnd) minus the block [k0, k1).
          int lo1 = jt;
          int hi1 = Math.min(jEnd, k0);
          int lo2 = Math.max(jt, k1);
          int hi2 = jEnd;
          if (lo1 < hi1) {
            rankUpdate(ai, c, w, b, lo1, hi1);
          }
          if (lo2 < hi2) {
            rankUpdate(ai, c, w, b, lo2, hi2);
          }
        }
      }
    }, FitListener.NONE, "", 0, 0);
  }

  /** {@code ai[j] -= Σ_m c[m]·w[m][j]} for j in [lo, hi), four pivot columns per pass. */
  static void rankUpdate(double[] ai, double[] c, double[][] w, int b, int lo, int hi) {
    int m = 0;
    for (; m + 3 < b; m += 4) {
      double c0 = c[m];
      double c1 = c[m + 1];
      double c2 = c[m + 2];
      double c3 = c[m + 3];
      double[] w0 = w[m];
      double[] w1 = w[m + 1];
      double[] w2 = w[m + 2];
      double[] w3 = w[m + 3];
      for (int j = lo; j < hi; j++) {
        ai[j] -= c0 * w0[j] + c1 * w1[j] + c2 * w2[j] + c3 * w3[j];
      }
    }
    for (; m < b; m++) {
      double cm = c[m];
      double[] wm = w[m];
      for (int j = lo; j < hi; j++) {
        ai[j] -= cm * wm[j];
      }
    }
  }
}
