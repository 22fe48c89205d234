package io.privrec.core.cf.dp.internal;

import io.privrec.core.cf.internal.IalsSolver;

/**
 * EASE's {@code P = (A + λI)⁻¹} for a Gram matrix approximated as low rank plus diagonal, {@code A
 * ≈ UΛUᵀ + D}: the leading positive eigenpairs of the (noisy) Gram matrix and the non-negative
 * part of the remaining diagonal. By the Woodbury identity, with {@code M = D + λI},
 * <pre>
 *   P = M⁻¹ − M⁻¹U (Λ⁻¹ + UᵀM⁻¹U)⁻¹ UᵀM⁻¹ = M⁻¹ − W Wᵀ,   W = M⁻¹U·L⁻ᵀ,  L Lᵀ = Λ⁻¹ + UᵀM⁻¹U,
 * </pre>
 * so EASE's weights are {@code B[j][t] = −P[j][t]/P[t][t] = (w_j·w_t)/P[t][t]} off the diagonal,
 * held as the {@code n × r} factor {@code W} and {@code diag P} ({@code O(n·r)} memory instead of
 * {@code n²}). {@code P} is positive definite ({@code M} is, and {@code UΛUᵀ} is positive
 * semi-definite), so {@code diag P > 0}. Immutable once built; arrays are shared, read-only.
 */
public final class GramLowRank {
  private final int rank;
  private final float[] w;
  private final float[] diagP;

  private GramLowRank(int rank, float[] w, float[] diagP) {
    this.rank = rank;
    this.w = w;
    this.diagP = diagP;
  }

  /**
   * Builds the factors from the noisy lower triangle {@code lower} and its leading eigenpairs;
   * eigenpairs with non-positive eigenvalues are dropped.
   *
   * @param lambda the ridge, {@code > 0}
   */
  public static GramLowRank of(double[][] lower, GramEigen eigen, double lambda) {
    int n = lower.length;
    double[] values = eigen.values();
    float[] u = eigen.vectors();
    int stride = eigen.rank();
    int r = 0;
    while (r < values.length && values[r] > 0) {
      r++;
    }
    double[] m = eigen.explainedDiagonal(r); // becomes M = D + λI, D the non-negative rest
    for (int t = 0; t < n; t++) {
      m[t] = Math.max(0, lower[t][t] - m[t]) + lambda;
    }
    // C = Λ⁻¹ + UᵀM⁻¹U (r × r, symmetric positive definite), lower triangle in a full array.
    double[] c = new double[r * r];
    for (int t = 0; t < n; t++) {
      double inv = 1 / m[t];
      for (int a = 0; a < r; a++) {
        double ua = u[t * stride + a] * inv;
        for (int b = 0; b <= a; b++) {
          c[a * r + b] += ua * u[t * stride + b];
        }
      }
    }
    for (int a = 0; a < r; a++) {
      c[a * r + a] += 1 / values[a];
    }
    // Factor C = L·Lᵀ once: solving with a unit vector leaves L in the lower triangle.
    IalsSolver.choleskySolve(c, new double[r], r);
    float[] w = new float[n * r];
    float[] diagP = new float[n];
    double[] row = new double[r];
    for (int t = 0; t < n; t++) {
      // w_t = L⁻¹ (M⁻¹ u_t): forward substitution.
      double norm2 = 0;
      for (int a = 0; a < r; a++) {
        double x = u[t * stride + a] / m[t];
        for (int b = 0; b < a; b++) {
          x -= c[a * r + b] * row[b];
        }
        row[a] = x / c[a * r + a];
        w[t * r + a] = (float) row[a];
        norm2 += row[a] * row[a];
      }
      diagP[t] = (float) (1 / m[t] - norm2);
    }
    return new GramLowRank(r, w, diagP);
  }

  /** The rank r kept (positive eigenvalues only). */
  public int rank() {
    return rank;
  }

  /** {@code W}, row-major {@code n × r}; shared. */
  public float[] factors() {
    return w;
  }

  /** {@code diag P}, positive; shared. */
  public float[] diagonal() {
    return diagP;
  }
}
