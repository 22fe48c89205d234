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
  /** Queries per register tile of {@link #scoreBatch}: with two panels, twelve accumulators. */
  private static final int TILE_QUERIES = 6;

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
   * <p>Items lie along the vector lanes. {@code dot4} gives row r the lane sums A_i (lane i of
   * its accumulator: an FMA chain over k ≡ i mod lanes, in increasing k) and then reduces them in
   * lane order, ((0 + A_0) + A_1) + … (the Vector API's float reduction, sequential on every
   * tier), before adding the products of a ragged tail one by one. Here a packed panel holds
   * rows transposed, so one vector FMA advances chain A_i of {@code lanes} rows at once, and the
   * reduction becomes {@code lanes} vector additions of finished chains: the same operations in
   * the same order, a row per lane and no shuffles.
   *
   * <p>The register tile is six queries × two panels of {@code lanes} rows: twelve independent
   * FMA chains (enough to cover the FMA latency on two ports), fed per step by two panel loads
   * and six broadcasts. The two panels of a tile are interleaved in memory, and so are the
   * queries of a tile, so that a step reads from two running indices only. A dimension that is
   * not a multiple of the lanes leaves a ragged tail, added after the tile is stored.
   */
  @Override
  public void scoreBatch(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    int chunks = dim / LANES;
    int quads = rows - rows % 4; // gemv: dot4 below quads, dot from there
    int groups = quads / LANES; // panels of LANES rows
    int pairs = (groups + 1) / 2;
    int pairSize = 2 * LANES * dim;
    int pairsPerBlock = Math.max(1, PANEL_BYTES / (pairSize * Float.BYTES));
    int tiles = (numQueries + TILE_QUERIES - 1) / TILE_QUERIES;
    float[] packedQueries = new float[tiles * TILE_QUERIES * dim]; // a short last tile is padded with zeros
    for (int q = 0; q < numQueries; q++) {
      int base = (q / TILE_QUERIES) * TILE_QUERIES * dim + q % TILE_QUERIES;
      for (int k = 0; k < dim; k++) {
        packedQueries[base + packedIndex(k, chunks) * TILE_QUERIES] = queries[q * dim + k];
      }
    }
    float[] panel = new float[Math.min(pairs, pairsPerBlock) * pairSize];
    for (int h0 = 0; h0 < pairs; h0 += pairsPerBlock) {
      int h1 = Math.min(pairs, h0 + pairsPerBlock);
      int firstRow = 2 * h0 * LANES;
      int blockRows = Math.min(groups * LANES, 2 * h1 * LANES) - firstRow;
      for (int j = 0; j < blockRows; j++) {
        int src = (firstRow + j) * dim;
        int dst = (j / (2 * LANES)) * pairSize + j % (2 * LANES);
        for (int k = 0; k < dim; k++) {
          panel[dst + packedIndex(k, chunks) * 2 * LANES] = matrix[src + k];
        }
      }
      // Without a second panel (odd count) its half of the pair holds stale rows; never stored.
      for (int t = 0; t < tiles; t++) {
        int tileQueries = Math.min(TILE_QUERIES, numQueries - t * TILE_QUERIES);
        for (int h = h0; h < h1; h++) {
          tile(panel, (h - h0) * pairSize, packedQueries, t * TILE_QUERIES * dim, dim, chunks,
              out, t * TILE_QUERIES * rows + 2 * h * LANES, rows, tileQueries, 2 * h + 1 < groups);
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
   * Scores of one tile of packed queries (at {@code qOff}) against one pair of panels (at {@code
   * pOff}), stored from {@code out[o]} (query u of the tile, panel v at {@code o + u·rows +
   * v·lanes}) for the first {@code tileQueries} queries, and for the second panel only if {@code
   * second}.
   */
  private static void tile(float[] panel, int pOff, float[] packedQueries, int qOff, int dim, int chunks,
      float[] out, int o, int rows, int tileQueries, boolean second) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector s0a = z;
    FloatVector s0b = z;
    FloatVector s1a = z;
    FloatVector s1b = z;
    FloatVector s2a = z;
    FloatVector s2b = z;
    FloatVector s3a = z;
    FloatVector s3b = z;
    FloatVector s4a = z;
    FloatVector s4b = z;
    FloatVector s5a = z;
    FloatVector s5b = z;
    int p = 0;
    for (int i = 0; i < LANES; i++) {
      FloatVector a0 = z;
      FloatVector b0 = z;
      FloatVector a1 = z;
      FloatVector b1 = z;
      FloatVector a2 = z;
      FloatVector b2 = z;
      FloatVector a3 = z;
      FloatVector b3 = z;
      FloatVector a4 = z;
      FloatVector b4 = z;
      FloatVector a5 = z;
      FloatVector b5 = z;
      for (int end = p + chunks; p < end; p++) {
        int mi = pOff + p * 2 * LANES;
        int xi = qOff + p * TILE_QUERIES;
        FloatVector ma = FloatVector.fromArray(SPECIES, panel, mi);
        FloatVector mb = FloatVector.fromArray(SPECIES, panel, mi + LANES);
        FloatVector x = FloatVector.broadcast(SPECIES, packedQueries[xi]);
        a0 = ma.fma(x, a0);
        b0 = mb.fma(x, b0);
        x = FloatVector.broadcast(SPECIES, packedQueries[xi + 1]);
        a1 = ma.fma(x, a1);
        b1 = mb.fma(x, b1);
        x = FloatVector.broadcast(SPECIES, packedQueries[xi + 2]);
        a2 = ma.fma(x, a2);
        b2 = mb.fma(x, b2);
        x = FloatVector.broadcast(SPECIES, packedQueries[xi + 3]);
        a3 = ma.fma(x, a3);
        b3 = mb.fma(x, b3);
        x = FloatVector.broadcast(SPECIES, packedQueries[xi + 4]);
        a4 = ma.fma(x, a4);
        b4 = mb.fma(x, b4);
        x = FloatVector.broadcast(SPECIES, packedQueries[xi + 5]);
        a5 = ma.fma(x, a5);
        b5 = mb.fma(x, b5);
      }
      s0a = s0a.add(a0);
      s0b = s0b.add(b0);
      s1a = s1a.add(a1);
      s1b = s1b.add(b1);
      s2a = s2a.add(a2);
      s2b = s2b.add(b2);
      s3a = s3a.add(a3);
      s3b = s3b.add(b3);
      s4a = s4a.add(a4);
      s4b = s4b.add(b4);
      s5a = s5a.add(a5);
      s5b = s5b.add(b5);
    }
    store(s0a, s0b, out, o, second);
    if (tileQueries > 1) {
      store(s1a, s1b, out, o + rows, second);
    }
    if (tileQueries > 2) {
      store(s2a, s2b, out, o + 2 * rows, second);
    }
    if (tileQueries > 3) {
      store(s3a, s3b, out, o + 3 * rows, second);
    }
    if (tileQueries > 4) {
      store(s4a, s4b, out, o + 4 * rows, second);
    }
    if (tileQueries > 5) {
      store(s5a, s5b, out, o + 5 * rows, second);
    }
    // the ragged tail: dot4 adds each rounded product, unfused, after the lane reduction
    for (int u = 0; u < tileQueries; u++) {
      for (int v = 0; v < (second ? 2 : 1); v++) {
        int at = o + u * rows + v * LANES;
        FloatVector s = FloatVector.fromArray(SPECIES, out, at);
        for (int k = p; k < dim; k++) {
          FloatVector m = FloatVector.fromArray(SPECIES, panel, pOff + k * 2 * LANES + v * LANES);
          s = s.add(m.mul(FloatVector.broadcast(SPECIES, packedQueries[qOff + k * TILE_QUERIES + u])));
        }
        s.intoArray(out, at);
      }
    }
  }

  private static void store(FloatVector first, FloatVector secondPanel, float[] out, int o, boolean second) {
    first.intoArray(out, o);
    if (second) {
      secondPanel.intoArray(out, o + LANES);
    }
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
