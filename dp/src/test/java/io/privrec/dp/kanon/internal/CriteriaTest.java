package io.privrec.dp.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hand-computed ℓ-diversity and t-closeness decisions at and around their thresholds. */
class CriteriaTest {

  /** Accepts a class with the given counts per sensitive code. */
  private static boolean accepts(Criterion c, int... counts) {
    int[] touched = new int[counts.length];
    int distinct = 0;
    int size = 0;
    for (int v = 0; v < counts.length; v++) {
      if (counts[v] > 0) {
        touched[distinct++] = v;
        size += counts[v];
      }
    }
    return c.accepts(counts.clone(), touched, distinct, size);
  }

  @Test
  void distinctL_countsDistinctValues() {
    assertThat(accepts(Criteria.distinctL(0, 2), 3, 1, 0)).isTrue();
    assertThat(accepts(Criteria.distinctL(0, 3), 3, 1, 0)).isFalse();
  }

  @Test
  void entropyL_comparesEntropyWithLogL() {
    // Two equal values: entropy exactly log 2.
    assertThat(accepts(Criteria.entropyL(0, 2), 1, 1)).isTrue();
    assertThat(accepts(Criteria.entropyL(0, 2.01), 1, 1)).isFalse();
    // Counts 3, 1: entropy -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.5623 nats, exp = 1.7548.
    assertThat(accepts(Criteria.entropyL(0, 1.75), 3, 1)).isTrue();
    assertThat(accepts(Criteria.entropyL(0, 1.76), 3, 1)).isFalse();
  }

  @Test
  void recursiveCl_comparesTopCountWithTail() {
    // Counts 5, 3, 2 with l = 2: r1 = 5 < c (3 + 2).
    assertThat(accepts(Criteria.recursiveCl(0, 1.1, 2), 2, 5, 3)).isTrue();
    assertThat(accepts(Criteria.recursiveCl(0, 1.0, 2), 2, 5, 3)).isFalse();
    // l = 3: tail is r3 = 2; 5 < 3 · 2.
    assertThat(accepts(Criteria.recursiveCl(0, 3, 3), 2, 5, 3)).isTrue();
    assertThat(accepts(Criteria.recursiveCl(0, 2.5, 3), 2, 5, 3)).isFalse();
    // Fewer than l distinct values never satisfy.
    assertThat(accepts(Criteria.recursiveCl(0, 100, 3), 2, 5, 0)).isFalse();
  }

  private static final double[] GLOBAL = {0.5, 0.25, 0.25};

  @Test
  void equalDistanceT_isHalfTheL1Distance() {
    // p = (1, 0, 0): 0.5 (0.5 + 0.25 + 0.25) = 0.5.
    assertThat(accepts(Criteria.equalDistanceT(0, 0.5, GLOBAL), 4, 0, 0)).isTrue();
    assertThat(accepts(Criteria.equalDistanceT(0, 0.49, GLOBAL), 4, 0, 0)).isFalse();
    // Same distribution as the table: distance 0.
    assertThat(accepts(Criteria.equalDistanceT(0, 0, GLOBAL), 2, 1, 1)).isTrue();
  }

  @Test
  void orderedDistanceT_sumsCumulativeDifferences() {
    // p = (0, 0, 1): cumulative -0.5, -0.75, 0 → 1.25 / (3 - 1) = 0.625.
    assertThat(accepts(Criteria.orderedDistanceT(0, 0.625, GLOBAL), 0, 0, 3)).isTrue();
    assertThat(accepts(Criteria.orderedDistanceT(0, 0.62, GLOBAL), 0, 0, 3)).isFalse();
  }

  @Test
  void hierarchicalDistanceT_followsLiEtAl() {
    // Codes 0, 1 under X (code 0 on level 1), code 2 under Y (code 1); root on level 2. H = 2.
    int[][] parent = {{0, 0, 1}, {0, 0}};
    int[] sizes = {3, 2, 1};
    // p = (0, 0, 1): extras -0.5, -0.25, 0.75; X: min(0, 0.75) = 0; Y: 0; root: 2/2 · min(0.75, 0.75).
    assertThat(accepts(Criteria.hierarchicalDistanceT(0, 0.75, GLOBAL, parent, sizes), 0, 0, 2)).isTrue();
    assertThat(accepts(Criteria.hierarchicalDistanceT(0, 0.74, GLOBAL, parent, sizes), 0, 0, 2)).isFalse();
    // p = (0, 1, 0): extras -0.5, 0.75, -0.25; X: 1/2 · min(0.75, 0.5) = 0.25; root: min(0.25, 0.25).
    assertThat(accepts(Criteria.hierarchicalDistanceT(0, 0.5, GLOBAL, parent, sizes), 0, 2, 0)).isTrue();
    assertThat(accepts(Criteria.hierarchicalDistanceT(0, 0.49, GLOBAL, parent, sizes), 0, 2, 0)).isFalse();
  }

  @Test
  void monotoneWithSuppression_onlyDistinctL() {
    assertThat(Criteria.distinctL(0, 2).monotoneWithSuppression()).isTrue();
    assertThat(Criteria.entropyL(0, 2).monotoneWithSuppression()).isFalse();
    assertThat(Criteria.recursiveCl(0, 2, 2).monotoneWithSuppression()).isFalse();
    assertThat(Criteria.equalDistanceT(0, 0.2, GLOBAL).monotoneWithSuppression()).isFalse();
  }
}
