package io.privrec.dp.bounding;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Uniformity of the subsets kept by contribution bounding. Each test draws 100 000 subsets and
 * applies Pearson's chi-square test at significance {@link StatisticalTests#SIGNIFICANCE} = 1e-6,
 * so a correct implementation fails with probability at most 1e-6 (and, the seed being fixed, the
 * outcome is deterministic). Expected counts per subset are 10 000 (C(5, 2) = 10 subsets) and 16
 * 667 (C(4, 2) = 6), far above the validity rule of 5.
 */
@Tag("statistical")
class ContributionBounderStatisticalTest {

  private static final int TRIALS = 100_000;

  @Test
  void bound_userWithFiveKeysAndL0Two_keepsEachPairOfKeysEquallyOften() {
    RandomSource random = TestRandoms.seeded("bound_userWithFiveKeysAndL0Two");
    ContributionBounder bounder =
        ContributionBounder.builder().maxPartitionsContributed(2).randomSource(random).build();
    long[] users = {1, 1, 1, 1, 1};
    long[] keys = {0, 1, 2, 3, 4};
    double[] values = {1, 1, 1, 1, 1};

    double p =
        subsetPValue(
            5,
            2,
            trial -> {
              long[] kept = bounder.bound(users, keys, values).keys();
              return (1 << kept[0]) | (1 << kept[1]);
            });

    assertThat(p).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void bound_fourRecordsForOneKeyCapTwo_keepsEachPairOfRecordsEquallyOften() {
    RandomSource random = TestRandoms.seeded("bound_fourRecordsForOneKeyCapTwo");
    ContributionBounder bounder =
        ContributionBounder.builder()
            .maxPartitionsContributed(1)
            .maxContributionsPerPartition(2)
            .randomSource(random)
            .build();
    long[] users = {1, 1, 1, 1};
    long[] keys = {7, 7, 7, 7};
    double[] values = {0, 1, 2, 3};

    double p =
        subsetPValue(
            4,
            2,
            trial -> {
              double[] kept = bounder.bound(users, keys, values).values();
              return (1 << (int) kept[0]) | (1 << (int) kept[1]);
            });

    assertThat(p).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void harness_naiveShuffleSelection_isRejected() {
    // The classic mistake: swapping position i with any position in [0, n) instead of [i, n).
    RandomSource random = TestRandoms.seeded("harness_naiveShuffleSelection");

    double p =
        subsetPValue(
            5,
            2,
            trial -> {
              int[] a = {0, 1, 2, 3, 4};
              for (int i = 0; i < 2; i++) {
                int j = random.nextInt(5);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
              }
              return (1 << a[0]) | (1 << a[1]);
            });

    assertThat(p).isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  /** Draws TRIALS subset bitmasks of size k from {0..n-1} and tests them against uniform. */
  private static double subsetPValue(int n, int k, ToIntFunction<Integer> drawMask) {
    int[] indexOfMask = new int[1 << n];
    int subsets = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
      indexOfMask[mask] = Integer.bitCount(mask) == k ? subsets++ : -1;
    }
    long[] samples = new long[TRIALS];
    for (int t = 0; t < TRIALS; t++) {
      int mask = drawMask.applyAsInt(t);
      assertThat(Integer.bitCount(mask)).isEqualTo(k);
      samples[t] = indexOfMask[mask];
    }
    int count = subsets;
    return StatisticalTests.chiSquarePValue(
        samples, x -> x >= 0 && x < count ? 1.0 / count : 0.0, /* mode= */ 0);
  }
}
