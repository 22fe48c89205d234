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
  /**
   * Bytes of packed rows per block of {@link #scoreBatch}: kept in the L2 cache while every query
   * tile passes over them.
   */
  private static final int BLOCK_BYTES = 256 * 1024;

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
   * its accumulator: an FMA chain over k ≡ i mod lanes, in increasing k, from +0) and then reduces
   * them in lane order, ((0 + A_0) + A_1) + … (the Vector API's float reduction, sequential on
   * every tier), before adding the products of a ragged tail one by one. Here a packed panel holds
   * {@code lanes} rows transposed, so one vector FMA advances chain A_i of {@code lanes} rows at
   * once, and the reduction becomes {@code lanes} vector additions of finished chains: the same
   * operations in the same order, a row per lane and no shuffles. A chain's first step is a plain
   * product rather than an FMA onto +0: the two differ only when the product is a zero (−0 against
   * +0), and a running sum that starts at +0 and only adds never becomes −0, so adding either
   * zero leaves it unchanged; the sums stay bit-identical.
   *
   * <p>The register tile's shape follows the species. With 16 or more lanes (AVX-512: 32 vector
   * registers) and at least four full chunks it is twelve queries × one panel: twelve FMA chains
   * and twelve running sums, fed per step by one panel load and twelve broadcasts, with the first
   * four steps of every chain written out so that a short chain (four steps at 64 factors) costs
   * no inner-loop entry. Otherwise six queries × two panels: twelve chains fed by two panel loads
   * and six broadcasts per step. Panels are packed by vector gathers, a block of about {@code
   * BLOCK_BYTES} (256 KiB, kept in the L2 cache) at a time; every query tile then passes over all
   * of the block's panels, so that each query's scores are written in runs of a whole block.
   */
  @Override
  public void scoreBatch(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out) {
    int chunks = dim / LANES;
    boolean wide = LANES >= 16 && chunks >= 4;
    int tileQueries = wide ? 12 : 6;
    int tilePanels = wide ? 1 : 2;
    int quads = rows - rows % 4; // gemv: dot4 below quads, dot from there
    int panels = quads / LANES; // panels of LANES rows
    int groupRows = tilePanels * LANES;
    int groups = (panels + tilePanels - 1) / tilePanels;
    int groupSize = groupRows * dim;
    int groupsPerBlock = Math.max(1, BLOCK_BYTES / (groupSize * Float.BYTES));
    int tiles = (numQueries + tileQueries - 1) / tileQueries;
    float[] packedQueries = new float[tiles * tileQueries * dim]; // a short last tile is padded with zeros
    for (int q = 0; q < numQueries; q++) {
      pack(queries, q * dim, dim, chunks, tileQueries, packedQueries, (q / tileQueries) * tileQueries * dim + q % tileQueries);
    }
    float[] panel = new float[Math.min(groups, groupsPerBlock) * groupSize];
    int[] rowStarts = new int[LANES]; // a panel's rows relative to its first: the gather's index map
    for (int j = 0; j < LANES; j++) {
      rowStarts[j] = j * dim;
    }
    for (int g0 = 0; g0 < groups; g0 += groupsPerBlock) {
      int g1 = Math.min(groups, g0 + groupsPerBlock);
      int firstPanel = g0 * tilePanels;
      int blockPanels = Math.min(panels, g1 * tilePanels) - firstPanel;
      for (int b = 0; b < blockPanels; b++) {
        packPanel(matrix, (firstPanel + b) * LANES * dim, dim, chunks, rowStarts, groupRows,
            panel, (b / tilePanels) * groupSize + (b % tilePanels) * LANES);
      }
      // A last group with fewer panels holds stale rows in the others; they are never stored.
      for (int t = 0; t < tiles; t++) {
        int qOff = t * tileQueries * dim;
        int valid = Math.min(tileQueries, numQueries - t * tileQueries);
        for (int g = g0; g < g1; g++) {
          int pOff = (g - g0) * groupSize;
          int o = t * tileQueries * rows + g * groupRows;
          int validPanels = Math.min(tilePanels, panels - g * tilePanels);
          if (chunks == 0) {
            zeros(out, o, rows, valid, validPanels);
          } else if (wide) {
            tile12x1(panel, pOff, packedQueries, qOff, chunks, out, o, rows, valid); // one panel, always valid
          } else {
            tile6x2(panel, pOff, packedQueries, qOff, chunks, out, o, rows, valid, validPanels);
          }
          addTail(panel, pOff, tilePanels, packedQueries, qOff, tileQueries, chunks * LANES, dim, out, o, rows, valid, validPanels);
        }
      }
    }
    for (int q = 0; q < numQueries; q++) {
      int qOff = q * dim;
      int outBase = q * rows;
      for (int r = panels * LANES; r < quads; r += 4) {
        dot4(matrix, r * dim, r * dim + dim, r * dim + 2 * dim, r * dim + 3 * dim, dim, queries, qOff, out, outBase + r);
      }
      for (int r = quads; r < rows; r++) {
        out[outBase + r] = dot(matrix, r * dim, queries, qOff, dim);
      }
    }
  }

  /**
   * Copies one query of {@code dim} coordinates (from {@code src[from]}) into a packed layout of
   * {@code width} interleaved queries whose slot for this one is at {@code dst[to]}: coordinate k
   * = c·lanes + i of the full chunks goes to step {@code i·chunks + c} (chain by chain), a tail
   * coordinate k to step k, and step s lies at {@code to + s·width}.
   */
  private static void pack(float[] src, int from, int dim, int chunks, int width, float[] dst, int to) {
    int stride = chunks * width;
    for (int c = 0; c < chunks; c++) {
      int d = to + c * width;
      int s = from + c * LANES;
      for (int i = 0; i < LANES; i++) {
        dst[d + i * stride] = src[s + i];
      }
    }
    for (int k = chunks * LANES; k < dim; k++) {
      dst[to + k * width] = src[from + k];
    }
  }

  /**
   * Packs one panel, the {@code lanes} rows from {@code matrix[from]}, transposed: step s of the
   * packed layout ({@link #pack}'s order) holds coordinate k of every row, one vector gathered
   * through {@code rowStarts} ({@code j·dim} for row j), stored at {@code dst[to + s·width]}.
   */
  private static void packPanel(float[] matrix, int from, int dim, int chunks, int[] rowStarts, int width,
      float[] dst, int to) {
    for (int c = 0; c < chunks; c++) {
      for (int i = 0; i < LANES; i++) {
        FloatVector.fromArray(SPECIES, matrix, from + c * LANES + i, rowStarts, 0).intoArray(dst, to + (i * chunks + c) * width);
      }
    }
    for (int k = chunks * LANES; k < dim; k++) {
      FloatVector.fromArray(SPECIES, matrix, from + k, rowStarts, 0).intoArray(dst, to + k * width);
    }
  }

  /** The running sums of a tile without full chunks: +0, as the lane reduction of empty chains gives. */
  private static void zeros(float[] out, int o, int rows, int tileQueries, int validPanels) {
    for (int u = 0; u < tileQueries; u++) {
      java.util.Arrays.fill(out, o + u * rows, o + u * rows + validPanels * LANES, 0f);
    }
  }

  /**
   * Adds the ragged tail, coordinates {@code full} to {@code dim} (as {@code dot4} does: each
   * rounded product, unfused, after the lane reduction), to the stored sums of a tile of {@code
   * tileQueries} interleaved queries × {@code tilePanels} interleaved panels: query u, panel v at
   * {@code out[o + u·rows + v·lanes]} for u below {@code valid} and v below {@code validPanels}.
   */
  private static void addTail(float[] panel, int pOff, int tilePanels, float[] packedQueries, int qOff,
      int tileQueries, int full, int dim, float[] out, int o, int rows, int valid, int validPanels) {
    for (int k = full; k < dim; k++) {
      for (int v = 0; v < validPanels; v++) {
        FloatVector m = FloatVector.fromArray(SPECIES, panel, pOff + (k * tilePanels + v) * LANES);
        for (int u = 0; u < valid; u++) {
          int at = o + u * rows + v * LANES;
          FloatVector x = FloatVector.broadcast(SPECIES, packedQueries[qOff + k * tileQueries + u]);
          FloatVector.fromArray(SPECIES, out, at).add(m.mul(x)).intoArray(out, at);
        }
      }
    }
  }

  /**
   * The wide register tile: twelve packed queries (at {@code qOff}) against one panel (at {@code
   * pOff}), twelve FMA chains fed per step by one panel load and twelve broadcasts, the first four
   * steps of every chain written out (so {@code chunks ≥ 4}). Stores the running sums of the
   * first {@code tileQueries} queries at {@code out[o + u·rows]}.
   */
  private static void tile12x1(float[] panel, int pOff, float[] packedQueries, int qOff, int chunks,
      float[] out, int o, int rows, int tileQueries) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector s0 = z;
    FloatVector s1 = z;
    FloatVector s2 = z;
    FloatVector s3 = z;
    FloatVector s4 = z;
    FloatVector s5 = z;
    FloatVector s6 = z;
    FloatVector s7 = z;
    FloatVector s8 = z;
    FloatVector s9 = z;
    FloatVector s10 = z;
    FloatVector s11 = z;
    int p = 0;
    for (int i = 0; i < LANES; i++) {
      int mf = pOff + p * LANES;
      int xf = qOff + p * 12;
      FloatVector n0 = FloatVector.fromArray(SPECIES, panel, mf);
      FloatVector y0 = FloatVector.broadcast(SPECIES, packedQueries[xf]);
      FloatVector a0 = n0.mul(y0);
      FloatVector y1 = FloatVector.broadcast(SPECIES, packedQueries[xf + 1]);
      FloatVector a1 = n0.mul(y1);
      FloatVector y2 = FloatVector.broadcast(SPECIES, packedQueries[xf + 2]);
      FloatVector a2 = n0.mul(y2);
      FloatVector y3 = FloatVector.broadcast(SPECIES, packedQueries[xf + 3]);
      FloatVector a3 = n0.mul(y3);
      FloatVector y4 = FloatVector.broadcast(SPECIES, packedQueries[xf + 4]);
      FloatVector a4 = n0.mul(y4);
      FloatVector y5 = FloatVector.broadcast(SPECIES, packedQueries[xf + 5]);
      FloatVector a5 = n0.mul(y5);
      FloatVector y6 = FloatVector.broadcast(SPECIES, packedQueries[xf + 6]);
      FloatVector a6 = n0.mul(y6);
      FloatVector y7 = FloatVector.broadcast(SPECIES, packedQueries[xf + 7]);
      FloatVector a7 = n0.mul(y7);
      FloatVector y8 = FloatVector.broadcast(SPECIES, packedQueries[xf + 8]);
      FloatVector a8 = n0.mul(y8);
      FloatVector y9 = FloatVector.broadcast(SPECIES, packedQueries[xf + 9]);
      FloatVector a9 = n0.mul(y9);
      FloatVector y10 = FloatVector.broadcast(SPECIES, packedQueries[xf + 10]);
      FloatVector a10 = n0.mul(y10);
      FloatVector y11 = FloatVector.broadcast(SPECIES, packedQueries[xf + 11]);
      FloatVector a11 = n0.mul(y11);
      int mi1 = pOff + (p + 1) * LANES;
      int xi1 = qOff + (p + 1) * 12;
      FloatVector m1_0 = FloatVector.fromArray(SPECIES, panel, mi1);
      FloatVector x1_0 = FloatVector.broadcast(SPECIES, packedQueries[xi1]);
      a0 = m1_0.fma(x1_0, a0);
      FloatVector x1_1 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 1]);
      a1 = m1_0.fma(x1_1, a1);
      FloatVector x1_2 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 2]);
      a2 = m1_0.fma(x1_2, a2);
      FloatVector x1_3 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 3]);
      a3 = m1_0.fma(x1_3, a3);
      FloatVector x1_4 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 4]);
      a4 = m1_0.fma(x1_4, a4);
      FloatVector x1_5 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 5]);
      a5 = m1_0.fma(x1_5, a5);
      FloatVector x1_6 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 6]);
      a6 = m1_0.fma(x1_6, a6);
      FloatVector x1_7 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 7]);
      a7 = m1_0.fma(x1_7, a7);
      FloatVector x1_8 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 8]);
      a8 = m1_0.fma(x1_8, a8);
      FloatVector x1_9 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 9]);
      a9 = m1_0.fma(x1_9, a9);
      FloatVector x1_10 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 10]);
      a10 = m1_0.fma(x1_10, a10);
      FloatVector x1_11 = FloatVector.broadcast(SPECIES, packedQueries[xi1 + 11]);
      a11 = m1_0.fma(x1_11, a11);
      int mi2 = pOff + (p + 2) * LANES;
      int xi2 = qOff + (p + 2) * 12;
      FloatVector m2_0 = FloatVector.fromArray(SPECIES, panel, mi2);
      FloatVector x2_0 = FloatVector.broadcast(SPECIES, packedQueries[xi2]);
      a0 = m2_0.fma(x2_0, a0);
      FloatVector x2_1 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 1]);
      a1 = m2_0.fma(x2_1, a1);
      FloatVector x2_2 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 2]);
      a2 = m2_0.fma(x2_2, a2);
      FloatVector x2_3 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 3]);
      a3 = m2_0.fma(x2_3, a3);
      FloatVector x2_4 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 4]);
      a4 = m2_0.fma(x2_4, a4);
      FloatVector x2_5 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 5]);
      a5 = m2_0.fma(x2_5, a5);
      FloatVector x2_6 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 6]);
      a6 = m2_0.fma(x2_6, a6);
      FloatVector x2_7 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 7]);
      a7 = m2_0.fma(x2_7, a7);
      FloatVector x2_8 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 8]);
      a8 = m2_0.fma(x2_8, a8);
      FloatVector x2_9 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 9]);
      a9 = m2_0.fma(x2_9, a9);
      FloatVector x2_10 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 10]);
      a10 = m2_0.fma(x2_10, a10);
      FloatVector x2_11 = FloatVector.broadcast(SPECIES, packedQueries[xi2 + 11]);
      a11 = m2_0.fma(x2_11, a11);
      int mi3 = pOff + (p + 3) * LANES;
      int xi3 = qOff + (p + 3) * 12;
      FloatVector m3_0 = FloatVector.fromArray(SPECIES, panel, mi3);
      FloatVector x3_0 = FloatVector.broadcast(SPECIES, packedQueries[xi3]);
      a0 = m3_0.fma(x3_0, a0);
      FloatVector x3_1 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 1]);
      a1 = m3_0.fma(x3_1, a1);
      FloatVector x3_2 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 2]);
      a2 = m3_0.fma(x3_2, a2);
      FloatVector x3_3 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 3]);
      a3 = m3_0.fma(x3_3, a3);
      FloatVector x3_4 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 4]);
      a4 = m3_0.fma(x3_4, a4);
      FloatVector x3_5 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 5]);
      a5 = m3_0.fma(x3_5, a5);
      FloatVector x3_6 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 6]);
      a6 = m3_0.fma(x3_6, a6);
      FloatVector x3_7 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 7]);
      a7 = m3_0.fma(x3_7, a7);
      FloatVector x3_8 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 8]);
      a8 = m3_0.fma(x3_8, a8);
      FloatVector x3_9 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 9]);
      a9 = m3_0.fma(x3_9, a9);
      FloatVector x3_10 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 10]);
      a10 = m3_0.fma(x3_10, a10);
      FloatVector x3_11 = FloatVector.broadcast(SPECIES, packedQueries[xi3 + 11]);
      a11 = m3_0.fma(x3_11, a11);
      int end = p + chunks;
      for (p += 4; p < end; p++) {
        int mi = pOff + p * LANES;
        int xi = qOff + p * 12;
        FloatVector m0 = FloatVector.fromArray(SPECIES, panel, mi);
        FloatVector x0 = FloatVector.broadcast(SPECIES, packedQueries[xi]);
        a0 = m0.fma(x0, a0);
        FloatVector x1 = FloatVector.broadcast(SPECIES, packedQueries[xi + 1]);
        a1 = m0.fma(x1, a1);
        FloatVector x2 = FloatVector.broadcast(SPECIES, packedQueries[xi + 2]);
        a2 = m0.fma(x2, a2);
        FloatVector x3 = FloatVector.broadcast(SPECIES, packedQueries[xi + 3]);
        a3 = m0.fma(x3, a3);
        FloatVector x4 = FloatVector.broadcast(SPECIES, packedQueries[xi + 4]);
        a4 = m0.fma(x4, a4);
        FloatVector x5 = FloatVector.broadcast(SPECIES, packedQueries[xi + 5]);
        a5 = m0.fma(x5, a5);
        FloatVector x6 = FloatVector.broadcast(SPECIES, packedQueries[xi + 6]);
        a6 = m0.fma(x6, a6);
        FloatVector x7 = FloatVector.broadcast(SPECIES, packedQueries[xi + 7]);
        a7 = m0.fma(x7, a7);
        FloatVector x8 = FloatVector.broadcast(SPECIES, packedQueries[xi + 8]);
        a8 = m0.fma(x8, a8);
        FloatVector x9 = FloatVector.broadcast(SPECIES, packedQueries[xi + 9]);
        a9 = m0.fma(x9, a9);
        FloatVector x10 = FloatVector.broadcast(SPECIES, packedQueries[xi + 10]);
        a10 = m0.fma(x10, a10);
        FloatVector x11 = FloatVector.broadcast(SPECIES, packedQueries[xi + 11]);
        a11 = m0.fma(x11, a11);
      }
      s0 = s0.add(a0);
      s1 = s1.add(a1);
      s2 = s2.add(a2);
      s3 = s3.add(a3);
      s4 = s4.add(a4);
      s5 = s5.add(a5);
      s6 = s6.add(a6);
      s7 = s7.add(a7);
      s8 = s8.add(a8);
      s9 = s9.add(a9);
      s10 = s10.add(a10);
      s11 = s11.add(a11);
    }
    s0.intoArray(out, o);
    if (1 < tileQueries) {
      s1.intoArray(out, o + rows);
    }
    if (2 < tileQueries) {
      s2.intoArray(out, o + 2 * rows);
    }
    if (3 < tileQueries) {
      s3.intoArray(out, o + 3 * rows);
    }
    if (4 < tileQueries) {
      s4.intoArray(out, o + 4 * rows);
    }
    if (5 < tileQueries) {
      s5.intoArray(out, o + 5 * rows);
    }
    if (6 < tileQueries) {
      s6.intoArray(out, o + 6 * rows);
    }
    if (7 < tileQueries) {
      s7.intoArray(out, o + 7 * rows);
    }
    if (8 < tileQueries) {
      s8.intoArray(out, o + 8 * rows);
    }
    if (9 < tileQueries) {
      s9.intoArray(out, o + 9 * rows);
    }
    if (10 < tileQueries) {
      s10.intoArray(out, o + 10 * rows);
    }
    if (11 < tileQueries) {
      s11.intoArray(out, o + 11 * rows);
    }
  }

  /**
   * The narrow register tile: six packed queries (at {@code qOff}) against two panels (at {@code
   * pOff}), twelve FMA chains fed per step by two panel loads and six broadcasts ({@code chunks ≥
   * 1}). Stores the running sums of the first {@code tileQueries} queries and {@code validPanels}
   * panels: query u, panel v at {@code out[o + u·rows + v·lanes]}.
   */
  private static void tile6x2(float[] panel, int pOff, float[] packedQueries, int qOff, int chunks,
      float[] out, int o, int rows, int tileQueries, int validPanels) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector s00 = z;
    FloatVector s01 = z;
    FloatVector s10 = z;
    FloatVector s11 = z;
    FloatVector s20 = z;
    FloatVector s21 = z;
    FloatVector s30 = z;
    FloatVector s31 = z;
    FloatVector s40 = z;
    FloatVector s41 = z;
    FloatVector s50 = z;
    FloatVector s51 = z;
    int p = 0;
    for (int i = 0; i < LANES; i++) {
      int mf = pOff + p * 2 * LANES;
      int xf = qOff + p * 6;
      FloatVector n0 = FloatVector.fromArray(SPECIES, panel, mf);
      FloatVector n1 = FloatVector.fromArray(SPECIES, panel, mf + LANES);
      FloatVector y0 = FloatVector.broadcast(SPECIES, packedQueries[xf]);
      FloatVector a00 = n0.mul(y0);
      FloatVector a01 = n1.mul(y0);
      FloatVector y1 = FloatVector.broadcast(SPECIES, packedQueries[xf + 1]);
      FloatVector a10 = n0.mul(y1);
      FloatVector a11 = n1.mul(y1);
      FloatVector y2 = FloatVector.broadcast(SPECIES, packedQueries[xf + 2]);
      FloatVector a20 = n0.mul(y2);
      FloatVector a21 = n1.mul(y2);
      FloatVector y3 = FloatVector.broadcast(SPECIES, packedQueries[xf + 3]);
      FloatVector a30 = n0.mul(y3);
      FloatVector a31 = n1.mul(y3);
      FloatVector y4 = FloatVector.broadcast(SPECIES, packedQueries[xf + 4]);
      FloatVector a40 = n0.mul(y4);
      FloatVector a41 = n1.mul(y4);
      FloatVector y5 = FloatVector.broadcast(SPECIES, packedQueries[xf + 5]);
      FloatVector a50 = n0.mul(y5);
      FloatVector a51 = n1.mul(y5);
      int end = p + chunks;
      for (p++; p < end; p++) {
        int mi = pOff + p * 2 * LANES;
        int xi = qOff + p * 6;
        FloatVector m0 = FloatVector.fromArray(SPECIES, panel, mi);
        FloatVector m1 = FloatVector.fromArray(SPECIES, panel, mi + LANES);
        FloatVector x0 = FloatVector.broadcast(SPECIES, packedQueries[xi]);
        a00 = m0.fma(x0, a00);
        a01 = m1.fma(x0, a01);
        FloatVector x1 = FloatVector.broadcast(SPECIES, packedQueries[xi + 1]);
        a10 = m0.fma(x1, a10);
        a11 = m1.fma(x1, a11);
        FloatVector x2 = FloatVector.broadcast(SPECIES, packedQueries[xi + 2]);
        a20 = m0.fma(x2, a20);
        a21 = m1.fma(x2, a21);
        FloatVector x3 = FloatVector.broadcast(SPECIES, packedQueries[xi + 3]);
        a30 = m0.fma(x3, a30);
        a31 = m1.fma(x3, a31);
        FloatVector x4 = FloatVector.broadcast(SPECIES, packedQueries[xi + 4]);
        a40 = m0.fma(x4, a40);
        a41 = m1.fma(x4, a41);
        FloatVector x5 = FloatVector.broadcast(SPECIES, packedQueries[xi + 5]);
        a50 = m0.fma(x5, a50);
        a51 = m1.fma(x5, a51);
      }
      s00 = s00.add(a00);
      s01 = s01.add(a01);
      s10 = s10.add(a10);
      s11 = s11.add(a11);
      s20 = s20.add(a20);
      s21 = s21.add(a21);
      s30 = s30.add(a30);
      s31 = s31.add(a31);
      s40 = s40.add(a40);
      s41 = s41.add(a41);
      s50 = s50.add(a50);
      s51 = s51.add(a51);
    }
    s00.intoArray(out, o);
    if (1 < validPanels) {
      s01.intoArray(out, o + LANES);
    }
    if (1 < tileQueries) {
      s10.intoArray(out, o + rows);
    }
    if (1 < tileQueries && 1 < validPanels) {
      s11.intoArray(out, o + rows + LANES);
    }
    if (2 < tileQueries) {
      s20.intoArray(out, o + 2 * rows);
    }
    if (2 < tileQueries && 1 < validPanels) {
      s21.intoArray(out, o + 2 * rows + LANES);
    }
    if (3 < tileQueries) {
      s30.intoArray(out, o + 3 * rows);
    }
    if (3 < tileQueries && 1 < validPanels) {
      s31.intoArray(out, o + 3 * rows + LANES);
    }
    if (4 < tileQueries) {
      s40.intoArray(out, o + 4 * rows);
    }
    if (4 < tileQueries && 1 < validPanels) {
      s41.intoArray(out, o + 4 * rows + LANES);
    }
    if (5 < tileQueries) {
      s50.intoArray(out, o + 5 * rows);
    }
    if (5 < tileQueries && 1 < validPanels) {
      s51.intoArray(out, o + 5 * rows + LANES);
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
