package io.privrec.core.cf.internal;

/**
 * {@link RankUpdateKernel} in plain Java, for JVMs without the Vector API: one row at a time, four
 * depths per pass along the rows of {@code w} (not packed), in a loop shape that the JIT compiler
 * vectorises (separate multiply and add; one store stream per loop, so no aliasing question). Per entry, the products are added in groups of
 * four depths {@code (0…3), (4…7), …}, then one by one for the rest, whichever method covers it.
 * Stateless and thread-safe.
 */
public final class ScalarRankUpdateKernel implements RankUpdateKernel {
  /** The one instance. */
  public static final ScalarRankUpdateKernel INSTANCE = new ScalarRankUpdateKernel();

  private ScalarRankUpdateKernel() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int width() {
    return 1;
  }

  @Override
  public boolean packed() {
    return false;
  }

  @Override
  public int rows() {
    return 4;
  }

  @Override
  public void updateBlock(double[][] a, int i0, double[] u, int uOff, int depth, double[][] w, double[] packed,
      int lo, int hi) {
    for (int r = 0; r < 4; r++) {
      updateRow(a[i0 + r], u, uOff, r, depth, w, packed, lo, hi);
    }
  }

  @Override
  public void updateTriangle(double[][] a, int i0, double[] u, int uOff, int depth, double[][] w, double[] packed,
      int lo) {
    for (int r = 0; r < 4; r++) {
      updateRow(a[i0 + r], u, uOff, r, depth, w, packed, lo, i0 + r + 1);
    }
  }

  @Override
  public void updateRow(double[] row, double[] u, int uOff, int r, int depth, double[][] w, double[] packed, int lo,
      int hi) {
    int m = 0;
    for (; m + 3 < depth; m += 4) {
      double u0 = u[uOff + 4 * m + r];
      double u1 = u[uOff + 4 * m + 4 + r];
      double u2 = u[uOff + 4 * m + 8 + r];
      double u3 = u[uOff + 4 * m + 12 + r];
      double[] w0 = w[m];
      double[] w1 = w[m + 1];
      double[] w2 = w[m + 2];
      double[] w3 = w[m + 3];
      for (int x = lo; x < hi; x++) {
        row[x] += u0 * w0[x] + u1 * w1[x] + u2 * w2[x] + u3 * w3[x];
      }
    }
    for (; m < depth; m++) {
      double um = u[uOff + 4 * m + r];
      double[] wm = w[m];
      for (int x = lo; x < hi; x++) {
        row[x] += um * wm[x];
      }
    }
  }
}
