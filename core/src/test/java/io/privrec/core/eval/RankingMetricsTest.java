package io.privrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final double EPS = 1e-12;
  // 1/log2(r+1) for r = 2, 3, 5
  private static final double D2 = 0.6309297535714575;
  private static final double D3 = 0.5;
  private static final double D5 = 0.38685280723454163;

  private static boolean[] marks(int numItems, int... items) {
    boolean[] m = new boolean[numItems];
    for (int i : items) {
      m[i] = true;
    }
    return m;
  }

  /** Values for the cutoff at position c of nc: precision, recall, recall_trunc, ndcg, map, hitrate. */
  private static double[] at(double[] out, int c, int nc) {
    double[] v = new double[6];
    for (int m = 0; m < 6; m++) {
      v[m] = out[m * nc + c];
    }
    return v;
  }

  @Test
  void compute_hitsAtRanksTwoAndFive_matchHandComputedValues() {
    // ranked 3,1,4,0,2; T = {1, 2, 7}: hits at ranks 2 and 5; |T| = 3.
    // K=1: nothing.
    // K=3: hits 1. P = 1/3, R = 1/3, Rt = 1/min(3,3) = 1/3,
    //      DCG = 1/log2(3) = D2, IDCG = 1 + D2 + D3 = 2.1309297535714578, NDCG = 0.2960819109658652,
    //      AP = (1/3)·(1/2) = 1/6, HR = 1.
    // K=5: hits 2. P = 2/5, R = 2/3, Rt = 2/3, DCG = D2 + D5, NDCG = 0.4776237035032179,
    //      AP = (1/3)·(1/2 + 2/5) = 0.3, HR = 1.
    double[] out = new double[RankingMetrics.valueCount(3)];
    RankingMetrics.compute(new int[] {3, 1, 4, 0, 2}, marks(8, 1, 2, 7), 3, new int[] {1, 3, 5}, 0.5, out);

    assertThat(at(out, 0, 3)).containsExactly(new double[] {0, 0, 0, 0, 0, 0}, within(EPS));
    assertThat(at(out, 1, 3)).containsExactly(
        new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.2960819109658652, 1.0 / 6, 1}, within(EPS));
    assertThat(at(out, 2, 3)).containsExactly(
        new double[] {0.4, 2.0 / 3, 2.0 / 3, 0.4776237035032179, 0.3, 1}, within(EPS));
    assertThat(out[18]).isEqualTo(0.5);
    assertThat(D2 + D3 + 1).isCloseTo(RankingMetrics.idealDcg(3), within(EPS));
    assertThat(D5).isCloseTo(RankingMetrics.discount(5), within(EPS));
  }

  @Test
  void compute_moreTestItemsThanK_truncatedRecallAndIdealDcgUseK() {
    // ranked 0,1,2 (K = 2 uses 0,1); T = {0, 2, 5, 6}: hit at rank 1 only.
    // P = 1/2, R = 1/4, Rt = 1/min(2,4) = 1/2, DCG = 1, IDCG over min(2,4) = 2 ranks = 1 + D2,
    // NDCG = 1/(1 + D2) = 0.6131471927654584, AP = (1/2)·(1/1) = 1/2, HR = 1.
    double[] out = new double[RankingMetrics.valueCount(1)];
    RankingMetrics.compute(new int[] {0, 1}, marks(7, 0, 2, 5, 6), 4, new int[] {2}, 1, out);

    assertThat(at(out, 0, 1)).containsExactly(
        new double[] {0.5, 0.25, 0.5, 0.6131471927654584, 0.5, 1}, within(EPS));
  }

  @Test
  void compute_listShorterThanK_missingRanksCountAsMisses() {
    // Only item 4 can be ranked; K = 3; T = {4}. P = 1/3 (divided by K, not the list length),
    // R = Rt = NDCG = AP = HR = 1.
    double[] out = new double[RankingMetrics.valueCount(1)];
    RankingMetrics.compute(new int[] {4}, marks(5, 4), 1, new int[] {3}, 1, out);

    assertThat(at(out, 0, 1)).containsExactly(new double[] {1.0 / 3, 1, 1, 1, 1, 1}, within(EPS));
  }

  @Test
  void compute_perfectList_allOnes() {
    double[] out = new double[RankingMetrics.valueCount(1)];
    RankingMetrics.compute(new int[] {5, 6}, marks(7, 5, 6), 2, new int[] {2}, 1, out);

    assertThat(at(out, 0, 1)).containsExactly(new double[] {1, 1, 1, 1, 1, 1}, within(EPS));
  }

  @Test
  void reciprocalRank_testItemInTopList_isOneOverItsRank() {
    // Items 1 and 3 tie at 0.9: the lower index (1) ranks first, so item 3 is at rank 2.
    float[] scores = {0.5f, 0.9f, 0.1f, 0.9f};
    assertThat(RankingMetrics.reciprocalRank(scores, new int[] {3}, new int[] {1, 3}, marks(4, 3))).isEqualTo(0.5);
  }

  @Test
  void reciprocalRank_testItemBelowTopList_countsSelectableItemsAheadInFullRanking() {
    // Item 2 (0.1) is behind items 0 (0.5), 1 and 3 (0.9); item 4 (−∞) and 5 (NaN) are not
    // ranked. Rank 4 → 1/4.
    float[] scores = {0.5f, 0.9f, 0.1f, 0.9f, Float.NEGATIVE_INFINITY, Float.NaN};
    assertThat(RankingMetrics.reciprocalRank(scores, new int[] {2}, new int[] {1, 3}, marks(6, 2))).isEqualTo(0.25);
  }

  @Test
  void reciprocalRank_tieWithLowerIndexOutsideTopList_lowerIndexRanksFirst() {
    // T = {2}. Item 2 ties with item 0 at 0.2 and item 0 ranks first: ahead of 2 are 3, 1, 0 →
    // rank 4.
    float[] scores = {0.2f, 0.7f, 0.2f, 0.9f};
    assertThat(RankingMetrics.reciprocalRank(scores, new int[] {2}, new int[] {3}, marks(4, 2))).isEqualTo(0.25);
  }

  @Test
  void reciprocalRank_severalTestItems_usesBestRankedOne() {
    // T = {0, 2}: item 0 (0.2) ranks before item 2 (0.2, higher index): rank 3 → 1/3.
    float[] scores = {0.2f, 0.7f, 0.2f, 0.9f};
    assertThat(RankingMetrics.reciprocalRank(scores, new int[] {0, 2}, new int[] {3}, marks(4, 0, 2)))
        .isCloseTo(1.0 / 3, within(EPS));
  }

  @Test
  void reciprocalRank_noTestItemSelectable_isZero() {
    float[] scores = {0.2f, Float.NEGATIVE_INFINITY, Float.NaN};
    assertThat(RankingMetrics.reciprocalRank(scores, new int[] {1, 2}, new int[] {0}, marks(3, 1, 2))).isZero();
  }
}
