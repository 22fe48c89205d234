package io.privrec.core.cf.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RankUpdateKernel} on the JDK Vector API ({@code jdk.incubator.vector}): a 4 × 2v
 * register-blocked micro-kernel (v the platform's preferred number of double lanes, so 4 × 8 on
 * AVX2) holding eight accumulator vectors across the whole depth, with one fused multiply-add per
 * accumulator and depth. Columns outside whole tiles and single rows use scalar {@link Math#fma}
 * in the same order (depth ascending, one rounding per product), so every entry gets the same
 * value whichever path covers it.
 *
 * <p>Only {@link RankUpdateKernels} touches this class, by name, after checking that the boot
 * layer has the incubator module; it is compiled in a separate compiler execution (see {@code
 * core/pom.xml}). Stateless and thread-safe.
 */
public final class VectorRankUpdateKernel implements RankUpdateKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int WIDTH = 2 * LANES;

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
  public void update4(double[][] a, int i0, double[] u, int uOff, int depth, double[][] rows, double[] w, int lo,
      int hi) {
    int vLo = Math.min(hi, (lo + WIDTH - 1) / WIDTH * WIDTH);
    int vHi = Math.max(vLo, hi / WIDTH * WIDTH);
    for (int r = 0; r < 4; r++) {
      updateRow(a[i0 + r], u, uOff, r, depth, rows, w, lo, vLo);
      updateRow(a[i0 + r], u, uOff, r, depth, rows, w, vHi, hi);
    }
    double[] a0 = a[i0];
    double[] a1 = a[i0 + 1];
    double[] a2 = a[i0 + 2];
    double[] a3 = a[i0 + 3];
    for (int j = vLo; j < vHi; j += WIDTH) {
      int jl = j + LANES;
      DoubleVector c00 = DoubleVector.fromArray(SPECIES, a0, j);
      DoubleVector c01 = DoubleVector.fromArray(SPECIES, a0, jl);
      DoubleVector c10 = DoubleVector.fromArray(SPECIES, a1, j);
      DoubleVector c11 = DoubleVector.fromArray(SPECIES, a1, jl);
      DoubleVector c20 = DoubleVector.fromArray(SPECIES, a2, j);
      DoubleVector c21 = DoubleVector.fromArray(SPECIES, a2, jl);
      DoubleVector c30 = DoubleVector.fromArray(SPECIES, a3, j);
      DoubleVector c31 = DoubleVector.fromArray(SPECIES, a3, jl);
      int wi = (j / WIDTH) * depth * WIDTH;
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
        double um = u[uOff + 4 * m + r];
        int o = base + m * WIDTH;
        for (int x = j; x < end; x++) {
          row[x] = Math.fma(um, w[o + x], row[x]);
        }
      }
      j = end;
    }
  }
}
