package io.privrec.dp.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Exact output distributions: chi-square goodness of fit against the probabilities computed in
 * closed form, at significance {@link StatisticalTests#SIGNIFICANCE} = 1e-6 per test (the false-
 * failure rate). 200 000 draws give every outcome an expected count of at least a few hundred.
 */
@Tag("statistical")
class SelectionDistributionTest {

  private static final int DRAWS = 200_000;
  private static final double[] UTILITIES = {0, 1, 2, 3, 5};

  private static double pValue(IntSupplier mechanism, double[] expected) {
    long[] samples = new long[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      samples[i] = mechanism.getAsInt();
    }
    return StatisticalTests.chiSquarePValue(
        samples, x -> x >= 0 && x < expected.length ? expected[(int) x] : 0.0, /* mode= */ 0);
  }

  @Test
  void exponentialMechanism_matchesSoftmax() {
    RandomSource random = TestRandoms.seeded("em-softmax");
    ExponentialMechanism em = ExponentialMechanism.create(1.0, 1.0, random);
    double[] softmax = ExponentialMechanism.probabilities(UTILITIES, 0.5);

    assertThat(pValue(() -> em.select(UTILITIES), softmax))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void harness_exponentialMechanismWithTwentyPercentTooLargeEpsilon_isRejected() {
    RandomSource random = TestRandoms.seeded("em-softmax-wrong");
    ExponentialMechanism em = ExponentialMechanism.create(1.2, 1.0, random);
    double[] softmax = ExponentialMechanism.probabilities(UTILITIES, 0.5);

    assertThat(pValue(() -> em.select(UTILITIES), softmax))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void topK_matchesPlackettLuceProbabilitiesOfOneShotGumbel() {
    // One-shot Gumbel top-2 (= peeling) returns (i, j) with probability p_i·p_j/(1 − p_i), p the
    // softmax; outcomes encoded as 5i + j.
    RandomSource random = TestRandoms.seeded("topk-plackett-luce");
    TopKSelection topK = TopKSelection.create(2, 1.0, 1.0, random);
    double[] p = ExponentialMechanism.probabilities(UTILITIES, 0.5);
    double[] expected = new double[25];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        expected[5 * i + j] = i == j ? 0 : p[i] * p[j] / (1 - p[i]);
      }
    }

    assertThat(
            pValue(
                () -> {
                  int[] s = topK.select(UTILITIES);
                  return 5 * s[0] + s[1];
                },
                expected))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void permuteAndFlip_matchesProbabilitiesByEnumeration() {
    RandomSource random = TestRandoms.seeded("permute-and-flip");
    ReportNoisyMax rnm = ReportNoisyMax.create(1.0, 1.0, ReportNoisyMax.Noise.EXPONENTIAL, random);
    double[] utilities = {0, 1, 2, 3};

    assertThat(pValue(() -> rnm.select(utilities), permuteAndFlipProbabilities(utilities, 0.5)))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  /** P[PF = i] = average over orders of P[i is the first accepted], q_i = e^{-c(max - u_i)}. */
  private static double[] permuteAndFlipProbabilities(double[] u, double c) {
    int n = u.length;
    double max = 3;
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = Math.exp(-c * (max - u[i]));
    }
    double[] p = new double[n];
    int[] perm = {0, 1, 2, 3};
    int orders = 0;
    do {
      orders++;
      double rejectedSoFar = 1;
      for (int i : perm) {
        p[i] += rejectedSoFar * q[i];
        rejectedSoFar *= 1 - q[i];
      }
    } while (nextPermutation(perm));
    for (int i = 0; i < n; i++) {
      p[i] /= orders;
    }
    return p;
  }

  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  @Test
  void partitionSelection_keepFrequencyMatchesKeepProbability() {
    RandomSource random = TestRandoms.seeded("partition-frequency");
    PartitionSelection selection = PartitionSelection.create(1.0, 0.01, 1, random);
    long[] keys = {1};
    long[] counts = {3};
    double pi = selection.keepProbability(3);

    assertThat(
            pValue(() -> selection.select(keys, counts).length, new double[] {1 - pi, pi}))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }
}
