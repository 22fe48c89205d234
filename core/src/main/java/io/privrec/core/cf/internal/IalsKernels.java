package io.privrec.core.cf.internal;

import io.privrec.core.scoring.internal.FloatKernelsProvider;

/**
 * Chooses the {@link IalsKernel} once, at class initialisation, by the rule every kernel family of
 * the library follows ({@link FloatKernelsProvider#choose}): the Vector API implementation when the
 * boot layer has {@code jdk.incubator.vector}, it loads and it passes a self-check, unless the
 * system property {@code privrec.kernels=scalar} forces {@link IalsScalarKernel}. The two differ by
 * rounding only. Thread-safe.
 */
public final class IalsKernels {
  /** Fully-qualified name of the vector implementation, loaded only by name. */
  static final String VECTOR_CLASS = "io.privrec.core.cf.internal.IalsVectorKernel";

  private static final IalsKernel KERNEL = choose();

  private IalsKernels() {}

  /** The implementation in use. */
  public static IalsKernel kernel() {
    return KERNEL;
  }

  /**
   * Loads the Vector API implementation.
   *
   * @throws IllegalStateException if the module is absent or the class cannot be loaded
   */
  public static IalsKernel loadVector() {
    return FloatKernelsProvider.loadVectorImplementation(VECTOR_CLASS, IalsKernel.class);
  }

  private static IalsKernel choose() {
    return FloatKernelsProvider.choose(VECTOR_CLASS, IalsKernel.class, IalsScalarKernel.INSTANCE, IalsKernels::selfCheck);
  }

  /**
   * Small integers, every product and partial sum exact: both implementations must agree exactly
   * with the scalar one, on both coefficient forms and on a group of four plus a remainder.
   */
  static boolean selfCheck(IalsKernel k) {
    int dim = 19;
    int[] rows = {2, 0, 3, 1, 4, 2};
    float[] matrix = new float[5 * dim];
    for (int e = 0; e < matrix.length; e++) {
      matrix[e] = e % 5 - 2;
    }
    float[] x = new float[dim + 1];
    float[] aw = new float[rows.length];
    for (int e = 0; e < x.length; e++) {
      x[e] = e % 3 - 1;
    }
    for (int q = 0; q < aw.length; q++) {
      aw[q] = q % 2 + 1;
    }
    for (boolean residual : new boolean[] {true, false}) {
      float[] expected = new float[dim];
      float[] actual = new float[dim];
      IalsScalarKernel.INSTANCE.gatherUpdate(matrix, dim, rows, 0, rows.length, aw, x, 1, expected, residual);
      k.gatherUpdate(matrix, dim, rows, 0, rows.length, aw, x, 1, actual, residual);
      if (!java.util.Arrays.equals(expected, actual)) {
        return false;
      }
    }
    return true;
  }
}
