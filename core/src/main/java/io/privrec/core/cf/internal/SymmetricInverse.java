package io.privrec.core.cf.internal;

import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import java.util.Arrays;

/**
 * In-place inverse of a symmetric positive-definite matrix by the blocked sweep operator
 * (Gauss–Jordan elimination without pivoting, which is stable for positive-definite matrices),
 * with a register-blocked kernel on packed panels.
 *
 * <h2>Method</h2>
 * The sweep on a block K of pivots maps {@code A_KK → −A_KK⁻¹}, {@code A_RK → A_RK·A_KK⁻¹} and
 * {@code A_RR → A_RR − A_RK·A_KK⁻¹·A_KR}; sweeping every index in turn yields {@code −A⁻¹}
 * (Goodnight, "A tutorial on the SWEEP operator", The American Statistician 33(3), 1979). Each
 * pivot block is a Schur complement of a positive-definite matrix, hence positive definite. Only
 * the lower triangle is stored (row {@code i} has {@code i + 1} entries), so the rank-{@code b}
 * updates cost {@code n³} flops in total ({@code n³/2} multiply-adds) — the same as Cholesky +
 * triangular inverse + product — plus {@code 2·b·n²} for the panels {@code A_KK⁻¹·A_KR} (with the
 * same kernel) and {@code n·b²} for the pivot blocks' inverses.
 *
 * <h2>Kernel</h2>
 * For each block of {@value #BLOCK} pivots, {@code W = A_KK⁻¹·A_KR} is packed in tiles of the
 * kernel's width ({@link #pack}); each parallel chunk of {@value #ROW_GRAIN} rows packs its
 * multipliers {@code −A_RK} in blocks of the kernel's {@link RankUpdateKernel#rows() rows} and walks
 * the triangle in panels of about {@value #PANEL} columns (a panel of {@code W} stays in the L2 cache
 * while the chunk's rows use it), one block of rows by one tile at a time in the {@link
 * RankUpdateKernel} ({@link RankUpdateKernels#kernel()}: the Vector API micro-kernel when the JVM
 * has the module, otherwise plain loops); each block's staircase at the diagonal goes to {@link
 * RankUpdateKernel#updateTriangle} in one call. Working memory besides the triangle: {@code 4·b·n}
 * doubles (the block's rows, {@code W} and their packed panels, allocated once and reused by every
 * block; 20 MB at n = 5,000, 82 MB at n = 20,000), so the peak is about {@code 4n² + 32·b·n} bytes.
 *
 * <p>Deterministic: every entry is computed by one thread in an order that depends neither on the
 * number of threads nor on the tiling; the Vector API and the scalar kernel differ by rounding
 * only.
 */
public final class SymmetricInverse {
  /** Pivots per sweep step (the depth of the rank updates). */
  static final int BLOCK = 128;
  /** Columns per panel, rounded down to whole tiles of the kernel ({@link #panel}). */
  private static final int PANEL = 256;
  /** Rows per parallel chunk: a multiple of every kernel's block of rows that divides {@link #BLOCK}. */
  private static final int ROW_GRAIN = 64;

  private SymmetricInverse() {}

  /**
   * Replaces the lower triangle {@code a} (row {@code i} of length {@code i + 1}) of a symmetric
   * positive-definite matrix by the lower triangle of its inverse, with the kernel in use.
   *
   * @throws ArithmeticException if a pivot is not positive (the matrix is not positive definite
   *     to working precision)
   */
  public static void invertInPlace(double[][] a, FitListener listener, String stage, double progressFrom,
      double progressTo) {
    invertInPlace(a, RankUpdateKernels.kernel(), listener, stage, progressFrom, progressTo);
  }

  /**
   * As {@link #invertInPlace(double[][], FitListener, String, double, double)} with the given
   * kernel (tests and benchmarks compare the implementations).
   */
  public static void invertInPlace(double[][] a, RankUpdateKernel kernel, FitListener listener, String stage,
      double progressFrom, double progressTo) {
    int n = a.length;
    double total = (double) n * n * n;
    double doneWork = 0;
    // The block's rows, W and their packed panels, allocated once and reused by every block.
    int first = Math.min(n, BLOCK);
    double[][] vt = new double[first][n];
    double[][] w = new double[(first + kernel.rows() - 1) / kernel.rows() * kernel.rows()][n];
    double[] vtPacked = kernel.packed() ? new double[first * padded(n, kernel.width())] : null;
    double[] packed = kernel.packed() ? new double[vtPacked.length] : null;
    for (int k0 = 0; k0 < n; k0 += BLOCK) {
      int k1 = Math.min(n, k0 + BLOCK);
      pivotRowsInto(a, k0, k1, vt);
      double[][] minv = pivotInverse(vt, k0, k1);
      times(minv, vt, kernel, vtPacked, w);
      if (packed != null) {
        packInto(w, 0, k1 - k0, n, kernel.width(), packed);
      }
      update(a, vt, -1, w, packed, k1 - k0, k0, k1, kernel);
      writeBack(a, w, minv, k0, k1);
      // Work of the block ≈ n²·b; report in those units.
      doneWork += (double) n * n * (k1 - k0);
      listener.progress(stage, progressFrom + (progressTo - progressFrom) * Math.min(1.0, doneWork / total));
    }
    negate(a, stage, progressTo);
  }

  /** {@code vt[m][j] = A(k0+m, j)}: the block's rows of the full symmetric matrix. */
  static double[][] pivotRows(double[][] a, int k0, int k1) {
    double[][] vt = new double[k1 - k0][a.length];
    pivotRowsInto(a, k0, k1, vt);
    return vt;
  }

  /** As {@link #pivotRows} into the first {@code k1 − k0} rows of {@code vt} (each of length n). */
  static void pivotRowsInto(double[][] a, int k0, int k1, double[][] vt) {
    int n = a.length;
    int b = k1 - k0;
    Parallel.forRange(n, 1024, (from, to) -> {
      for (int m = 0; m < b; m++) {
        int k = k0 + m;
        int mid = Math.min(to, k + 1);
        if (from < mid) {
          System.arraycopy(a[k], from, vt[m], from, mid - from);
        }
      }
      // Below the diagonal, row by row: A(k0+m, j) = a[j][k0+m] for k0 + m < j.
      for (int j = Math.max(from, k0 + 1); j < to; j++) {
        double[] aj = a[j];
        for (int m = 0, end = Math.min(b, j - k0); m < end; m++) {
          vt[m][j] = aj[k0 + m];
        }
      }
    }, FitListener.NONE, "", 0, 0);
  }

  /** {@code A_KK⁻¹} from the block's rows. */
  static double[][] pivotInverse(double[][] vt, int k0, int k1) {
    int b = k1 - k0;
    double[][] minv = new double[b][b];
    for (int m = 0; m < b; m++) {
      System.arraycopy(vt[m], k0, minv[m], 0, b);
    }
    invertSmall(minv, k0);
    return minv;
  }

  /**
   * {@code w = minv·vt} into the first {@code b = minv.length} rows of {@code w} (its rows rounded
   * up to the kernel's block of rows, each of length n; the rows past b end up zero), a block of
   * the kernel's rows at a time with the multipliers {@code minv} against {@code vt} (packed into
   * {@code vtPacked} if the kernel reads packed panels), in parallel over column ranges.
   */
  static void times(double[][] minv, double[][] vt, RankUpdateKernel kernel, double[] vtPacked, double[][] w) {
    int b = minv.length;
    int n = vt[0].length;
    int r = kernel.rows();
    int rows = (b + r - 1) / r * r;
    if (vtPacked != null) {
      packInto(vt, 0, b, n, kernel.width(), vtPacked);
    }
    double[] u = new double[rows * b];
    for (int i = 0; i < b; i++) {
      for (int q = 0; q < b; q++) {
        u[i / r * r * b + r * q + i % r] = minv[i][q];
      }
    }
    Parallel.forRange(n, panel(kernel), (from, to) -> {
      for (int i0 = 0; i0 < rows; i0 += r) {
        for (int i = i0; i < i0 + r; i++) {
          Arrays.fill(w[i], from, to, 0.0);
        }
        kernel.updateBlock(w, i0, u, i0 * b, b, vt, vtPacked, from, to);
      }
    }, FitListener.NONE, "", 0, 0);
  }

  /** Columns per panel for the kernel: {@value #PANEL} rounded down to whole tiles (at least one). */
  private static int panel(RankUpdateKernel kernel) {
    int width = kernel.width();
    return Math.max(1, PANEL / width) * width;
  }

  /**
   * Stores the swept block: {@code A_RK ← A_RK·A_KK⁻¹} (the columns {@code w[m][i]}) and {@code
   * A_KK ← −A_KK⁻¹}.
   */
  static void writeBack(double[][] a, double[][] w, double[][] minv, int k0, int k1) {
    int n = a.length;
    int b = k1 - k0;
    Parallel.forRange(n, 256, (from, to) -> {
      for (int i = Math.max(from, k0); i < to; i++) {
        double[] ai = a[i];
        if (i >= k1) {
          for (int m = 0; m < b; m++) {
            ai[k0 + m] = w[m][i];
          }
        } else {
          int m = i - k0;
          System.arraycopy(w[m], 0, ai, 0, k0);
          for (int q = 0; q <= m; q++) {
            ai[k0 + q] = -minv[m][q];
          }
        }
      }
    }, FitListener.NONE, "", 0, 0);
  }

  /** {@code a ← −a}: the sweep of every pivot leaves {@code −A⁻¹}. */
  static void negate(double[][] a, String stage, double progress) {
    Parallel.forRange(a.length, 256, (from, to) -> {
      for (int i = from; i < to; i++) {
        double[] ai = a[i];
        for (int j = 0; j <= i; j++) {
          ai[j] = -ai[j];
        }
      }
    }, FitListener.NONE, stage, progress, progress);
  }

  /**
   * Rows {@code from … from+depth-1} of {@code rows} (each of length ≥ {@code n}) packed in tiles
   * of {@code width} columns, the layout of {@link RankUpdateKernel}; columns past {@code n} (up to
   * the next multiple of {@code width}) are zero.
   */
  static double[] pack(double[][] rows, int from, int depth, int n, int width) {
    double[] packed = new double[depth * padded(n, width)];
    packInto(rows, from, depth, n, width, packed);
    return packed;
  }

  /** {@code n} rounded up to a multiple of {@code width}. */
  private static int padded(int n, int width) {
    return (n + width - 1) / width * width;
  }

  /** As {@link #pack} into {@code packed} (length ≥ {@code depth} × n rounded up to the width). */
  static void packInto(double[][] rows, int from, int depth, int n, int width, double[] packed) {
    int tiles = (n + width - 1) / width;
    Parallel.forRange(tiles, 16, (t0, t1) -> {
      for (int t = t0; t < t1; t++) {
        int j0 = t * width;
        int len = Math.min(width, n - j0);
        int base = t * depth * width;
        for (int m = 0; m < depth; m++) {
          System.arraycopy(rows[from + m], j0, packed, base + m * width, len);
          if (len < width) {
            Arrays.fill(packed, base + m * width + len, base + (m + 1) * width, 0.0);
          }
        }
      }
    }, FitListener.NONE, "", 0, 0);
  }

  /**
   * The lower-triangle rank-{@code depth} update {@code a[i][j] += sign·Σ_m left[m][i]·right[m][j]}
   * for all {@code j ≤ i} with neither {@code i} nor {@code j} in {@code [skipFrom, skipTo)}; {@code
   * packed} is {@code right} packed by {@link #pack} if the kernel reads packed panels (else
   * unused); {@code left} and {@code right} have {@code depth} rows of length ≥ n. Parallel over
   * chunks of rows.
   */
  static void update(double[][] a, double[][] left, double sign, double[][] right, double[] packed, int depth,
      int skipFrom, int skipTo, RankUpdateKernel kernel) {
    int n = a.length;
    int panel = panel(kernel);
    int width = kernel.width();
    int rb = kernel.rows();
    Parallel.forRange(n, ROW_GRAIN, Parallel.defaultThreads(), () -> new double[ROW_GRAIN * depth], (from, to, u) -> {
      for (int s = from; s < to; ) {
        // A segment of rows outside [skipFrom, skipTo).
        int e;
        if (s >= skipFrom && s < skipTo) {
          s = Math.min(to, skipTo);
          continue;
        }
        e = s < skipFrom ? Math.min(to, skipFrom) : to;
        int rows = e - s;
        // Pack the multipliers of row s + q at q/R·R·depth + R·m + q%R (missing rows of the last
        // block are zero and never used).
        for (int q = 0; q < (rows + rb - 1) / rb * rb; q++) {
          int block = q / rb * rb * depth;
          int r = q % rb;
          for (int m = 0; m < depth; m++) {
            u[block + rb * m + r] = q < rows ? sign * left[m][s + q] : 0;
          }
        }
        int full = rows / rb * rb;
        // Whole blocks: the whole tiles inside each block's first row, panel by panel, then the
        // staircase to the diagonal (when it meets no skipped column).
        for (int jc = 0; jc <= e - 1; jc += panel) {
          for (int q = 0; q < full; q += rb) {
            int i0 = s + q;
            int hi = Math.min(jc + panel, (i0 + 1) / width * width);
            if (jc < hi) {
              updateColumns(a, i0, -1, u, q * depth, depth, right, packed, jc, hi, skipFrom, skipTo, kernel);
            }
          }
        }
        for (int q = 0; q < full; q += rb) {
          int i0 = s + q;
          int body = (i0 + 1) / width * width;
          if (body >= skipTo || i0 + rb <= skipFrom) {
            kernel.updateTriangle(a, i0, u, q * depth, depth, right, packed, body);
          } else {
            for (int r = 0; r < rb; r++) {
              updateColumns(a, i0 + r, r, u, q * depth, depth, right, packed, body, i0 + r + 1, skipFrom, skipTo,
                  kernel);
            }
          }
        }
        for (int q = full; q < rows; q++) {
          int i = s + q;
          updateColumns(a, i, q % rb, u, q / rb * rb * depth, depth, right, packed, 0, i + 1, skipFrom, skipTo,
              kernel);
        }
        s = e;
      }
    }, "rank update");
  }

  /**
   * Columns {@code [lo, hi)} minus {@code [skipFrom, skipTo)} of the block of rows from {@code i0}
   * ({@code r < 0}) or of the one row {@code i0} with multipliers {@code u[uOff + R·m + r]}.
   */
  private static void updateColumns(double[][] a, int i0, int r, double[] u, int uOff, int depth, double[][] right,
      double[] packed, int lo, int hi, int skipFrom, int skipTo, RankUpdateKernel kernel) {
    int hi1 = Math.min(hi, skipFrom);
    int lo2 = Math.max(lo, skipTo);
    if (lo < hi1) {
      apply(a, i0, r, u, uOff, depth, right, packed, lo, hi1, kernel);
    }
    if (lo2 < hi) {
      apply(a, i0, r, u, uOff, depth, right, packed, lo2, hi, kernel);
    }
  }

  private static void apply(double[][] a, int i0, int r, double[] u, int uOff, int depth, double[][] right,
      double[] packed, int lo, int hi, RankUpdateKernel kernel) {
    if (r < 0) {
      kernel.updateBlock(a, i0, u, uOff, depth, right, packed, lo, hi);
    } else {
      kernel.updateRow(a[i0], u, uOff, r, depth, right, packed, lo, hi);
    }
  }

  /** Replaces a small full SPD matrix by its inverse (unblocked sweep). */
  static void invertSmall(double[][] s, int offset) {
    int b = s.length;
    for (int k = 0; k < b; k++) {
      double d = s[k][k];
      if (!(d > 0 && Double.isFinite(d))) {
        throw new ArithmeticException("matrix is not positive definite: pivot " + (offset + k) + " is " + d);
      }
      double[] sk = s[k];
      for (int i = 0; i < b; i++) {
        if (i == k) {
          continue;
        }
        double f = s[i][k] / d;
        if (f == 0) {
          continue;
        }
        double[] si = s[i];
        // Every column but k (restored after the loop, which then needs no branch).
        double keep = si[k];
        for (int j = 0; j < b; j++) {
          si[j] -= f * sk[j];
        }
        si[k] = keep;
      }
      for (int i = 0; i < b; i++) {
        if (i != k) {
          s[i][k] /= d;
          s[k][i] /= d;
        }
      }
      s[k][k] = -1 / d;
    }
    // The sweep of every pivot leaves −S⁻¹.
    for (double[] row : s) {
      for (int j = 0; j < b; j++) {
        row[j] = -row[j];
      }
    }
  }
}
