package io.privrec.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import io.privrec.core.scoring.internal.ScalarFloatKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Vector API kernels against the scalar ones. The build runs this class twice: in the default
 * test JVM (no incubator module: the scalar path must be chosen) and in a JVM started with {@code
 * --add-modules jdk.incubator.vector} (the vector path must load and agree).
 */
class VectorKernelTest {
  private static final double U = 0x1p-24; // float unit roundoff

  @Test
  void moduleAbsent_scalarChosenAndVectorRefused() {
    assumeTrue(!FloatKernelsProvider.vectorModulePresent(), "JVM has jdk.incubator.vector: covered by the other tests");
    assertThat(FloatKernelsProvider.kernels()).isSameAs(ScalarFloatKernels.INSTANCE);
    assertThatIllegalStateException().isThrownBy(FloatKernelsProvider::loadVector).withMessageContaining("jdk.incubator.vector");
  }

  @Test
  void modulePresent_vectorChosen() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    assumeTrue(!"scalar".equals(System.getProperty("privrec.kernels")), "scalar forced by property");
    assertThat(FloatKernelsProvider.kernels().name()).startsWith("vector-");
  }

  @Test
  void vectorAndScalar_agreeOnRandomInputs() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    FloatKernels v = FloatKernelsProvider.loadVector();
    FloatKernels s = ScalarFloatKernels.INSTANCE;
    SplittableRandom rnd = new SplittableRandom(11);
    for (int len = 0; len <= 140; len++) {
      float[] a = ScoringKernelsTest.random(rnd, len + 3);
      float[] b = ScoringKernelsTest.random(rnd, len + 5);
      double abs = 0;
      for (int k = 0; k < len; k++) {
        abs += Math.abs((double) a[k + 3] * b[k + 5]);
      }
      // Both orders are within n·u·Σ|a·b| of the exact sum (Higham, Accuracy and Stability, §3.1),
      // so within 2·n·u·Σ|a·b| of each other; a deterministic bound, not a statistical one.
      double tol = 2 * len * U * abs + 1e-30;
      assertThat((double) v.dot(a, 3, b, 5, len)).as("dot length %d", len).isCloseTo(s.dot(a, 3, b, 5, len), within(tol));

      float[] yv = b.clone();
      float[] ys = b.clone();
      v.axpy(0.37f, a, 3, yv, 5, len);
      s.axpy(0.37f, a, 3, ys, 5, len);
      for (int k = 0; k < yv.length; k++) {
        // one multiply-add per entry: FMA rounds once, the scalar loop twice: ≤ 2 ulps of |y| + |αx| ≤ 2
        assertThat(yv[k]).isCloseTo(ys[k], within((float) (4 * U * 2)));
      }
    }
  }

  @Test
  void vectorAndScalar_gemvAndGemmAgree() {
    assumeTrue(FloatKernelsProvider.vectorModulePresent(), "JVM lacks jdk.incubator.vector: scalar only");
    FloatKernels v = FloatKernelsProvider.loadVector();
    FloatKernels s = ScalarFloatKernels.INSTANCE;
    SplittableRandom rnd = new SplittableRandom(12);
    for (int dim : new int[] {1, 7, 16, 33, 64, 128}) {
      int rows = 517; // not a multiple of 4 nor of the row block
      float[] m = ScoringKernelsTest.random(rnd, rows * dim);
      float[] q = ScoringKernelsTest.random(rnd, 3 * dim);
      float[] ov = new float[3 * rows];
      float[] os = new float[3 * rows];
      v.gemmNt(m, rows, dim, q, 3, ov);
      s.gemmNt(m, rows, dim, q, 3, os);
      float[] gv = new float[rows + 1];
      v.gemv(m, rows, dim, q, dim, gv, 1);
      // |entries| ≤ 1, so Σ|a·b| ≤ dim
      double tol = 2 * dim * U * dim;
      for (int e = 0; e < ov.length; e++) {
        assertThat((double) ov[e]).isCloseTo(os[e], within(tol));
      }
      for (int r = 0; r < rows; r++) {
        assertThat((double) gv[r + 1]).isCloseTo(os[rows + r], within(tol));
      }
    }
  }

  @Test
  void scoreBatch_allImplementationsAndShapes_bitIdenticalToGemvAndGemmNt() {
    SplittableRandom rnd = new SplittableRandom(14);
    // dims below, at and off multiples of 8 and 16 lanes (ragged tails, no full chunk); rows off the
    // multiples of 4 and of the lanes (gemv's dot tail), odd panel counts, several panel blocks;
    // query counts below, off and above the query tiles (odd, fewer than 6, not a multiple of 6)
    for (int dim : new int[] {1, 3, 7, 8, 9, 16, 24, 33, 64, 65, 130}) {
      for (int rows : new int[] {1, 5, 16, 37, 300, 1029}) {
        for (int numQueries : new int[] {1, 2, 7, 13}) {
          float[] m = ScoringKernelsTest.random(rnd, rows * dim);
          float[] q = ScoringKernelsTest.random(rnd, numQueries * dim);
          for (FloatKernels k : implementations()) {
            float[] batch = new float[numQueries * rows];
            java.util.Arrays.fill(batch, Float.NaN);
            k.scoreBatch(m, rows, dim, q, numQueries, batch);
            float[] reference = new float[numQueries * rows];
            k.gemmNt(m, rows, dim, q, numQueries, reference);
            float[] single = new float[numQueries * rows];
            for (int u = 0; u < numQueries; u++) {
              k.gemv(m, rows, dim, q, u * dim, single, u * rows);
            }
            // bit patterns: exact equality (−0 ≠ +0), not a tolerance
            assertThat(bits(batch)).as("%s dim %d rows %d queries %d", k.name(), dim, rows, numQueries)
                .containsExactly(bits(single)).containsExactly(bits(reference));
          }
        }
      }
    }
  }

  @Test
  void scoreBatch_manyQueriesAndBlocks_bitIdenticalToGemv() {
    // The batch kernel's register tiles (twelve queries × one panel with 16+ lanes and 4+ full
    // chunks, else six × two), its blocks of packed rows (several here: 4,100 rows exceed one
    // block), ragged tails (dim 100) and short last tiles, against the previous kernel's results,
    // which are gemv's bit for bit.
    SplittableRandom rnd = new SplittableRandom(15);
    int rows = 4100;
    int numQueries = 37;
    for (int dim : new int[] {64, 72, 100}) {
      float[] m = ScoringKernelsTest.random(rnd, rows * dim);
      float[] q = ScoringKernelsTest.random(rnd, numQueries * dim);
      for (FloatKernels k : implementations()) {
        assertThat(bits(batchScores(k, m, rows, dim, q))).as("%s dim %d", k.name(), dim)
            .isEqualTo(bits(gemvPerQuery(k, m, rows, dim, q)));
      }
    }
  }

  /** All queries of {@code q} scored by {@code k.scoreBatch} into an array of NaNs, row-major queries × rows. */
  private static float[] batchScores(FloatKernels k, float[] m, int rows, int dim, float[] q) {
    int numQueries = q.length / dim;
    float[] scores = new float[numQueries * rows];
    java.util.Arrays.fill(scores, Float.NaN);
    k.scoreBatch(m, rows, dim, q, numQueries, scores);
    return scores;
  }

  /** Each query of {@code q} scored alone by {@code k.gemv}, row-major queries × rows. */
  private static float[] gemvPerQuery(FloatKernels k, float[] m, int rows, int dim, float[] q) {
    int numQueries = q.length / dim;
    float[] scores = new float[numQueries * rows];
    for (int u = 0; u < numQueries; u++) {
      k.gemv(m, rows, dim, q, u * dim, scores, u * rows);
    }
    return scores;
  }

  @Test
  void scoreBatch_zerosAndNonFinite_matchGemvBitForBit() {
    int dim = 19;
    int rows = 21;
    float[] m = new float[rows * dim];
    for (int e = 0; e < m.length; e++) {
      m[e] = e % 5 == 0 ? -0f : (e % 2 == 0 ? -1.5f : 2.25f);
    }
    m[3 * dim + 4] = Float.NaN;
    m[7 * dim + 8] = Float.POSITIVE_INFINITY;
    m[9 * dim] = Float.NEGATIVE_INFINITY;
    float[] q = new float[3 * dim]; // query 0 all +0: every product is ±0
    for (int k = 0; k < dim; k++) {
      q[dim + k] = -0f;
      q[2 * dim + k] = k % 3 - 1;
    }
    for (FloatKernels k : implementations()) {
      float[] batch = new float[3 * rows];
      k.scoreBatch(m, rows, dim, q, 3, batch);
      float[] single = new float[3 * rows];
      for (int u = 0; u < 3; u++) {
        k.gemv(m, rows, dim, q, u * dim, single, u * rows);
      }
      assertThat(bits(batch)).as(k.name()).containsExactly(bits(single));
    }
  }

  @Test
  void gatherKernels_allImplementations_matchDoubleReference() {
    SplittableRandom rnd = new SplittableRandom(13);
    int dim = 37;
    int rows = 50;
    float[] m = ScoringKernelsTest.random(rnd, rows * dim);
    int[] idx = new int[23];
    for (int q = 0; q < idx.length; q++) {
      idx[q] = rnd.nextInt(rows);
    }
    float[] x = ScoringKernelsTest.random(rnd, dim + 2);
    float[] coef = ScoringKernelsTest.random(rnd, idx.length);
    for (FloatKernels k : implementations()) {
      float[] dots = new float[idx.length - 3];
      k.gatherDots(m, dim, idx, 2, idx.length - 1, x, 2, dots);
      for (int q = 2; q < idx.length - 1; q++) {
        double exact = 0;
        for (int d = 0; d < dim; d++) {
          exact += (double) m[idx[q] * dim + d] * x[2 + d];
        }
        // |entries| ≤ 1: Σ|a·b| ≤ dim, so the float sum is within dim·u·dim of the exact one
        assertThat((double) dots[q - 2]).as(k.name()).isCloseTo(exact, within(dim * U * dim * 2));
      }
      float[] y = new float[dim + 1];
      k.gatherAxpy(m, dim, idx, 1, idx.length, coef, y, 1);
      for (int d = 0; d < dim; d++) {
        double exact = 0;
        for (int q = 1; q < idx.length; q++) {
          exact += (double) coef[q - 1] * m[idx[q] * dim + d];
        }
        // 22 terms of |value| ≤ 1
        assertThat((double) y[d + 1]).as(k.name()).isCloseTo(exact, within(2 * 22 * U * 22));
      }
      assertThat(y[0]).isZero();
    }
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToIntBits(a[i]);
    }
    return b;
  }

  private static java.util.List<FloatKernels> implementations() {
    return FloatKernelsProvider.vectorModulePresent()
        ? java.util.List.of(ScalarFloatKernels.INSTANCE, FloatKernelsProvider.loadVector())
        : java.util.List.of(ScalarFloatKernels.INSTANCE);
  }
}
