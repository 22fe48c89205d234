package io.privrec.core.scoring.internal;

/**
 * Plain-loop {@link FloatKernels}, correct on every JVM. Sums use four independent accumulators
 * so that the floating-point adds pipeline (a single accumulator serialises on add latency, and
 * C2 does not reorder float sums by itself).
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
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int k = 0;
    for (; k + 3 < len; k += 4) {
      s0 += a[aOff + k] * b[bOff + k];
      s1 += a[aOff + k + 1] * b[bOff + k + 1];
      s2 += a[aOff + k + 2] * b[bOff + k + 2];
      s3 += a[aOff + k + 3] * b[bOff + k + 3];
    }
    for (; k < len; k++) {
      s0 += a[aOff + k] * b[bOff + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    for (int k = 0; k < len; k++) {
      y[yOff + k] += alpha * x[xOff + k];
    }
  }

  @Override
  public void gemv(float[] matrix, int rows, int dim, float[] x, int xOff, float[] out, int outOff) {
    for (int r = 0, off = 0; r < rows; r++, off += dim) {
      out[outOff + r] = dot(matrix, off, x, xOff, dim);
    }
  }

  @Override
  public void gemmNt(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
      int r1 = Math.min(rows, r0 + ROW_BLOCK);
      for (int q = 0; q < numQueries; q++) {
        int qOff = q * dim;
        int outBase = q * rows;
        for (int r = r0; r < r1; r++) {
          out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
        }
      }
    }
  }
}
