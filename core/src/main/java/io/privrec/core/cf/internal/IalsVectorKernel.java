package io.privrec.core.cf.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link IalsKernel} on the JDK Vector API with the platform's preferred width and fused
 * multiply-add, rounding as {@link io.privrec.core.scoring.internal.VectorFloatKernels}' {@code
 * gatherDots} and {@code gatherAxpy}: a group's four dots accumulate lane-wise and are reduced at
 * the end (the columns past the last full vector are added one by one), then the four weighted rows
 * are fused into {@code y} in order; a remaining row is dotted with two alternating accumulators
 * and added on its own, as that class's {@code dot} and {@code axpy} do.
 *
 * <p>Only {@link IalsKernels} touches this class, by name, after checking that the boot layer has
 * the incubator module; it is compiled in a separate compiler execution (see {@code core/pom.xml}).
 * Stateless and thread-safe.
 */
public final class IalsVectorKernel implements IalsKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Public no-argument constructor for reflective loading. */
  public IalsVectorKernel() {}

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }

  @Override
  public void gatherUpdate(float[] matrix, int dim, int[] rows, int from, int to, float[] aw, float[] x, int xOff,
      float[] y, boolean residual) {
    int bound = dim - dim % LANES;
    int q = from;
    for (; q + 3 < to; q += 4) {
      int o0 = rows[q] * dim;
      int o1 = rows[q + 1] * dim;
      int o2 = rows[q + 2] * dim;
      int o3 = rows[q + 3] * dim;
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = FloatVector.zero(SPECIES);
      FloatVector a2 = FloatVector.zero(SPECIES);
      FloatVector a3 = FloatVector.zero(SPECIES);
      int k = 0;
      for (; k < bound; k += LANES) {
        FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + k);
        a0 = FloatVector.fromArray(SPECIES, matrix, o0 + k).fma(vx, a0);
        a1 = FloatVector.fromArray(SPECIES, matrix, o1 + k).fma(vx, a1);
        a2 = FloatVector.fromArray(SPECIES, matrix, o2 + k).fma(vx, a2);
        a3 = FloatVector.fromArray(SPECIES, matrix, o3 + k).fma(vx, a3);
      }
      float s0 = a0.reduceLanes(VectorOperators.ADD);
      float s1 = a1.reduceLanes(VectorOperators.ADD);
      float s2 = a2.reduceLanes(VectorOperators.ADD);
      float s3 = a3.reduceLanes(VectorOperators.ADD);
      for (; k < dim; k++) {
        float xk = x[xOff + k];
        s0 += matrix[o0 + k] * xk;
        s1 += matrix[o1 + k] * xk;
        s2 += matrix[o2 + k] * xk;
        s3 += matrix[o3 + k] * xk;
      }
      float c0 = IalsScalarKernel.coefficient(aw[q], s0, residual);
      float c1 = IalsScalarKernel.coefficient(aw[q + 1], s1, residual);
      float c2 = IalsScalarKernel.coefficient(aw[q + 2], s2, residual);
      float c3 = IalsScalarKernel.coefficient(aw[q + 3], s3, residual);
      FloatVector v0 = FloatVector.broadcast(SPECIES, c0);
      FloatVector v1 = FloatVector.broadcast(SPECIES, c1);
      FloatVector v2 = FloatVector.broadcast(SPECIES, c2);
      FloatVector v3 = FloatVector.broadcast(SPECIES, c3);
      k = 0;
      for (; k < bound; k += LANES) {
        FloatVector acc = FloatVector.fromArray(SPECIES, y, k);
        acc = FloatVector.fromArray(SPECIES, matrix, o0 + k).fma(v0, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o1 + k).fma(v1, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o2 + k).fma(v2, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o3 + k).fma(v3, acc);
        acc.intoArray(y, k);
      }
      for (; k < dim; k++) {
        y[k] += c0 * matrix[o0 + k] + c1 * matrix[o1 + k] + c2 * matrix[o2 + k] + c3 * matrix[o3 + k];
      }
    }
    for (; q < to; q++) {
      int o = rows[q] * dim;
      float c = IalsScalarKernel.coefficient(aw[q], dot(matrix, o, x, xOff, dim, bound), residual);
      FloatVector vc = FloatVector.broadcast(SPECIES, c);
      int k = 0;
      for (; k < bound; k += LANES) {
        FloatVector.fromArray(SPECIES, matrix, o + k).fma(vc, FloatVector.fromArray(SPECIES, y, k)).intoArray(y, k);
      }
      for (; k < dim; k++) {
        y[k] += c * matrix[o + k];
      }
    }
  }

  /** One row's dot with two alternating accumulators. */
  private static float dot(float[] m, int o, float[] x, int xOff, int dim, int bound) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k + LANES < bound; k += 2 * LANES) {
      acc0 = FloatVector.fromArray(SPECIES, m, o + k).fma(FloatVector.fromArray(SPECIES, x, xOff + k), acc0);
      acc1 = FloatVector.fromArray(SPECIES, m, o + k + LANES).fma(FloatVector.fromArray(SPECIES, x, xOff + k + LANES),
          acc1);
    }
    for (; k < bound; k += LANES) {
      acc0 = FloatVector.fromArray(SPECIES, m, o + k).fma(FloatVector.fromArray(SPECIES, x, xOff + k), acc0);
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; k < dim; k++) {
      sum += m[o + k] * x[xOff + k];
    }
    return sum;
  }
}
