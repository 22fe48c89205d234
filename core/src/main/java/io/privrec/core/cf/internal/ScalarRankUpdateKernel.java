package io.privrec.core.cf.internal;

/**
 * {@link RankUpdateKernel} in plain Java, for JVMs without the Vector API: one row at a time, four
 * depths per pass over a tile of {@value #WIDTH} columns, in a loop shape that the JIT compiler
 * vectorises (separate multiply and add). Per entry, the products are added in groups of four
 * depths {@code (0…3), (4…7), …}, then one by one for the rest. Stateless and thread-safe.
 */
public final class ScalarRankUpdateKernel implements RankUpdateKernel {
  /** The one instance. */
  public static final ScalarRankUpdateKernel INSTANCE = new ScalarRankUpdateKernel();

  private static final int WIDTH = 64;

  private ScalarRankUpdateKernel() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int width() {
    return WIDTH;
  }

  @Override
  public void update4(double[][] a, int i0, double[] u, int uOff, int depth, double[] w, int lo, int hi) {
    for (int r = 0; r < 4; r++) {
      updateRow(a[i0 + r], u, uOff, r, depth, w, lo, hi);
    }
  }

  @Override
  public void updateRow(double[] row, double[] u, int uOff, int r, int depth, double[] w, int lo, int hi) {
    int j = lo;
    while (j < hi) {
      int tile = j / WIDTH;
      int end = Math.min(hi, (tile + 1) * WIDTH);
      // w index of (m, x) is base + m·WIDTH + x.
      int base = tile * depth * WIDTH - tile * WIDTH;
      int m = 0;
      for (; m + 3 < depth; m += 4) {
        double u0 = u[uOff + 4 * m + r];
        double u1 = u[uOff + 4 * m + 4 + r];
        double u2 = u[uOff + 4 * m + 8 + r];
        double u3 = u[uOff + 4 * m + 12 + r];
        int o0 = base + m * WIDTH;
        int o1 = o0 + WIDTH;
        int o2 = o1 + WIDTH;
        int o3 = o2 + WIDTH;
        for (int x = j; x < end; x++) {
          row[x] += u0 * w[o0 + x] + u1 * w[o1 + x] + u2 * w[o2 + x] + u3 * w[o3 + x];
        }
      }
      for (; m < depth; m++) {
        double um = u[uOff + 4 * m + r];
        int o = base + m * WIDTH;
        for (int x = j; x < end; x++) {
          row[x] += um * w[o + x];
        }
      }
      j = end;
    }
  }
}
