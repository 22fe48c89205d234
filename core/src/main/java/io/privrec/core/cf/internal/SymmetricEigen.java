package io.privrec.core.cf.internal;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;

/**
 * All eigenvalues and orthonormal eigenvectors of a real symmetric matrix, {@code A = V Λ Vᵀ}, for
 * small dense matrices (O(n³) time, O(n²) memory: comfortable up to a few thousand).
 *
 * <h2>Method</h2>
 * The symmetric QR algorithm (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., §8.3;
 * the same steps as the Handbook procedures tred2/tql2 of Wilkinson &amp; Reinsch, Linear Algebra,
 * 1971), written afresh:
 *
 * <ol>
 *   <li>Householder reduction to tridiagonal form {@code T = QᵀAQ} (GVL Algorithm 8.3.1), each
 *       reflection built from a column scaled by its largest entry so that no norm overflows or
 *       underflows (GVL Algorithm 5.1.1), and {@code Q} accumulated backwards (GVL §5.1.6).
 *   <li>Implicit symmetric QR steps with the Wilkinson shift on the unreduced blocks of {@code T}
 *       (GVL Algorithms 8.3.2 and 8.3.3): a Givens rotation chases the bulge down the block and is
 *       applied to the eigenvector basis as well. An off-diagonal entry is set to zero once {@code
 *       |e_i| <= 2⁻⁵³(|d_i| + |d_{i+1}|)} (or it is below the smallest normal double).
 * </ol>
 *
 * <p>The algorithm is backward stable: the computed pairs are exact for {@code A + E} with
 * {@code ‖E‖ = O(n·2⁻⁵³·‖A‖)}, so the residual {@code ‖AV − VΛ‖} and the loss of orthogonality
 * {@code ‖VᵀV − I‖} are of that order (the tests check {@code 1e-14·n·‖A‖_F} and {@code
 * 1e-14·n}). Eigenvalues are then accurate to {@code O(n·2⁻⁵³·‖A‖)} in absolute terms; the
 * eigenvectors of close or repeated eigenvalues are an orthonormal basis of their joint invariant
 * subspace, not individually determined. Deterministic: the same input gives the same output,
 * bit for bit.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SymmetricEigen {
  private static final double EPS = 0x1p-53;
  /** QR steps allowed per eigenvalue before giving up (about 2 are usual). */
  private static final int MAX_STEPS_PER_VALUE = 60;

  private final double[] values;
  /** Row k is the eigenvector of values[k]. */
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes the symmetric matrix whose lower triangle ({@code a[i][j]}, {@code j <= i}) is
   * given; the strict upper triangle is not read, and {@code a} is not modified. Row {@code i}
   * needs at least {@code i + 1} entries, so a full square matrix and a lower-triangular ragged
   * array both work.
   *
   * @throws IllegalArgumentException if a row is too short or an entry of the lower triangle is
   *     NaN or infinite (naming its row and column)
   * @throws ArithmeticException if the QR iteration does not converge (not observed in practice)
   */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] b = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (a[i].length <= i) {
        throw CorePreconditions.failLength("row " + i, "must have at least " + (i + 1) + " entries", a[i].length);
      }
      for (int j = 0; j <= i; j++) {
        double x = a[i][j];
        if (!Double.isFinite(x)) {
          throw CorePreconditions.fail("matrix entries", "must be finite. Provided value at (" + i + ", " + j + "): " + x);
        }
        b[i][j] = x;
        b[j][i] = x;
      }
    }
    double[] d = new double[n];
    double[] e = new double[Math.max(0, n - 1)];
    double[][] z = tridiagonalize(b, d, e);
    diagonalize(d, e, z);
    return sorted(d, z);
  }

  /**
   * Reduces {@code b} (full, symmetric, overwritten) to tridiagonal form: diagonal into {@code d},
   * subdiagonal into {@code e}. Returns {@code Qᵀ} with {@code T = QᵀBQ} (row i is column i of
   * Q).
   */
  private static double[][] tridiagonalize(double[][] b, double[] d, double[] e) {
    int n = b.length;
    double[][] reflectors = new double[Math.max(0, n - 2)][];
    double[] betas = new double[reflectors.length];
    for (int k = 0; k + 2 < n; k++) {
      int m = n - k - 1;
      double scale = 0;
      for (int i = k + 1; i < n; i++) {
        scale = Math.max(scale, Math.abs(b[i][k]));
      }
      d[k] = b[k][k];
      double[] v = new double[m];
      double sigma = 0;
      for (int i = 1; i < m; i++) {
        double x = b[k + 1 + i][k] / (scale == 0 ? 1 : scale);
        v[i] = x;
        sigma += x * x;
      }
      if (sigma == 0) {
        // Column already reduced: no reflection.
        e[k] = b[k + 1][k];
        continue;
      }
      double x1 = b[k + 1][k] / scale;
      double mu = Math.sqrt(x1 * x1 + sigma);
      double v1 = x1 <= 0 ? x1 - mu : -sigma / (x1 + mu);
      double beta = 2 * v1 * v1 / (sigma + v1 * v1);
      v[0] = 1;
      for (int i = 1; i < m; i++) {
        v[i] /= v1;
      }
      e[k] = mu * scale;
      // Trailing block C = b[k+1.., k+1..]: C ← (I − βvvᵀ) C (I − βvvᵀ) = C − v wᵀ − w vᵀ with
      // p = βCv, w = p − (β pᵀv / 2) v. C is symmetric, so Cv is a sum of rows (axpy loops,
      // which vectorise, rather than dot products, which do not).
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        double[] row = b[k + 1 + i];
        double vi = beta * v[i];
        for (int j = 0; j < m; j++) {
          w[j] += vi * row[k + 1 + j];
        }
      }
      double pv = 0;
      for (int i = 0; i < m; i++) {
        pv += w[i] * v[i];
      }
      double half = 0.5 * beta * pv;
      for (int i = 0; i < m; i++) {
        w[i] -= half * v[i];
      }
      for (int i = 0; i < m; i++) {
        double[] row = b[k + 1 + i];
        double vi = v[i];
        double wi = w[i];
        for (int j = 0; j < m; j++) {
          row[k + 1 + j] -= vi * w[j] + wi * v[j];
        }
      }
      reflectors[k] = v;
      betas[k] = beta;
    }
    if (n >= 2) {
      d[n - 2] = b[n - 2][n - 2];
      e[n - 2] = b[n - 1][n - 2];
    }
    if (n >= 1) {
      d[n - 1] = b[n - 1][n - 1];
    }
    // Q = H_0···H_{n−3} accumulated backwards (GVL §5.1.6): Q ← H_k·Q changes only rows and
    // columns k+1.. (the rest is still the identity there), by u = vᵀQ' and Q' ← Q' − βvu.
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      q[i][i] = 1;
    }
    double[] u = new double[n];
    for (int k = reflectors.length - 1; k >= 0; k--) {
      double[] v = reflectors[k];
      if (v == null) {
        continue;
      }
      int m = v.length;
      Arrays.fill(u, 0);
      for (int i = 0; i < m; i++) {
        double[] row = q[k + 1 + i];
        double vi = v[i];
        for (int j = k + 1; j < n; j++) {
          u[j] += vi * row[j];
        }
      }
      for (int i = 0; i < m; i++) {
        double[] row = q[k + 1 + i];
        double bv = betas[k] * v[i];
        for (int j = k + 1; j < n; j++) {
          row[j] -= bv * u[j];
        }
      }
    }
    // The QR steps rotate eigenvector pairs: keep them as rows, Z = Qᵀ.
    double[][] z = new double[n][n];
    for (int i = 0; i < n; i++) {
      double[] row = q[i];
      for (int j = 0; j < n; j++) {
        z[j][i] = row[j];
      }
    }
    return z;
  }

  /** Implicit-shift QR on the tridiagonal (d, e); rotations applied to the rows of z. */
  private static void diagonalize(double[] d, double[] e, double[][] z) {
    int n = d.length;
    long steps = 0;
    long maxSteps = (long) MAX_STEPS_PER_VALUE * Math.max(1, n);
    int h = n - 1;
    while (h > 0) {
      for (int i = 0; i < h; i++) {
        double off = Math.abs(e[i]);
        if (off <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1])) || off < Double.MIN_NORMAL) {
          e[i] = 0;
        }
      }
      if (e[h - 1] == 0) {
        h--;
        continue;
      }
      int l = h - 1;
      while (l > 0 && e[l - 1] != 0) {
        l--;
      }
      if (++steps > maxSteps) {
        throw new ArithmeticException("symmetric QR iteration did not converge after " + maxSteps + " steps");
      }
      qrStep(d, e, z, l, h);
    }
  }

  /**
   * One implicit QR step with the Wilkinson shift on the unreduced block {@code l..h}: {@code T ←
   * JᵀTJ} with J a product of rotations in the planes (k, k+1), and {@code Z ← JᵀZ}.
   */
  private static void qrStep(double[] d, double[] e, double[][] z, int l, int h) {
    // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to d[h].
    double delta = (d[h - 1] - d[h]) / 2;
    double off = e[h - 1];
    double root = Math.hypot(delta, off);
    double denominator = delta + (delta >= 0 ? root : -root);
    double shift = d[h] - off * (off / denominator);
    double x = d[l] - shift;
    double y = e[l];
    for (int k = l; k < h; k++) {
      // Rotation (c, s) with −s·x + c·y = 0.
      double r = Math.hypot(x, y);
      double c = x / r;
      double s = y / r;
      if (k > l) {
        e[k - 1] = r;
      }
      double a = d[k];
      double b = e[k];
      double f = d[k + 1];
      double cs = c * s;
      double twoBcs = 2 * b * cs;
      d[k] = c * c * a + twoBcs + s * s * f;
      d[k + 1] = s * s * a - twoBcs + c * c * f;
      e[k] = (f - a) * cs + b * (c * c - s * s);
      if (k + 1 < h) {
        // The bulge appears at (k+2, k); the next rotation removes it.
        double next = e[k + 1];
        y = s * next;
        e[k + 1] = c * next;
        x = e[k];
      }
      double[] zk = z[k];
      double[] zk1 = z[k + 1];
      for (int j = 0; j < zk.length; j++) {
        double u = zk[j];
        double v = zk1[j];
        zk[j] = c * u + s * v;
        zk1[j] = c * v - s * u;
      }
    }
  }

  /** Orders the pairs by decreasing eigenvalue. */
  private static SymmetricEigen sorted(double[] d, double[][] z) {
    int n = d.length;
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (p, q) -> Double.compare(d[q], d[p]));
    double[] values = new double[n];
    double[][] vectors = new double[n][];
    for (int k = 0; k < n; k++) {
      values[k] = d[order[k]];
      vectors[k] = z[order[k]];
    }
    return new SymmetricEigen(values, vectors);
  }

  /** The matrix dimension n. */
  public int dimension() {
    return values.length;
  }

  /** The eigenvalues, in decreasing order (a fresh copy). */
  public double[] values() {
    return values.clone();
  }

  /**
   * The unit eigenvector of {@code values()[k]} (a fresh copy). Its sign is arbitrary; for
   * repeated eigenvalues any orthonormal basis of the eigenspace may be returned.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= k < dimension()}
   */
  public double[] vector(int k) {
    return vectors[k].clone();
  }
}
