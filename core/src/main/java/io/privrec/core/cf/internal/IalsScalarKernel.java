package io.privrec.core.cf.internal;

/**
 * {@link IalsKernel} in plain Java, rounding as {@link
 * io.privrec.core.scoring.internal.ScalarFloatKernels}' {@code gatherDots} and {@code gatherAxpy}:
 * four dots with one accumulator each, then the four weighted rows added as {@code (c0·m0 + c1·m1)
 * + (c2·m2 + c3·m3)}; a remaining row is dotted and added on its own. Stateless and thread-safe.
 */
public final class IalsScalarKernel implements IalsKernel {
  /** The one instance. */
  public static final IalsScalarKernel INSTANCE = new IalsScalarKernel();

  private IalsScalarKernel() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void gatherUpdate(float[] matrix, int dim, int[] rows, int from, int to, float[] aw, float[] x, int xOff,
      float[] y, boolean residual) {
    int q = from;
    for (; q + 3 < to; q += 4) {
      int o0 = rows[q] * dim;
      int o1 = rows[q + 1] * dim;
      int o2 = rows[q + 2] * dim;
      int o3 = rows[q + 3] * dim;
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      for (int k = 0; k < dim; k++) {
        float xk = x[xOff + k];
        s0 += matrix[o0 + k] * xk;
        s1 += matrix[o1 + k] * xk;
        s2 += matrix[o2 + k] * xk;
        s3 += matrix[o3 + k] * xk;
      }
      float c0 = coefficient(aw[q], s0, residual);
      float c1 = coefficient(aw[q + 1], s1, residual);
      float c2 = coefficient(aw[q + 2], s2, residual);
      float c3 = coefficient(aw[q + 3], s3, residual);
      for (int k = 0; k < dim; k++) {
        y[k] += (c0 * matrix[o0 + k] + c1 * matrix[o1 + k]) + (c2 * matrix[o2 + k] + c3 * matrix[o3 + k]);
      }
    }
    for (; q < to; q++) {
      int o = rows[q] * dim;
      float s = 0f;
      for (int k = 0; k < dim; k++) {
        s += matrix[o + k] * x[xOff + k];
      }
      float c = coefficient(aw[q], s, residual);
      for (int k = 0; k < dim; k++) {
        y[k] += c * matrix[o + k];
      }
    }
  }

  /** The weight of a gathered row given its dot {@code d}; see {@link IalsKernel}. */
  static float coefficient(float aw, float d, boolean residual) {
    return residual ? (1f + aw) - aw * d : d * aw;
  }
}
