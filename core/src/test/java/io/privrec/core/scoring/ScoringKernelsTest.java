package io.privrec.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoringKernelsTest {
  private static final float U = 0x1p-24f; // float unit roundoff

  static float[] random(SplittableRandom rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return a;
  }

  /** Error bound of a float sum of n products of |value| ≤ 1 against the exact sum: n·u·Σ|a·b|. */
  static double bound(int n, double absSum) {
    return 2 * n * U * absSum + 1e-30;
  }

  @Test
  void scoreAll_randomMatrix_matchesDoubleDotProducts() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int dim : new int[] {1, 3, 8, 17, 64, 127, 128}) {
      int rows = 37;
      float[] m = random(rnd, rows * dim);
      float[] q = random(rnd, dim);
      float[] scores = new float[rows];
      ScoringKernels.scoreAll(m, q, scores);
      for (int r = 0; r < rows; r++) {
        double exact = 0;
        double abs = 0;
        for (int d = 0; d < dim; d++) {
          exact += (double) m[r * dim + d] * q[d];
          abs += Math.abs((double) m[r * dim + d] * q[d]);
        }
        assertThat((double) scores[r]).as("dim %d row %d", dim, r).isCloseTo(exact, within(bound(dim, abs)));
      }
    }
  }

  @Test
  void scoreBatch_equalsScoreAllPerQuery() {
    SplittableRandom rnd = new SplittableRandom(2);
    int dim = 24;
    int rows = 1100; // more than one row block
    float[] m = random(rnd, rows * dim);
    float[] queries = random(rnd, 5 * dim);
    float[] batch = new float[5 * rows];
    ScoringKernels.scoreBatch(m, queries, dim, batch);
    float[] single = new float[rows];
    for (int q = 0; q < 5; q++) {
      float[] query = java.util.Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
      ScoringKernels.scoreAll(m, query, single);
      for (int r = 0; r < rows; r++) {
        // same kernel, same summation order per (query, row): bit-identical
        assertThat(batch[q * rows + r]).isEqualTo(single[r]);
      }
    }
  }

  @Test
  void addWeightedRows_sumsRowsIncludingRepeats() {
    float[] m = {1, 2, 3, 10, 20, 30, 100, 200, 300};
    float[] out = {1, 1, 1};
    ScoringKernels.addWeightedRows(m, new int[] {2, 0, 0}, new float[] {0.5f, 1f, 2f}, out);
    assertThat(out).containsExactly(1 + 50 + 3, 1 + 100 + 6, 1 + 150 + 9);
  }

  @Test
  void addSparseRow_scattersRange() {
    int[] idx = {4, 0, 2, 4};
    float[] val = {1, 2, 3, 4};
    float[] out = new float[5];
    ScoringKernels.addSparseRow(idx, val, 1, 4, 2f, out);
    assertThat(out).containsExactly(4, 0, 6, 0, 8);
  }

  @Test
  void topK_excluded_neverSelectedAndScoresRestored() {
    float[] scores = {5, 9, 1, 7, 9, 3};
    float[] before = scores.clone();
    int[] top = ScoringKernels.topK(scores, 3, new int[] {1, 7, -1, 1, 3});
    assertThat(top).containsExactly(4, 0, 5);
    assertThat(scores).containsExactly(before);
  }

  @Test
  void badArguments_throwNamingParameterBeforeWriting() {
    float[] out = {1, 1};
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.addWeightedRows(new float[4], new int[] {0, 2}, new float[] {1, 1}, out))
        .withMessageContaining("rowIndices").withMessageContaining("2");
    assertThat(out).containsExactly(1, 1);
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.addSparseRow(new int[] {0, 5}, new float[] {1, 1}, 0, 2, 1f, out))
        .withMessageContaining("indices").withMessageContaining("5");
    assertThat(out).containsExactly(1, 1);
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.addSparseRow(new int[2], new float[1], 0, 2, 1f, out))
        .withMessageContaining("from, to");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.scoreAll(new float[5], new float[2], new float[2]))
        .withMessageContaining("multiple of dim");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.scoreAll(new float[4], new float[2], new float[3]))
        .withMessageContaining("scores");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.scoreAll(new float[4], new float[0], new float[3]))
        .withMessageContaining("dim");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.scoreBatch(new float[4], new float[4], 2, new float[3]))
        .withMessageContaining("numQueries");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.dot(new float[2], new float[3]))
        .withMessageContaining("equal lengths");
    assertThatIllegalArgumentException().isThrownBy(() -> ScoringKernels.topK(new float[2], -1, new int[0]))
        .withMessageContaining("k");
  }

  @Test
  void nonFinite_propagates() {
    assertThat(ScoringKernels.dot(new float[] {Float.NaN, 1}, new float[] {1, 1})).isNaN();
    assertThat(ScoringKernels.dot(new float[] {Float.POSITIVE_INFINITY, 1}, new float[] {1, 1})).isInfinite();
    assertThat(ScoringKernels.dot(new float[0], new float[0])).isZero();
  }

  @Test
  void implementation_followsModulePresence() {
    if (FloatKernelsProvider.vectorModulePresent() && !"scalar".equals(System.getProperty("privrec.kernels"))) {
      assertThat(ScoringKernels.implementation()).startsWith("vector-");
    } else {
      assertThat(ScoringKernels.implementation()).isEqualTo("scalar");
    }
  }
}
