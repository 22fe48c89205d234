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
  /** Packed rows of {@link #scoreBatch} kept in the L1 data cache while every query passes over them. */
  private static final int PANEL_BYTES = 16 * 1024;

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
      dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, x, xOff, out, outOff + r);
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
          dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, queries, qOff, out, outBase + r);
        }
        for (; r < r1; r++) {
          out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
        }
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Items lie along the vector lanes. {@link #dot4} gives row r the lane sums A_i (lane i of
   * its accumulator: an FMA chain over k ≡ i mod lanes, in increasing k) and then reduces them in
   * lane order, ((0 + A_0) + A_1) + … (the Vector API's float reduction, sequential on every
   * tier), before adding the products of a ragged tail. Here a packed panel holds {@code lanes}
   * rows transposed, so one vector FMA advances chain A_i of {@code lanes} rows at once, and the
   * reduction becomes {@code lanes} vector additions of the finished chains: the same operations
   * in the same order, eight rows per instruction and no shuffles. A register tile of two queries
   * × two panels loads each panel vector and each broadcast query value once per two FMAs.
   */
  @Override
  public void scoreBatch(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    int chunks = dim / LANES;
    int quads = rows - rows % 4; // gemv: dot4 below quads, dot from there
    int groups = quads / LANES;
    int groupSize = LANES * dim;
    int perBlock = Math.max(2, PANEL_BYTES / (groupSize * Float.BYTES));
    float[] packedQueries = new float[numQueries * dim];
    for (int q = 0; q < numQueries; q++) {
      for (int k = 0; k < dim; k++) {
        packedQueries[q * dim + packedIndex(k, chunks)] = queries[q * dim + k];
      }
    }
    float[] panel = new float[Math.min(groups, perBlock) * groupSize];
    for (int g0 = 0; g0 < groups; g0 += perBlock) {
      int g1 = Math.min(groups, g0 + perBlock);
      for (int j = 0; j < (g1 - g0) * LANES; j++) {
        int src = (g0 * LANES + j) * dim;
        int dst = (j / LANES) * groupSize + j % LANES;
        for (int k = 0; k < dim; k++) {
          panel[dst + packedIndex(k, chunks) * LANES] = matrix[src + k];
        }
      }
      for (int q = 0; q < numQueries; q += 2) {
        int qb = Math.min(q + 1, numQueries - 1); // an odd last query pairs with itself
        for (int g = g0; g < g1; g += 2) {
          int gb = Math.min(g + 1, g1 - 1);
          tile(panel, (g - g0) * groupSize, (gb - g0) * groupSize, packedQueries, q * dim, qb * dim, dim, chunks,
              out, q * rows + g * LANES, q * rows + gb * LANES, qb * rows + g * LANES, qb * rows + gb * LANES);
        }
      }
    }
    for (int q = 0; q < numQueries; q++) {
      int qOff = q * dim;
      int outBase = q * rows;
      for (int r = groups * LANES; r < quads; r += 4) {
        dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, queries, qOff, out, outBase + r);
      }
      for (int r = quads; r < rows; r++) {
        out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
      }
    }
  }

  /** Position of coordinate k in a packed row: chain by chain ({@code i·chunks + c} for k = c·lanes + i), then the tail. */
  private static int packedIndex(int k, int chunks) {
    return k < chunks * LANES ? (k % LANES) * chunks + k / LANES : k;
  }

  /**
   * Scores of two packed queries (offsets qa, qb) against two panels of {@code LANES} rows (pa,
   * pb), stored at the four output offsets; a repeated query or panel just stores the same
   * values twice.
   */
  private static void tile(float[] panel, int pa, int pb, float[] packedQueries, int qa, int qb, int dim, int chunks,
      float[] out, int oaa, int oab, int oba, int obb) {
    FloatVector saa = FloatVector.zero(SPECIES);
    FloatVector sab = saa;
    FloatVector sba = saa;
    FloatVector sbb = saa;
    int p = 0;
    for (int i = 0; i < LANES; i++) {
      FloatVector aa = FloatVector.zero(SPECIES);
      FloatVector ab = aa;
      FloatVector ba = aa;
      FloatVector bb = aa;
      for (int end = p + chunks; p < end; p++) {
        FloatVector ma = FloatVector.fromArray(SPECIES, panel, pa + p * LANES);
        FloatVector mb = FloatVector.fromArray(SPECIES, panel, pb + p * LANES);
        FloatVector xa = FloatVector.broadcast(SPECIES, packedQueries[qa + p]);
        FloatVector xb = FloatVector.broadcast(SPECIES, packedQueries[qb + p]);
        aa = ma.fma(xa, aa);
        ab = mb.fma(xa, ab);
        ba = ma.fma(xb, ba);
        bb = mb.fma(xb, bb);
      }
      saa = saa.add(aa);
      sab = sab.add(ab);
      sba = sba.add(ba);
      sbb = sbb.add(bb);
    }
    for (; p < dim; p++) { // the ragged tail: dot4 adds each rounded product after the reduction
      FloatVector ma = FloatVector.fromArray(SPECIES, panel, pa + p * LANES);
      FloatVector mb = FloatVector.fromArray(SPECIES, panel, pb + p * LANES);
      FloatVector xa = FloatVector.broadcast(SPECIES, packedQueries[qa + p]);
      FloatVector xb = FloatVector.broadcast(SPECIES, packedQueries[qb + p]);
      saa = saa.add(ma.mul(xa));
      sab = sab.add(mb.mul(xa));
      sba = sba.add(ma.mul(xb));
      sbb = sbb.add(mb.mul(xb));
    }
    saa.intoArray(out, oaa);
    sab.intoArray(out, oab);
    sba.intoArray(out, oba);
    sbb.intoArray(out, obb);
  }

  @Override
  public void gatherDots(float[] matrix, int dim, int[] rows, int from, int to, float[] x, int xOff, float[] out) {
    int q = from;
    for (; q + 3 < to; q += 4) {
      dot4(matrix, rows[q] * dim, rows[q + 1] * dim, rows[q + 2] * dim, rows[q + 3] * dim, dim, x, xOff, out, q - from);
    }
    for (; q < to; q++) {
      out[q - from] = dot(matrix, rows[q] * dim, x, xOff, dim);
    }
  }

  @Override
  public void gatherAxpy(float[] matrix, int dim, int[] rows, int from, int to, float[] coef, float[] y, int yOff) {
    int bound = dim - dim % LANES;
    int q = from;
    for (; q + 3 < to; q += 4) {
      int o0 = rows[q] * dim;
      int o1 = rows[q + 1] * dim;
      int o2 = rows[q + 2] * dim;
      int o3 = rows[q + 3] * dim;
      float c0 = coef[q - from];
      float c1 = coef[q - from + 1];
      float c2 = coef[q - from + 2];
      float c3 = coef[q - from + 3];
      FloatVector v0 = FloatVector.broadcast(SPECIES, c0);
      FloatVector v1 = FloatVector.broadcast(SPECIES, c1);
      FloatVector v2 = FloatVector.broadcast(SPECIES, c2);
      FloatVector v3 = FloatVector.broadcast(SPECIES, c3);
      int k = 0;
      for (; k < bound; k += LANES) {
        FloatVector acc = FloatVector.fromArray(SPECIES, y, yOff + k);
        acc = FloatVector.fromArray(SPECIES, matrix, o0 + k).fma(v0, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o1 + k).fma(v1, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o2 + k).fma(v2, acc);
        acc = FloatVector.fromArray(SPECIES, matrix, o3 + k).fma(v3, acc);
        acc.intoArray(y, yOff + k);
      }
      for (; k < dim; k++) {
        y[yOff + k] += c0 * matrix[o0 + k] + c1 * matrix[o1 + k] + c2 * matrix[o2 + k] + c3 * matrix[o3 + k];
      }
    }
    for (; q < to; q++) {
      axpy(coef[q - from], matrix, rows[q] * dim, y, yOff, dim);
    }
  }

  /** Four rows (at the given offsets) dotted with x; each x chunk is loaded once. */
  private static void dot4(float[] m, int o0, int o1, int o2, int o3, int dim, float[] x, int xOff, float[] out, int outPos) {
    int bound = dim - dim % LANES;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k < bound; k += LANES) {
      FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + k);
      a0 = FloatVector.fromArray(SPECIES, m, o0 + k).fma(vx, a0);
      a1 = FloatVector.fromArray(SPECIES, m, o1 + k).fma(vx, a1);
      a2 = FloatVector.fromArray(SPECIES, m, o2 + k).fma(vx, a2);
      a3 = FloatVector.fromArray(SPECIES, m, o3 + k).fma(vx, a3);
    }
    float s0 = a0.reduceLanes(VectorOperators.ADD);
    float s1 = a1.reduceLanes(VectorOperators.ADD);
    float s2 = a2.reduceLanes(VectorOperators.ADD);
    float s3 = a3.reduceLanes(VectorOperators.ADD);
    for (; k < dim; k++) {
      float xk = x[xOff + k];
      s0 += m[o0 + k] * xk;
      s1 += m[o1 + k] * xk;
      s2 += m[o2 + k] * xk;
      s3 += m[o3 + k] * xk;
    }
    out[outPos] = s0;
    out[outPos + 1] = s1;
    out[outPos + 2] = s2;
    out[outPos + 3] = s3;
  }
}
