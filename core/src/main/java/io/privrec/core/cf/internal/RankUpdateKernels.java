package io.privrec.core.cf.internal;

import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.Arrays;

/**
 * Chooses the {@link RankUpdateKernel} once, at class initialisation, by the same rule as the
 * scoring kernels ({@link FloatKernelsProvider}): the Vector API implementation when the boot layer
 * has {@code jdk.incubator.vector}, it loads and it passes a self-check, unless the system property
 * {@code privrec.kernels=scalar} forces {@link ScalarRankUpdateKernel}. The two differ by rounding
 * only. Thread-safe.
 */
public final class RankUpdateKernels {
  /** Fully-qualified name of the vector implementation, loaded only by name. */
  static final String VECTOR_CLASS = "io.privrec.core.cf.internal.VectorRankUpdateKernel";

  private static final RankUpdateKernel KERNEL = choose();

  private RankUpdateKernels() {}

  /** The implementation in use. */
  public static RankUpdateKernel kernel() {
    return KERNEL;
  }

  /**
   * Loads the Vector API implementation.
   *
   * @throws IllegalStateException if the module is absent or the class cannot be loaded
   */
  public static RankUpdateKernel loadVector() {
    return FloatKernelsProvider.loadVectorImplementation(VECTOR_CLASS, RankUpdateKernel.class);
  }

  private static RankUpdateKernel choose() {
    return FloatKernelsProvider.choose(VECTOR_CLASS, RankUpdateKernel.class, ScalarRankUpdateKernel.INSTANCE,
        RankUpdateKernels::selfCheck);
  }

  /** Small integers: every product and partial sum is exact, so both paths must agree exactly. */
  private static boolean selfCheck(RankUpdateKernel k) {
    int width = k.width();
    int rows = k.rows();
    int depth = 5;
    int cols = 3 * width + 1;
    double[][] a = new double[rows][];
    double[][] expected = new double[rows][];
    for (int r = 0; r < rows; r++) {
      a[r] = new double[cols + 3 + r];
      expected[r] = new double[a[r].length];
    }
    double[] u = new double[rows * depth];
    for (int q = 0; q < u.length; q++) {
      u[q] = q % 7 - 3;
    }
    double[] w = new double[depth * (cols + width)];
    double[][] full = new double[depth][cols + width];
    for (int m = 0; m < depth; m++) {
      for (int j = 0; j < cols; j++) {
        full[m][j] = (m * 31 + j) % 11 - 5;
      }
    }
    SymmetricInverse.packInto(full, 0, depth, cols, width, w);
    for (int r = 0; r < rows; r++) {
      for (int j = 1; j < cols; j++) {
        for (int m = 0; m < depth; m++) {
          expected[r][j] += u[rows * m + r] * full[m][j];
        }
      }
    }
    k.updateBlock(a, 0, u, 0, depth, full, w, 1, cols);
    for (int r = 0; r < rows; r++) {
      if (!Arrays.equals(a[r], expected[r])) {
        return false;
      }
    }
    return true;
  }
}
