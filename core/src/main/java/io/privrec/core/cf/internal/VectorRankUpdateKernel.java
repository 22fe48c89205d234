package io.privrec.core.cf.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RankUpdateKernel} on the JDK Vector API ({@code jdk.incubator.vector}): an R × cv
 * register-blocked micro-kernel (v the platform's preferred number of double lanes) holding R·c
 * accumulator vectors across the whole depth, with one fused multiply-add per accumulator and
 * depth. The tile follows the vector length: below eight lanes R = 4 rows by c = 2 vectors (4 × 8
 * with eight accumulators on AVX2, whose 16 registers hold no more); from eight lanes up R = 8 rows
 * by c = 3 vectors (8 × 24 with 24 accumulators of AVX-512's 32 registers), so each loaded vector
 * of the panel serves eight rows and each broadcast multiplier three vectors. Columns of a range
 * that do not fill a whole tile (its ends, and the staircase of a block at the diagonal) are
 * computed on a whole tile in a scratch copy of the block's rows, and only the entries in range
 * are copied back; single rows use scalar {@link Math#fma}. All paths add the products in the same
 * order (depth ascending, one rounding per product), so every entry gets the same value whichever
 * path covers it.
 *
 * <p>Only {@link RankUpdateKernels} touches this class, by name, after checking that the boot
 * layer has the incubator module; it is compiled in a separate compiler execution (see {@code
 * core/pom.xml}). Stateless and thread-safe.
 */
public final class VectorRankUpdateKernel implements RankUpdateKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = LANES >= 8 ? 8 : 4;
  private static final int WIDTH = (ROWS == 8 ? 3 : 2) * LANES;

  /** Public no-argument constructor for reflective loading. */
  public VectorRankUpdateKernel() {}

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }

  @Override
  public int width() {
    return WIDTH;
  }

  @Override
  public boolean packed() {
    return true;
  }

  @Override
  public int rows() {
    return ROWS;
  }

  @Override
  public void updateBlock(double[][] a, int i0, double[] u, int uOff, int depth, double[][] rows, double[] w,
      int lo, int hi) {
    int vLo = Math.min(hi, (lo + WIDTH - 1) / WIDTH * WIDTH);
    int vHi = Math.max(vLo, hi / WIDTH * WIDTH);
    if (lo < vLo) {
      partial(a, i0, u, uOff, depth, w, lo, vLo, hi, false);
    }
    tiles(a, i0, vLo, u, uOff, depth, w, vLo, vHi);
    if (vHi < hi) {
      partial(a, i0, u, uOff, depth, w, vHi, hi, hi, false);
    }
  }

  @Override
  public void updateTriangle(double[][] a, int i0, double[] u, int uOff, int depth, double[][] rows, double[] w,
      int lo) {
    // Whole tiles inside the block's first row, then the tiles that reach the diagonal.
    int body = Math.max(lo, (i0 + 1) / WIDTH * WIDTH);
    updateBlock(a, i0, u, uOff, depth, rows, w, lo, body);
    for (int t0 = body / WIDTH * WIDTH; t0 < i0 + ROWS; t0 += WIDTH) {
      int from = Math.max(body, t0);
      partial(a, i0, u, uOff, depth, w, from, Math.min(t0 + WIDTH, i0 + ROWS), 0, true);
    }
  }

  /**
   * Columns {@code [from, to)} of one tile for the block's rows, on a whole tile of a scratch copy
   * (every column of the tile exists in the packed panel, which is padded to whole tiles): row
   * {@code i0 + r} up to {@code min(to, i0 + r + 1)} if {@code stair}, else up to {@code
   * min(to, hi)}; the entries past that are computed in the copy only and discarded.
   */
  private static void partial(double[][] a, int i0, double[] u, int uOff, int depth, double[] w, int from, int to,
      int hi, boolean stair) {
    int t0 = from / WIDTH * WIDTH;
    double[][] scratch = new double[ROWS][WIDTH];
    for (int r = 0; r < ROWS; r++) {
      int len = Math.min(to, stair ? i0 + r + 1 : hi) - from;
      if (len > 0) {
        System.arraycopy(a[i0 + r], from, scratch[r], from - t0, len);
      }
    }
    tiles(scratch, 0, t0, u, uOff, depth, w, 0, WIDTH);
    for (int r = 0; r < ROWS; r++) {
      int len = Math.min(to, stair ? i0 + r + 1 : hi) - from;
      if (len > 0) {
        System.arraycopy(scratch[r], from - t0, a[i0 + r], from, len);
      }
    }
  }

  /**
   * Whole tiles: the block's rows {@code a[i0 …]} over columns {@code [aLo, aHi)} with the panel's
   * columns from {@code lo} on (a multiple of the width; {@code aHi − aLo} too).
   */
  private static void tiles(double[][] a, int i0, int lo, double[] u, int uOff, int depth, double[] w, int aLo,
      int aHi) {
    for (int j = aLo, wj = lo; j < aHi; j += WIDTH, wj += WIDTH) {
      int wi = (wj / WIDTH) * depth * WIDTH;
      if (ROWS == 8) {
        tile8(a, i0, j, u, uOff, depth, w, wi);
      } else {
        tile4(a, i0, j, u, uOff, depth, w, wi);
      }
    }
  }

  private static void tile4(double[][] a, int i0, int j, double[] u, int uOff, int depth, double[] w, int wi) {
    double[] a0 = a[i0];
    double[] a1 = a[i0 + 1];
    double[] a2 = a[i0 + 2];
    double[] a3 = a[i0 + 3];
    int jl = j + LANES;
    DoubleVector c00 = DoubleVector.fromArray(SPECIES, a0, j);
    DoubleVector c01 = DoubleVector.fromArray(SPECIES, a0, jl);
    DoubleVector c10 = DoubleVector.fromArray(SPECIES, a1, j);
    DoubleVector c11 = DoubleVector.fromArray(SPECIES, a1, jl);
    DoubleVector c20 = DoubleVector.fromArray(SPECIES, a2, j);
    DoubleVector c21 = DoubleVector.fromArray(SPECIES, a2, jl);
    DoubleVector c30 = DoubleVector.fromArray(SPECIES, a3, j);
    DoubleVector c31 = DoubleVector.fromArray(SPECIES, a3, jl);
    for (int ui = uOff, end = uOff + 4 * depth; ui < end; ui += 4, wi += WIDTH) {
      DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, wi);
      DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, wi + LANES);
      DoubleVector b = DoubleVector.broadcast(SPECIES, u[ui]);
      c00 = w0.fma(b, c00);
      c01 = w1.fma(b, c01);
      b = DoubleVector.broadcast(SPECIES, u[ui + 1]);
      c10 = w0.fma(b, c10);
      c11 = w1.fma(b, c11);
      b = DoubleVector.broadcast(SPECIES, u[ui + 2]);
      c20 = w0.fma(b, c20);
      c21 = w1.fma(b, c21);
      b = DoubleVector.broadcast(SPECIES, u[ui + 3]);
      c30 = w0.fma(b, c30);
      c31 = w1.fma(b, c31);
    }
    c00.intoArray(a0, j);
    c01.intoArray(a0, jl);
    c10.intoArray(a1, j);
    c11.intoArray(a1, jl);
    c20.intoArray(a2, j);
    c21.intoArray(a2, jl);
    c30.intoArray(a3, j);
    c31.intoArray(a3, jl);
  }

  private static void tile8(double[][] a, int i0, int j, double[] u, int uOff, int depth, double[] w, int wi) {
    double[] a0 = a[i0 + 0];
    double[] a1 = a[i0 + 1];
    double[] a2 = a[i0 + 2];
    double[] a3 = a[i0 + 3];
    double[] a4 = a[i0 + 4];
    double[] a5 = a[i0 + 5];
    double[] a6 = a[i0 + 6];
    double[] a7 = a[i0 + 7];
    int j1 = j + LANES;
    int j2 = j + 2 * LANES;
    DoubleVector c00 = DoubleVector.fromArray(SPECIES, a0, j);
    DoubleVector c01 = DoubleVector.fromArray(SPECIES, a0, j1);
    DoubleVector c02 = DoubleVector.fromArray(SPECIES, a0, j2);
    DoubleVector c10 = DoubleVector.fromArray(SPECIES, a1, j);
    DoubleVector c11 = DoubleVector.fromArray(SPECIES, a1, j1);
    DoubleVector c12 = DoubleVector.fromArray(SPECIES, a1, j2);
    DoubleVector c20 = DoubleVector.fromArray(SPECIES, a2, j);
    DoubleVector c21 = DoubleVector.fromArray(SPECIES, a2, j1);
    DoubleVector c22 = DoubleVector.fromArray(SPECIES, a2, j2);
    DoubleVector c30 = DoubleVector.fromArray(SPECIES, a3, j);
    DoubleVector c31 = DoubleVector.fromArray(SPECIES, a3, j1);
    DoubleVector c32 = DoubleVector.fromArray(SPECIES, a3, j2);
    DoubleVector c40 = DoubleVector.fromArray(SPECIES, a4, j);
    DoubleVector c41 = DoubleVector.fromArray(SPECIES, a4, j1);
    DoubleVector c42 = DoubleVector.fromArray(SPECIES, a4, j2);
    DoubleVector c50 = DoubleVector.fromArray(SPECIES, a5, j);
    DoubleVector c51 = DoubleVector.fromArray(SPECIES, a5, j1);
    DoubleVector c52 = DoubleVector.fromArray(SPECIES, a5, j2);
    DoubleVector c60 = DoubleVector.fromArray(SPECIES, a6, j);
    DoubleVector c61 = DoubleVector.fromArray(SPECIES, a6, j1);
    DoubleVector c62 = DoubleVector.fromArray(SPECIES, a6, j2);
    DoubleVector c70 = DoubleVector.fromArray(SPECIES, a7, j);
    DoubleVector c71 = DoubleVector.fromArray(SPECIES, a7, j1);
    DoubleVector c72 = DoubleVector.fromArray(SPECIES, a7, j2);
    for (int ui = uOff, end = uOff + 8 * depth; ui < end; ui += 8, wi += WIDTH) {
      DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, wi);
      DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, wi + LANES);
      DoubleVector w2 = DoubleVector.fromArray(SPECIES, w, wi + 2 * LANES);
      DoubleVector b = DoubleVector.broadcast(SPECIES, u[ui]);
      c00 = w0.fma(b, c00);
      c01 = w1.fma(b, c01);
      c02 = w2.fma(b, c02);
      b = DoubleVector.broadcast(SPECIES, u[ui + 1]);
      c10 = w0.fma(b, c10);
      c11 = w1.fma(b, c11);
      c12 = w2.fma(b, c12);
      b = DoubleVector.broadcast(SPECIES, u[ui + 2]);
      c20 = w0.fma(b, c20);
      c21 = w1.fma(b, c21);
      c22 = w2.fma(b, c22);
      b = DoubleVector.broadcast(SPECIES, u[ui + 3]);
      c30 = w0.fma(b, c30);
      c31 = w1.fma(b, c31);
      c32 = w2.fma(b, c32);
      b = DoubleVector.broadcast(SPECIES, u[ui + 4]);
      c40 = w0.fma(b, c40);
      c41 = w1.fma(b, c41);
      c42 = w2.fma(b, c42);
      b = DoubleVector.broadcast(SPECIES, u[ui + 5]);
      c50 = w0.fma(b, c50);
      c51 = w1.fma(b, c51);
      c52 = w2.fma(b, c52);
      b = DoubleVector.broadcast(SPECIES, u[ui + 6]);
      c60 = w0.fma(b, c60);
      c61 = w1.fma(b, c61);
      c62 = w2.fma(b, c62);
      b = DoubleVector.broadcast(SPECIES, u[ui + 7]);
      c70 = w0.fma(b, c70);
      c71 = w1.fma(b, c71);
      c72 = w2.fma(b, c72);
    }
    c00.intoArray(a0, j);
    c01.intoArray(a0, j1);
    c02.intoArray(a0, j2);
    c10.intoArray(a1, j);
    c11.intoArray(a1, j1);
    c12.intoArray(a1, j2);
    c20.intoArray(a2, j);
    c21.intoArray(a2, j1);
    c22.intoArray(a2, j2);
    c30.intoArray(a3, j);
    c31.intoArray(a3, j1);
    c32.intoArray(a3, j2);
    c40.intoArray(a4, j);
    c41.intoArray(a4, j1);
    c42.intoArray(a4, j2);
    c50.intoArray(a5, j);
    c51.intoArray(a5, j1);
    c52.intoArray(a5, j2);
    c60.intoArray(a6, j);
    c61.intoArray(a6, j1);
    c62.intoArray(a6, j2);
    c70.intoArray(a7, j);
    c71.intoArray(a7, j1);
    c72.intoArray(a7, j2);
  }

  @Override
  public void updateRow(double[] row, double[] u, int uOff, int r, int depth, double[][] rows, double[] w, int lo,
      int hi) {
    int j = lo;
    while (j < hi) {
      int tile = j / WIDTH;
      int end = Math.min(hi, (tile + 1) * WIDTH);
      int base = tile * depth * WIDTH - tile * WIDTH;
      for (int m = 0; m < depth; m++) {
        double um = u[uOff + ROWS * m + r];
        int o = base + m * WIDTH;
        for (int x = j; x < end; x++) {
          row[x] = Math.fma(um, w[o + x], row[x]);
        }
      }
      j = end;
    }
  }
}
