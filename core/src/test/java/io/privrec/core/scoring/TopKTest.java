package io.privrec.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopKTest {

  /** Sort-based reference: every selectable index, by score descending then index ascending. */
  private static int[] reference(float[] scores, int k) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > Float.NEGATIVE_INFINITY) {
        idx.add(i);
      }
    }
    idx.sort((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
    return idx.subList(0, Math.min(k, idx.size())).stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void select_distinctScores_bestFirst() {
    float[] scores = {0.1f, 5f, -2f, 3f, 4f};
    assertThat(TopK.select(scores, 3)).containsExactly(1, 4, 3);
  }

  @Test
  void select_ties_lowerIndexFirst() {
    float[] scores = {1f, 2f, 2f, 1f, 2f};
    assertThat(TopK.select(scores, 4)).containsExactly(1, 2, 4, 0);
  }

  @Test
  void select_negativeInfinityAndNaN_neverSelected() {
    float[] scores = {Float.NaN, Float.NEGATIVE_INFINITY, -1e30f, Float.POSITIVE_INFINITY, Float.NaN};
    assertThat(TopK.select(scores, 5)).containsExactly(3, 2);
  }

  @Test
  void select_kLargerThanArray_returnsAllSelectableSorted() {
    float[] scores = {0.5f, 0.7f, 0.6f};
    assertThat(TopK.select(scores, 10)).containsExactly(1, 2, 0);
  }

  @Test
  void select_kZero_returnsEmpty() {
    assertThat(TopK.select(new float[] {1f, 2f}, 0)).isEmpty();
  }

  @Test
  void select_emptyArray_returnsEmpty() {
    assertThat(TopK.select(new float[0], 3)).isEmpty();
  }

  @Test
  void select_negativeK_throwsNamingK() {
    assertThatIllegalArgumentException().isThrownBy(() -> TopK.select(new float[] {1f}, -1))
        .withMessage("k must be >= 0. Provided value: -1");
  }

  @Test
  void select_doesNotModifyScores() {
    float[] scores = {3f, 1f, 2f};
    TopK.select(scores, 2);
    assertThat(scores).containsExactly(3f, 1f, 2f);
  }

  @Test
  void select_randomArrays_matchSortReference() {
    SplittableRandom random = new SplittableRandom(20240611L);
    for (int trial = 0; trial < 500; trial++) {
      int n = random.nextInt(200);
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        int kind = random.nextInt(20);
        scores[i] = kind == 0 ? Float.NaN : kind == 1 ? Float.NEGATIVE_INFINITY : random.nextInt(30) - 15;
      }
      int k = random.nextInt(n + 5);
      assertThat(TopK.select(scores, k)).as("trial %d", trial).containsExactly(reference(scores, k));
    }
  }

  @Property(tries = 300, seed = "20240611")
  void select_anyScores_matchSortReference(@ForAll float[] scores, @ForAll @IntRange(min = 0, max = 50) int k) {
    assertThat(TopK.select(scores, k)).containsExactly(reference(scores, k));
  }
}
