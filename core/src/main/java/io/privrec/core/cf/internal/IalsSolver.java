package io.privrec.core.cf.internal;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.internal.CsrTranspose;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The numerical core of {@link io.privrec.core.cf.Ials} (and of its private variant): per-row least-squares solves (conjugate gradient and
 * Cholesky), Gram matrices, half-steps over all rows in parallel, and the training loss.
 *
 * <p>Factor matrices are row-major {@code float[]} ({@code rows × f}). A row of the side being
 * solved ("target") is solved against the fixed other side ("fixed") from the sparse row of
 * confidences; with {@code G = FᵀF} the Gram of the fixed side, {@code c = 1 + α·w} on observed
 * cells, the normal equations are
 * <pre>
 *   (G + Σ_{j∈row} (c_j − 1)·f_j f_jᵀ + reg·I) x = Σ_{j∈row} c_j·f_j
 * </pre>
 * (Hu, Koren &amp; Volinsky 2008, eq. 4 with the YᵀY trick of section 4), with the row's
 * regularisation {@code reg = λ·(n_other + Σ_{j∈row} α·w_j)^ν}.
 *
 * <p>Determinism: every row's solve reads only its own sparse row, the fixed side, the Gram and
 * (for CG) its own previous factors, and writes only its own factors; Gram matrices are summed
 * over a fixed partition of the rows in a fixed order. Results therefore do not depend on the
 * number of threads. Parallel steps run on {@link Parallel} (the calling thread plus up to {@code
 * threads − 1} shared helpers); the solver holds no threads and no mutable state, so it needs no
 * closing and its methods may be called concurrently provided each thread passes its own {@link
 * Scratch} (fold-in).
 */
public final class IalsSolver {
  /** Rows per Gram partial sum; fixed so that Gram sums do not depend on the thread count. */
  private static final int GRAM_CHUNK = 2048;
  /**
   * Gathered rows per group of the conjugate-gradient's sparse term: a group is dotted, then added
   * while its rows are still in the first-level cache, so each row is read from memory once per
   * step. Four is the group of the kernels' {@code gatherDots} and {@code gatherAxpy}, so the
   * result is bit for bit that of one {@code gatherDots} over the whole row followed by one {@code
   * gatherAxpy}.
   */
  private static final int GATHER_GROUP = 4;
  /** Rows handed to a worker at a time. */
  private static final int SOLVE_BLOCK = 64;
  /** CG stops early once the squared residual norm falls below this (as in implicit). */
  private static final float CG_TOLERANCE = 1e-20f;

  private final FloatKernels k = FloatKernelsProvider.kernels();
  private final int f;
  private final double alpha;
  private final double lambda;
  private final double regExponent;
  private final int threads;

  /**
   * @param threads the most threads a parallel step uses ({@link Parallel}), {@code >= 1}
   */
  public IalsSolver(int factors, double alpha, double lambda, double regExponent, int threads) {
    this.f = factors;
    this.alpha = alpha;
    this.lambda = lambda;
    this.regExponent = regExponent;
    this.threads = threads;
  }

  /** A compressed sparse view of one side: row r's entries are ptr[r] … ptr[r+1]-1. */
  public static final class Csr {
    public final int[] ptr;
    public final int[] idx;
    /** α·w, i.e. confidence − 1. */
    public final float[] aw;
    /** Number of columns (rows of the other side). */
    public final int other;

    public Csr(int[] ptr, int[] idx, float[] aw, int other) {
      this.ptr = ptr;
      this.idx = idx;
      this.aw = aw;
      this.other = other;
    }

    public int rows() {
      return ptr.length - 1;
    }

    /** Users × items. */
    public static Csr rowsOf(InteractionMatrix m, double alpha) {
      int n = m.numUsers();
      int[] ptr = new int[n + 1];
      int[] idx = new int[m.numInteractions()];
      float[] aw = new float[idx.length];
      for (int u = 0; u < n; u++) {
        ptr[u + 1] = m.rowEnd(u);
        for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
          idx[p] = m.itemAt(p);
          aw[p] = confidenceExcess(alpha, m.weightAt(p));
        }
      }
      return new Csr(ptr, idx, aw, m.numItems());
    }

    /**
     * The transposed view (e.g. items × users from {@link #rowsOf}): row {@code c} lists the rows
     * of this view holding column {@code c}, in increasing order, with the same {@code aw} values.
     */
    public Csr transposed() {
      CsrTranspose t = CsrTranspose.withValues(other, ptr, idx, aw);
      return new Csr(t.pointers(), t.rows(), t.values(), rows());
    }
  }

  /**
   * Data-independent initial factors ({@code rows × factors}, row-major): uniform on {@code [−h, h]}
   * with {@code h = √3·0.1/√factors}, i.e. standard deviation {@code 0.1/√factors}. Not privacy
   * noise: the values carry no information about any user.
   */
  public static float[] initialFactors(SplittableRandom random, int rows, int factors) {
    double h = Math.sqrt(3.0) * 0.1 / Math.sqrt(factors);
    float[] m = new float[rows * factors];
    for (int e = 0; e < m.length; e++) {
      m[e] = (float) ((2 * random.nextDouble() - 1) * h);
    }
    return m;
  }

  /**
   * α·w as a float (the confidence minus one).
   *
   * @throws IllegalArgumentException if it overflows the float range
   */
  public static float confidenceExcess(double alpha, float weight) {
    float aw = (float) (alpha * weight);
    if (!Float.isFinite(aw)) {
      throw new IllegalArgumentException("alpha × weight must be finite in float; alpha = " + alpha + ", weight = " + weight);
    }
    return aw;
  }

  /** Regularisation of a row with {@code sumAw = Σ α·w} over its entries. */
  public double regularization(int other, double sumAw) {
    return regExponent == 0 ? lambda : lambda * Math.pow(other + sumAw, regExponent);
  }

  /** Gram matrix Σ_r x_r x_rᵀ of {@code factors}, as a full symmetric row-major f × f matrix. */
  public float[] gram(float[] factors, int rows) {
    int chunks = (rows + GRAM_CHUNK - 1) / GRAM_CHUNK;
    float[][] partial = new float[chunks][];
    parallel(chunks, 1, (from, to, scratch) -> {
      for (int c = from; c < to; c++) {
        int first = c * GRAM_CHUNK;
        int m = Math.min(rows, first + GRAM_CHUNK) - first;
        // Transpose the chunk (f × m) so that the Gram is a product of rows: G[a][b] = T_a · T_b.
        float[] t = scratch.transposed(f * m);
        for (int r = 0; r < m; r++) {
          int off = (first + r) * f;
          for (int a = 0; a < f; a++) {
            t[a * m + r] = factors[off + a];
          }
        }
        float[] g = new float[f * f];
        k.gemmNt(t, f, m, t, f, g);
        partial[c] = g;
      }
    });
    double[] sum = new double[f * f];
    for (float[] g : partial) {
      for (int e = 0; e < sum.length; e++) {
        sum[e] += g[e];
      }
    }
    float[] gram = new float[f * f];
    for (int a = 0; a < f; a++) {
      for (int b = a; b < f; b++) {
        // the two triangles are equal up to summation order: average them to stay exactly symmetric
        float v = (float) (0.5 * (sum[a * f + b] + sum[b * f + a]));
        gram[a * f + b] = v;
        gram[b * f + a] = v;
      }
    }
    return gram;
  }

  /**
   * Re-solves every row of {@code target} against {@code fixed}.
   *
   * @param cgSteps CG steps per row warm-started from the current target row, or 0 for an exact
   *     Cholesky solve
   * @param skipFixed rows of the fixed side to ignore (nullable); {@code gram} must exclude them
   * @param other the count entering the regularisation (rows of the fixed side not skipped)
   */
  public void halfStep(Csr csr, float[] fixed, float[] gram, float[] target, int cgSteps, boolean[] skipFixed, int other) {
    parallel(csr.rows(), SOLVE_BLOCK, (from, to, scratch) -> {
      for (int r = from; r < to; r++) {
        if (cgSteps > 0) {
          solveCg(csr, r, fixed, gram, target, cgSteps, other, scratch);
        } else {
          solveCholesky(csr, r, fixed, gram, target, skipFixed, other, scratch);
        }
      }
    });
  }

  /** Per-worker scratch space. */
  public final class Scratch {
    /** Creates scratch space for one worker. */
    public Scratch() {}

    final float[] r = new float[f];
    final float[] p = new float[f];
    final float[] ap = new float[f];
    final float[] coef = new float[GATHER_GROUP];
    private float[] transposed = new float[0];
    private double[] a;
    private double[] b;

    float[] transposed(int n) {
      if (transposed.length < n) {
        transposed = new float[n];
      }
      return transposed;
    }

    public double[] a() {
      if (a == null) {
        a = new double[f * f];
      }
      return a;
    }

    public double[] b() {
      if (b == null) {
        b = new double[f];
      }
      return b;
    }
  }

  /**
   * A few conjugate-gradient steps on row {@code row}'s normal equations, starting from its current
   * factors (Takács, Pilászy &amp; Tikk 2011; the implicit library's {@code cg} solver). The
   * product with the system matrix uses the Gram plus one sparse correction per entry, so a step
   * costs O(f² + |row|·f); the correction reads each gathered row of the fixed side once.
   */
  public void solveCg(Csr csr, int row, float[] fixed, float[] gram, float[] target, int steps, int other, Scratch s) {
    int start = csr.ptr[row];
    int end = csr.ptr[row + 1];
    int xOff = row * f;
    if (start == end) {
      Arrays.fill(target, xOff, xOff + f, 0f); // the exact solution of b = 0
      return;
    }
    double sumAw = 0;
    for (int q = start; q < end; q++) {
      sumAw += csr.aw[q];
    }
    float reg = (float) regularization(other, sumAw);
    float[] r = s.r;
    float[] p = s.p;
    float[] ap = s.ap;
    int[] idx = csr.idx;
    float[] aw = csr.aw;
    // r = b − A·x = Σ (c − (c−1)·(f_j·x))·f_j − G·x − reg·x
    k.gemv(gram, f, f, target, xOff, r, 0);
    for (int d = 0; d < f; d++) {
      r[d] = -r[d] - reg * target[xOff + d];
    }
    gatherUpdate(fixed, idx, start, end, aw, target, xOff, r, true, s.coef);
    System.arraycopy(r, 0, p, 0, f);
    float rs = k.dot(r, 0, r, 0, f);
    for (int step = 0; step < steps && rs >= CG_TOLERANCE; step++) {
      // ap = A·p = G·p + reg·p + Σ (c−1)·(f_j·p)·f_j
      k.gemv(gram, f, f, p, 0, ap, 0);
      k.axpy(reg, p, 0, ap, 0, f);
      gatherUpdate(fixed, idx, start, end, aw, p, 0, ap, false, s.coef);
      float pap = k.dot(p, 0, ap, 0, f);
      if (!(pap > 0)) {
        break; // p is numerically zero: x is already the solution to float precision
      }
      float alphaStep = rs / pap;
      k.axpy(alphaStep, p, 0, target, xOff, f);
      k.axpy(-alphaStep, ap, 0, r, 0, f);
      float rsNew = k.dot(r, 0, r, 0, f);
      float beta = rsNew / rs;
      for (int d = 0; d < f; d++) {
        p[d] = r[d] + beta * p[d];
      }
      rs = rsNew;
    }
  }

  /**
   * The sparse term of a conjugate-gradient step, {@code y += Σ_q coef_q·f_q} over entries {@code
   * q ∈ [start, end)} with {@code f_q} the fixed row {@code idx[q]}, {@code d_q = f_q·x} and
   * {@code coef_q = (1 + aw_q) − aw_q·d_q} for the residual ({@code b − (A − G − reg·I)·x}) or
   * {@code aw_q·d_q} for the product ({@code (A − G − reg·I)·x}), in groups of {@link
   * #GATHER_GROUP} rows.
   */
  private void gatherUpdate(float[] fixed, int[] idx, int start, int end, float[] aw, float[] x, int xOff, float[] y,
      boolean residual, float[] coef) {
    for (int q = start; q < end; q += GATHER_GROUP) {
      int to = Math.min(end, q + GATHER_GROUP);
      k.gatherDots(fixed, f, idx, q, to, x, xOff, coef);
      for (int e = q; e < to; e++) {
        float c1 = aw[e];
        coef[e - q] = residual ? (1f + c1) - c1 * coef[e - q] : coef[e - q] * c1;
      }
      k.gatherAxpy(fixed, f, idx, q, to, coef, y, 0);
    }
  }

  /** Exact solve of row {@code row}'s normal equations by Cholesky factorisation in double. */
  public void solveCholesky(Csr csr, int row, float[] fixed, float[] gram, float[] target, boolean[] skipFixed, int other, Scratch s) {
    double[] a = s.a();
    double[] b = s.b();
    normalEquations(csr, row, fixed, gram, skipFixed, other, a, b);
    choleskySolve(a, b, f);
    for (int d = 0; d < f; d++) {
      target[row * f + d] = (float) b[d];
    }
  }

  /**
   * Fills the lower triangle of row {@code row}'s system matrix into {@code a} (row-major f × f)
   * and its right-hand side into {@code b}, in double; entries whose fixed row is marked in {@code
   * skipFixed} (nullable) are left out.
   */
  public void normalEquations(Csr csr, int row, float[] fixed, float[] gram, boolean[] skipFixed, int other, double[] a, double[] b) {
    for (int e = 0; e < f * f; e++) {
      a[e] = gram[e];
    }
    Arrays.fill(b, 0);
    double sumAw = 0;
    for (int q = csr.ptr[row]; q < csr.ptr[row + 1]; q++) {
      if (skipFixed != null && skipFixed[csr.idx[q]]) {
        continue;
      }
      int j = csr.idx[q] * f;
      double c1 = csr.aw[q];
      sumAw += c1;
      for (int d = 0; d < f; d++) {
        double v = fixed[j + d];
        b[d] += (1 + c1) * v;
        double cv = c1 * v;
        int rowOff = d * f;
        for (int e = 0; e <= d; e++) {
          a[rowOff + e] += cv * fixed[j + e];
        }
      }
    }
    double reg = regularization(other, sumAw);
    for (int d = 0; d < f; d++) {
      a[d * f + d] += reg;
    }
  }

  /**
   * The item-based decomposition of a fold-in score (Hu, Koren &amp; Volinsky 2008, §5): with
   * {@code W} the inverse of row 0's system matrix (see {@link #normalEquations}) and {@code c_q = 1
   * + aw_q}, the score {@code y_item·x = Σ_q c_q·y_itemᵀ·W·y_{j_q}}. Writes each profile entry's
   * contribution to {@code contributions} (length = the row's length) and returns their sum, in
   * double. Cost O(k·f² + f³) for a row of k entries.
   *
   * @throws ArithmeticException if the system matrix is not numerically positive definite
   */
  public double decompose(Csr profile, float[] fixed, float[] gram, int other, int item, float[] contributions) {
    Scratch scratch = new Scratch();
    double[] a = scratch.a();
    double[] z = scratch.b();
    normalEquations(profile, 0, fixed, gram, null, other, a, z);
    for (int d = 0; d < f; d++) {
      z[d] = fixed[item * f + d];
    }
    choleskySolve(a, z, f); // z = W·y_item (W is symmetric)
    double score = 0;
    for (int q = profile.ptr[0]; q < profile.ptr[1]; q++) {
      double zy = 0;
      for (int d = 0; d < f; d++) {
        zy += z[d] * fixed[profile.idx[q] * f + d];
      }
      double c = (1 + profile.aw[q]) * zy;
      contributions[q - profile.ptr[0]] = (float) c;
      score += c;
    }
    return score;
  }

  /**
   * Solves A·x = b in place for symmetric positive definite A given by its lower triangle
   * (row-major n × n); x overwrites b and L overwrites the lower triangle of A.
   *
   * @throws ArithmeticException if A is not numerically positive definite
   */
  public static void choleskySolve(double[] a, double[] b, int n) {
    for (int j = 0; j < n; j++) {
      int jn = j * n;
      double d = a[jn + j];
      for (int q = 0; q < j; q++) {
        d -= a[jn + q] * a[jn + q];
      }
      if (!(d > 0)) {
        throw new ArithmeticException("matrix is not positive definite at pivot " + j + ": " + d);
      }
      double ljj = Math.sqrt(d);
      a[jn + j] = ljj;
      int i = j + 1;
      // Four rows at a time: four independent subtraction chains instead of one (the latency of
      // each chain bounds the loop); every entry is still reduced over q = 0 … j−1 in order, so
      // the factor is bit for bit the one of the row-by-row loop below.
      for (; i + 3 < n; i += 4) {
        int i0 = i * n;
        int i1 = i0 + n;
        int i2 = i1 + n;
        int i3 = i2 + n;
        double v0 = a[i0 + j];
        double v1 = a[i1 + j];
        double v2 = a[i2 + j];
        double v3 = a[i3 + j];
        for (int q = 0; q < j; q++) {
          double ljq = a[jn + q];
          v0 -= a[i0 + q] * ljq;
          v1 -= a[i1 + q] * ljq;
          v2 -= a[i2 + q] * ljq;
          v3 -= a[i3 + q] * ljq;
        }
        a[i0 + j] = v0 / ljj;
        a[i1 + j] = v1 / ljj;
        a[i2 + j] = v2 / ljj;
        a[i3 + j] = v3 / ljj;
      }
      for (; i < n; i++) {
        int in = i * n;
        double v = a[in + j];
        for (int q = 0; q < j; q++) {
          v -= a[in + q] * a[jn + q];
        }
        a[in + j] = v / ljj;
      }
    }
    for (int i = 0; i < n; i++) { // L·y = b
      double v = b[i];
      for (int q = 0; q < i; q++) {
        v -= a[i * n + q] * b[q];
      }
      b[i] = v / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) { // Lᵀ·x = y
      double v = b[i];
      for (int q = i + 1; q < n; q++) {
        v -= a[q * n + i] * b[q];
      }
      b[i] = v / a[i * n + i];
    }
  }

  /**
   * The training objective: Σ_{u,i} c_ui·(p_ui − x_u·y_i)² + Σ_u reg_u·|x_u|² + Σ_i reg_i·|y_i|²,
   * computed as Σ_u x_uᵀ·G_Y·x_u plus a correction per observed cell (O(users·f² + nnz·f)).
   */
  public double loss(Csr rows, Csr columns, float[] users, float[] items) {
    float[] gramItems = gram(items, columns.rows());
    double total = 0;
    float[] gx = new float[f];
    for (int u = 0; u < rows.rows(); u++) {
      int xOff = u * f;
      k.gemv(gramItems, f, f, users, xOff, gx, 0);
      double sumAw = 0;
      double cells = k.dot(gx, 0, users, xOff, f);
      for (int q = rows.ptr[u]; q < rows.ptr[u + 1]; q++) {
        double c = 1.0 + rows.aw[q];
        double pred = k.dot(items, rows.idx[q] * f, users, xOff, f);
        cells += c * (1 - pred) * (1 - pred) - pred * pred;
        sumAw += rows.aw[q];
      }
      total += cells + regularization(rows.other, sumAw) * k.dot(users, xOff, users, xOff, f);
    }
    for (int i = 0; i < columns.rows(); i++) {
      double sumAw = 0;
      for (int q = columns.ptr[i]; q < columns.ptr[i + 1]; q++) {
        sumAw += columns.aw[q];
      }
      total += regularization(columns.other, sumAw) * k.dot(items, i * f, items, i * f, f);
    }
    return total;
  }

  /** Work on rows [from, to) with a worker's scratch space. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int from, int to, Scratch scratch);
  }

  /**
   * Runs {@code task} over [0, n) in blocks of {@code block} on up to the solver's thread count
   * ({@link Parallel}: the calling thread takes part, the first failure is rethrown), each thread
   * with its own scratch space.
   */
  public void parallel(int n, int block, RangeTask task) {
    Parallel.forRange(n, block, threads, Scratch::new, task::run, "iALS");
  }
}
