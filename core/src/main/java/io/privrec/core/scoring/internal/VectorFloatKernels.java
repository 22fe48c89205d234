package io.privrec.core.scoring.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on the JDK Vector API ({@code jdk.incubator.vector}) with the platform's
 * preferred vector width and fused multiply-add.
 *
 * <p>Only {@link FloatKernelsProvider} touches this class, by name, after checking that the boot
 * layer has the incubator module; it is compiled in a separate compiler execution (see
 * {@code core/pom.xml}) so the rest of the library builds and runs without the module. Sums are
 * accumulated lane-wise and reduced at the end, so results differ from {@link ScalarFloatKernels}
 * by float rounding only. Stateless and thread-safe.
 */
public final class VectorFloatKernels implements FloatKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Public no-argument constructor for reflective loading. */
  public VectorFloatKernels() {}

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    int bound = len - len % LANES;
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k + LANES < bound; k += 2 * LANES) {
      acc0 = FloatVector.fromArray(SPECIES, a, aOff + k).fma(FloatVector.fromArray(SPECIES, b, bOff + k), acc0);
      acc1 = FloatVector.fromArray(SPECIES, a, aOff + k + LANES)
          .fma(FloatVector.fromArray(SPECIES, b, bOff + k + LANES), acc1);
    }
    for (; k < bound; k += LANES) {
      acc0 = FloatVector.fromArray(SPECIES, a, aOff + k).fma(FloatVector.fromArray(SPECIES, b, bOff + k), acc0);
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; k < len; k++) {
      sum += a[aOff + k] * b[bOff + k];
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    int bound = len - len % LANES;
    FloatVector va = FloatVector.broadcast(SPECIES, alpha);
    int k = 0;
    for (; k < bound; k += LANES) {
      FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + k);
      vx.fma(va, FloatVector.fromArray(SPECIES, y, yOff + k)).intoArray(y, yOff + k);
    }
    for (; k < len; k++) {
      y[yOff + k] += alpha * x[xOff + k];
    }
  }

  @Override
  public void gemv(float[] matrix, int rows, int dim, float[] x, int xOff, float[] out, int outOff) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      dot4(matrix, r * dim, dim, x, xOff, out, outOff + r);
    }
    for (; r < rows; r++) {
      out[outOff + r] = dot(matrix, r * dim, x, xOff, dim);
    }
  }

  @Override
  public void gemmNt(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    for (int r0 = 0; r0 < rows; r0 += ScalarFloatKernels.ROW_BLOCK) {
      int r1 = Math.min(rows, r0 + ScalarFloatKernels.ROW_BLOCK);
      for (int q = 0; q < numQueries; q++) {
        int qOff = q * dim;
        int outBase = q * rows;
        int r = r0;
        for (; r + 3 < r1; r += 4) {
          dot4(matrix, r * dim, dim, queries, qOff, out, outBase + r);
        }
        for (; r < r1; r++) {
          out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
        }
      }
    }
  }

  /** Four consecutive rows starting at {@code off} dotted with x; each x chunk is loaded once. */
  private static void dot4(float[] m, int off, int dim, float[] x, int xOff, float[] out, int outPos) {
    int bound = dim - dim % LANES;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k < bound; k += LANES) {
      FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + k);
      a0 = FloatVector.fromArray(SPECIES, m, off + k).fma(vx, a0);
      a1 = FloatVector.fromArray(SPECIES, m, off + dim + k).fma(vx, a1);
      a2 = FloatVector.fromArray(SPECIES, m, off + 2 * dim + k).fma(vx, a2);
      a3 = FloatVector.fromArray(SPECIES, m, off + 3 * dim + k).fma(vx, a3);
    }
    float s0 = a0.reduceLanes(VectorOperators.ADD);
    float s1 = a1.reduceLanes(VectorOperators.ADD);
    float s2 = a2.reduceLanes(VectorOperators.ADD);
    float s3 = a3.reduceLanes(VectorOperators.ADD);
    for (; k < dim; k++) {
      float xk = x[xOff + k];
      s0 += m[off + k] * xk;
      s1 += m[off + dim + k] * xk;
      s2 += m[off + 2 * dim + k] * xk;
      s3 += m[off + 3 * dim + k] * xk;
    }
    out[outPos] = s0;
    out[outPos + 1] = s1;
    out[outPos + 2] = s2;
    out[outPos + 3] = s3;
  }
}
