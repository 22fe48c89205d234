package io.privrec.core.cf.dp.internal;

import io.privrec.core.cf.internal.SymmetricEigen;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import io.privrec.core.scoring.ScoringKernels;
import java.util.SplittableRandom;

/**
 * The leading eigenpairs (largest eigenvalues) of a symmetric matrix by randomized subspace
 * iteration (Halko, Martinsson &amp; Tropp, "Finding structure with randomness", SIAM Review 2011,
 * Alg. 4.4 with 5.3): {@code Y = A·Ω}, {@code q} power steps with re-orthonormalisation, then the
 * Rayleigh–Ritz eigenproblem of {@code QᵀAQ}.
 *
 * <p>Used to denoise a noisy Gram matrix (as in Dwork, Talwar, Thakurta &amp; Zhang, "Analyze
 * Gauss", STOC 2014): post-processing of the released matrix; the start matrix {@code Ω} comes
 * from a fixed-seed {@link SplittableRandom} (it carries no privacy role). Products run in single
 * precision with the scoring kernels, in parallel over blocks of columns; the small eigenproblem is
 * solved in double precision by {@link SymmetricEigen}. Stateless.
 */
public final class GramEigen {
  private static final int BLOCK = 8;
  /** Relative residual below which a vector counts as dependent (single-precision products). */
  static final double DEPENDENT = 1e-6;

  private final int n;
  private final int rank;
  private final float[] vectors;
  private final double[] values;

  private GramEigen(int n, int rank, float[] vectors, double[] values) {
    this.n = n;
    this.rank = rank;
    this.vectors = vectors;
    this.values = values;
  }

  /**
   * The {@code rank} largest eigenpairs of the symmetric matrix whose lower triangle is {@code
   * lower} (row {@code i} of length {@code i + 1}).
   *
   * @param rank in {@code [1, n]}
   * @param oversample extra search directions, {@code >= 0}
   * @param powerSteps power iterations, {@code >= 0}
   */
  public static GramEigen top(double[][] lower, int rank, int oversample, int powerSteps, long seed) {
    return top(lower, null, rank, oversample, powerSteps, seed);
  }

  /**
   * The {@code rank} largest eigenpairs of the symmetric matrix whose lower triangle is {@code
   * lower} except for its diagonal, which is {@code diagonal} (null: the diagonal of {@code
   * lower}). Replacing a noisy or dominant diagonal by an estimate of its low-rank part is the step
   * of diagonal-deleted PCA (Zhang, Cai &amp; Wu, "Heteroskedastic PCA", Ann. Stat. 2022).
   *
   * @param diagonal length {@code n}, or null
   * @param rank in {@code [1, n]}
   * @param oversample extra search directions, {@code >= 0}
   * @param powerSteps power iterations, {@code >= 0}
   */
  public static GramEigen top(double[][] lower, double[] diagonal, int rank, int oversample, int powerSteps,
      long seed) {
    int n = lower.length;
    if (diagonal != null && diagonal.length != n) {
      throw CorePreconditions.failLength("diagonal", "must have length " + n, diagonal.length);
    }
    int p = Math.min(n, rank + oversample);
    float[] a = new float[n * n];
    for (int i = 0; i < n; i++) {
      double[] row = lower[i];
      for (int j = 0; j < i; j++) {
        a[i * n + j] = (float) row[j];
        a[j * n + i] = (float) row[j];
      }
      a[i * n + i] = (float) (diagonal == null ? row[i] : diagonal[i]);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] q = new double[p][n];
    for (double[] v : q) {
      for (int j = 0; j < n; j++) {
        v[j] = random.nextDouble() - 0.5;
      }
    }
    q = multiply(a, q);
    for (int s = 0; s < powerSteps; s++) {
      orthonormalize(q);
      q = multiply(a, q);
    }
    orthonormalize(q);
    double[][] aq = multiply(a, q);
    double[][] t = new double[p][p];
    for (int k = 0; k < p; k++) {
      for (int l = 0; l <= k; l++) {
        double d = 0.5 * (dot(q[k], aq[l]) + dot(q[l], aq[k]));
        t[k][l] = d;
        t[l][k] = d;
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(t);
    double[] all = eig.values();
    Integer[] order = new Integer[p];
    for (int k = 0; k < p; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(all[y], all[x]));
    int r = Math.min(rank, p);
    float[] vectors = new float[n * r];
    double[] values = new double[r];
    for (int c = 0; c < r; c++) {
      int k = order[c];
      values[c] = all[k];
      double[] w = eig.vector(k);
      for (int j = 0; j < n; j++) {
        double x = 0;
        for (int m = 0; m < p; m++) {
          x += q[m][j] * w[m];
        }
        vectors[j * r + c] = (float) x;
      }
    }
    return new GramEigen(n, r, vectors, values);
  }

  /** {@code A·v} for every vector, in parallel over blocks of vectors. */
  private static double[][] multiply(float[] a, double[][] vs) {
    int n = vs[0].length;
    double[][] out = new double[vs.length][];
    Parallel.forRange(vs.length, BLOCK, (from, to) -> {
      float[] queries = new float[(to - from) * n];
      for (int k = from; k < to; k++) {
        for (int j = 0; j < n; j++) {
          queries[(k - from) * n + j] = (float) vs[k][j];
        }
      }
      float[] products = new float[(to - from) * n];
      ScoringKernels.scoreBatch(a, queries, n, products);
      for (int k = from; k < to; k++) {
        double[] o = new double[n];
        for (int j = 0; j < n; j++) {
          o[j] = products[(k - from) * n + j];
        }
        out[k] = o;
      }
    }, FitListener.NONE, "eigen", 0, 1);
    return out;
  }

  /**
   * Modified Gram–Schmidt, twice (re-orthogonalisation keeps the basis orthonormal in floats). A
   * vector (numerically) inside the span of the previous ones — its residual below {@value
   * #DEPENDENT} of its length, as when the matrix has lower rank than the search space — becomes
   * zero instead of a normalised rounding error, so the basis never repeats a direction.
   */
  static void orthonormalize(double[][] q) {
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < q.length; k++) {
        double[] v = q[k];
        double before = Math.sqrt(dot(v, v));
        for (int l = 0; l < k; l++) {
          double c = dot(v, q[l]);
          double[] u = q[l];
          for (int j = 0; j < v.length; j++) {
            v[j] -= c * u[j];
          }
        }
        double norm = Math.sqrt(dot(v, v));
        if (norm > DEPENDENT * before) {
          for (int j = 0; j < v.length; j++) {
            v[j] /= norm;
          }
        } else {
          java.util.Arrays.fill(v, 0.0);
        }
      }
    }
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int j = 0; j < x.length; j++) {
      s += x[j] * y[j];
    }
    return s;
  }

  /**
   * The eigenpairs of the signal estimated from a noisy matrix {@code A = S + E}, {@code E}
   * symmetric with independent entries of standard deviation {@code noiseSd}: the leading pairs
   * whose eigenvalue {@code y} exceeds the noise bulk's edge {@code 2·noiseSd·√n} by the factor
   * {@code edgeMargin}, each eigenvalue replaced by the Frobenius-optimal shrinkage {@code
   * θ·(1 − n·noiseSd²/θ²)} with {@code θ = (y + √(y² − 4n·noiseSd²))/2} the spike that produces
   * {@code y} (spiked Wigner model: Benaych-Georges &amp; Nadakuditi, Adv. Math. 2011; shrinkage as
   * in Donoho, Gavish &amp; Johnstone, Ann. Stat. 2018). The eigenvectors are kept as they are.
   * Pure post-processing.
   *
   * @param noiseSd standard deviation of each noise entry, {@code >= 0} and finite (0 keeps every
   *     pair with a positive eigenvalue, unshrunk)
   * @param edgeMargin at least 1
   * @throws IllegalArgumentException for a bad argument
   */
  public GramEigen spikedShrinkage(double noiseSd, double edgeMargin) {
    CorePreconditions.checkNonNegative("noiseSd", noiseSd);
    if (!(edgeMargin >= 1 && Double.isFinite(edgeMargin))) {
      throw CorePreconditions.fail("edgeMargin", "must be finite and >= 1", edgeMargin);
    }
    double bulk = n * noiseSd * noiseSd;
    double edge = Math.max(2 * Math.sqrt(bulk) * edgeMargin, 0);
    int keep = 0;
    while (keep < rank && values[keep] > edge && values[keep] > 0) {
      keep++;
    }
    double[] shrunk = new double[keep];
    for (int k = 0; k < keep; k++) {
      double y = values[k];
      double theta = (y + Math.sqrt(y * y - 4 * bulk)) / 2;
      shrunk[k] = theta * (1 - bulk / (theta * theta));
    }
    float[] kept = new float[n * keep];
    for (int j = 0; j < n; j++) {
      System.arraycopy(vectors, j * rank, kept, j * keep, keep);
    }
    return new GramEigen(n, keep, kept, shrunk);
  }

  /**
   * The diagonal of {@code UΛUᵀ}: per coordinate {@code i}, {@code Σ_k λ_k·u_ik²} (the part of
   * the matrix's diagonal these eigenpairs explain).
   */
  public double[] explainedDiagonal() {
    return explainedDiagonal(rank);
  }

  /** As {@link #explainedDiagonal()} over the first {@code pairs} eigenpairs only, {@code pairs <= rank}. */
  public double[] explainedDiagonal(int pairs) {
    CorePreconditions.checkInRange("pairs", pairs, 0, rank);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < pairs; k++) {
        double x = vectors[i * rank + k];
        s += values[k] * x * x;
      }
      d[i] = s;
    }
    return d;
  }

  /** Matrix dimension n. */
  public int dimension() {
    return n;
  }

  /** Number of eigenpairs r. */
  public int rank() {
    return rank;
  }

  /** Eigenvectors, row-major {@code n × r} (row = coordinate, column = eigenpair); shared. */
  public float[] vectors() {
    return vectors;
  }

  /** Eigenvalues, decreasing; shared. */
  public double[] values() {
    return values;
  }
}
