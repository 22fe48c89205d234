package io.privrec.core.cf.internal;

import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import java.util.Arrays;

/**
 * Removes rows from a fitted EASE model without refitting: a rank-{@code k} downdate of {@code P =
 * (XᵀX + Λ)⁻¹} by the Sherman–Morrison–Woodbury identity. With {@code V} the {@code k} removed
 * rows ({@code k × n}), {@code (A − VᵀV)⁻¹ = P + P·Vᵀ·(I − V·P·Vᵀ)⁻¹·V·P} (Hager, "Updating the
 * inverse of a matrix", SIAM Review 31(2), 1989); {@code I − V·P·Vᵀ} is positive definite because
 * {@code A − VᵀV} is (it is the regularised Gram matrix of the remaining rows).
 *
 * <h2>Method and cost</h2>
 * {@code P} is rebuilt in double precision from the single-precision weights {@code B} and the
 * diagonal of {@code P} ({@code P[j][t] = −B[j][t]·P[t][t]}, reading rows of {@code B}). Then
 * {@code U = P·Vᵀ} ({@code n·nnz(V)}), {@code S = I − V·U} ({@code k·nnz(V)}), its Cholesky factor
 * {@code S = L·Lᵀ} ({@code k³/6}), {@code Z = U·L⁻ᵀ} ({@code n·k²/2}) and {@code P' = P + Z·Zᵀ}
 * ({@code n²·k/2}, the dominant term) — against about {@code n³} for a refit's inverse, with the
 * same packed-panel kernel. Memory: {@code 4n²} bytes for {@code P} plus {@code 8·n·k}, besides the new
 * weights.
 *
 * <h2>Accuracy</h2>
 * Exact in exact arithmetic. In floating point the rebuilt {@code P} carries the weights' single
 * precision (relative 2⁻²⁴ per entry), so the new weights agree with a refit's to a few units in
 * the last place of single precision, not bit for bit; rounding errors of successive downdates add
 * up. Deterministic (every entry is computed by one thread in a fixed order); stateless.
 */
public final class EaseDowndate {
  private static final int BLOCK = 64;
  private static final int TILE = 512;

  private EaseDowndate() {}

  /**
   * The weights after removing the rows {@code (ptr, items, values)} from the data behind {@code
   * weights}: {@code weights} is {@code B} row-major ({@code n × n}) and {@code diagonal} the
   * diagonal of {@code P}; on return {@code newDiagonal} holds the new diagonal.
   *
   * @param ptr row pointers of the removed rows, length k + 1
   * @param items their items, increasing within each row
   * @param values the values their Gram contribution was computed with
   * @throws ArithmeticException if {@code I − V·P·Vᵀ} is not positive definite to working precision
   *     (the rows were not part of the data, or rounding dominates: refit instead)
   */
  public static float[] downdate(float[] weights, double[] diagonal, int[] ptr, int[] items, float[] values,
      double[] newDiagonal) {
    int n = diagonal.length;
    int k = ptr.length - 1;
    double[][] p = inverse(weights, diagonal);
    // u[r] = P·v_r (row r of Uᵀ), from the rows of B: P[i][x] = −B[i][x]·P[x][x] off the diagonal.
    double[][] u = new double[k][];
    Parallel.forRange(k, 4, (from, to) -> {
      for (int r = from; r < to; r++) {
        double[] ur = new double[n];
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          int i = items[q];
          double v = values[q];
          int row = i * n;
          for (int x = 0; x < n; x++) {
            ur[x] -= v * weights[row + x] * diagonal[x]; // B[i][i] = 0
          }
          ur[i] += v * diagonal[i];
        }
        u[r] = ur;
      }
    }, FitListener.NONE, "", 0, 0);
    // Lower triangle of S = I − V·P·Vᵀ, then its Cholesky factor in place.
    double[][] l = new double[k][];
    for (int r = 0; r < k; r++) {
      double[] lr = new double[r + 1];
      for (int s = 0; s <= r; s++) {
        double dot = 0;
        for (int q = ptr[r]; q < ptr[r + 1]; q++) {
          dot += values[q] * u[s][items[q]];
        }
        lr[s] = (r == s ? 1 : 0) - dot;
      }
      l[r] = lr;
    }
    cholesky(l);
    // Zᵀ = L⁻¹·Uᵀ by forward substitution in place of u, in parallel over column tiles; within a
    // tile, each finished block of rows updates all later rows (its tile stays in cache).
    Parallel.forRange(n, TILE, (from, to) -> {
      double[] c = new double[BLOCK];
      for (int s0 = 0; s0 < k; s0 += BLOCK) {
        int s1 = Math.min(k, s0 + BLOCK);
        for (int r = s0; r < s1; r++) {
          double[] zr = u[r];
          double[] lr = l[r];
          for (int s = s0; s < r; s++) {
            double f = lr[s];
            double[] zs = u[s];
            for (int x = from; x < to; x++) {
              zr[x] -= f * zs[x];
            }
          }
          double inv = 1 / lr[r];
          for (int x = from; x < to; x++) {
            zr[x] *= inv;
          }
        }
        double[][] w = Arrays.copyOfRange(u, s0, s1);
        for (int r = s1; r < k; r++) {
          System.arraycopy(l[r], s0, c, 0, s1 - s0);
          SweepInverse.rankUpdate(u[r], c, w, s1 - s0, from, to);
        }
      }
    }, FitListener.NONE, "", 0, 0);
    addGram(p, u);
    return EaseSolver.weightsFromInverse(p, newDiagonal, FitListener.NONE, 0, 1);
  }

  /** Lower triangle of {@code P} from the rows of {@code B} and {@code P}'s diagonal. */
  private static double[][] inverse(float[] weights, double[] diagonal) {
    int n = diagonal.length;
    double[][] p = new double[n][];
    Parallel.forRange(n, 64, (from, to) -> {
      for (int i = from; i < to; i++) {
        double[] pi = new double[i + 1];
        int row = i * n;
        for (int j = 0; j < i; j++) {
          pi[j] = -weights[row + j] * diagonal[j];
        }
        pi[i] = diagonal[i];
        p[i] = pi;
      }
    }, FitListener.NONE, "", 0, 0);
    return p;
  }

  /** In-place Cholesky factor of a small symmetric positive-definite lower triangle. */
  private static void cholesky(double[][] a) {
    int k = a.length;
    for (int r = 0; r < k; r++) {
      double[] ar = a[r];
      for (int s = 0; s <= r; s++) {
        double[] as = a[s];
        double sum = ar[s];
        for (int m = 0; m < s; m++) {
          sum -= ar[m] * as[m];
        }
        if (s < r) {
          ar[s] = sum / as[s];
        } else if (sum > 0) {
          ar[r] = Math.sqrt(sum);
        } else {
          throw new ArithmeticException("downdate is not positive definite at pivot " + r + " (" + sum + ")");
        }
      }
    }
  }

  /**
   * {@code p += zᵀ·z} on the lower triangle ({@code z} is {@code k × n}), {@value #BLOCK} rows of
   * {@code z} at a time, with the packed-panel kernel of {@link SymmetricInverse}.
   */
  private static void addGram(double[][] p, double[][] z) {
    int n = p.length;
    int k = z.length;
    RankUpdateKernel kernel = RankUpdateKernels.kernel();
    for (int m0 = 0; m0 < k; m0 += BLOCK) {
      int b = Math.min(BLOCK, k - m0);
      double[][] rows = Arrays.copyOfRange(z, m0, m0 + b);
      double[] packed = kernel.packed() ? SymmetricInverse.pack(z, m0, b, n, kernel.width()) : null;
      SymmetricInverse.update(p, rows, 1, rows, packed, b, 0, 0, kernel);
    }
  }
}
