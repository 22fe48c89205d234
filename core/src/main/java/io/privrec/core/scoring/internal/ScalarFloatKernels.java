package io.privrec.core.scoring.internal;

/**
 * Plain-loop {@link FloatKernels}, correct on every JVM. The loops are kept in the simplest form
 * because that is the one HotSpot's C2 compiler vectorises (SuperWord, including the strictly
 * ordered float-sum reduction); hand-unrolled multi-accumulator variants measured slower on JDK 17.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScalarFloatKernels implements FloatKernels {
  /** Rows of the item matrix kept hot in cache while a block of queries is scored. */
  static final int ROW_BLOCK = 512;

  /** Shared instance. */
  public static final ScalarFloatKernels INSTANCE = new ScalarFloatKernels();

  private ScalarFloatKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    float sum = 0f;
    for (int k = 0; k < len; k++) {
      sum += a[aOff + k] * b[bOff + k];
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    for (int k = 0; k < len; k++) {
      y[yOff + k] += alpha * x[xOff + k];
    }
  }

  @Override
  public void gemv(float[] matrix, int rows, int dim, float[] x, int xOff, float[] out, int outOff) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, x, xOff, out, outOff + r);
    }
    for (; r < rows; r++) {
      out[outOff + r] = dot(matrix, r * dim, x, xOff, dim);
    }
  }

  @Override
  public void gemmNt(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
      int r1 = Math.min(rows, r0 + ROW_BLOCK);
      for (int q = 0; q < numQueries; q++) {
        int qOff = q * dim;
        int outBase = q * rows;
        int r = r0;
        for (; r + 3 < r1; r += 4) {
          dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, queries, qOff, out, outBase + r);
        }
        for (; r < r1; r++) {
          out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
        }
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the same kernel as {@link #gemmNt}, which already sums each entry as {@link #gemv}
   * does. A register tile of two queries × four rows (eight scalar chains, the same order)
   * measured about 1.2× slower than it in JMH on JDK 17 (256 queries × 100,000 rows × 64), so
   * the plain loops keep one batch kernel.
   */
  @Override
  public void scoreBatch(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    gemmNt(matrix, rows, dim, queries, numQueries, out);
  }

  @Override
  public void gatherDots(float[] matrix, int dim, int[] rows, int from, int to, float[] x, int xOff, float[] out) {
    int q = from;
    for (; q + 3 < to; q += 4) {
      dot4(matrix, rows[q] * dim, rows[q + 1] * dim, rows[q + 2] * dim, rows[q + 3] * dim, dim, x, xOff, out, q - from);
    }
    for (; q < to; q++) {
      out[q - from] = dot(matrix, rows[q] * dim, x, xOff, dim);
    }
  }

  @Override
  public void gatherAxpy(float[] matrix, int dim, int[] rows, int from, int to, float[] coef, float[] y, int yOff) {
    int q = from;
    for (; q + 3 < to; q += 4) {
      int o0 = rows[q] * dim;
      int o1 = rows[q + 1] * dim;
      int o2 = rows[q + 2] * dim;
      int o3 = rows[q + 3] * dim;
      float c0 = coef[q - from];
      float c1 = coef[q - from + 1];
      float c2 = coef[q - from + 2];
      float c3 = coef[q - from + 3];
      for (int k = 0; k < dim; k++) {
        y[yOff + k] += (c0 * matrix[o0 + k] + c1 * matrix[o1 + k]) + (c2 * matrix[o2 + k] + c3 * matrix[o3 + k]);
      }
    }
    for (; q < to; q++) {
      axpy(coef[q - from], matrix, rows[q] * dim, y, yOff, dim);
    }
  }

  /**
   * Four rows (at the given offsets) dotted with x in one pass: four independent accumulation
   * chains hide the float-add latency, which a single dot product cannot.
   */
  private static void dot4(float[] m, int o0, int o1, int o2, int o3, int dim, float[] x, int xOff, float[] out, int outPos) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int k = 0; k < dim; k++) {
      float xk = x[xOff + k];
      s0 += m[o0 + k] * xk;
      s1 += m[o1 + k] * xk;
      s2 += m[o2 + k] * xk;
      s3 += m[o3 + k] * xk;
    }
    out[outPos] = s0;
    out[outPos + 1] = s1;
    out[outPos + 2] = s2;
    out[outPos + 3] = s3;
  }
}
