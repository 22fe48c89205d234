package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick tests of the released item-kNN statistics on neighbouring datasets: the released
 * similarity of a pair held by {@code τ + 1} users (so that it is released about half of the time)
 * with and without one more holder, and the released item count. No threshold event may show a
 * significant violation of the claimed (ε, δ) ({@link PrivacyAudit}, false-failure rate {@link
 * StatisticalTests#SIGNIFICANCE}; that the harness detects a broken mechanism is shown in {@link
 * DpPopularityDpTest}).
 */
@Tag("statistical")
class DpItemKnnDpTest {
  private static final int TRIALS = 8_000;

  private static DpItemKnn knn(long seed, double epsilon) {
    return DpItemKnn.builder().epsilon(epsilon).weighting(DpItemKnn.Weighting.NONE).maxItemsPerUser(2).shrink(0)
        .insecureReproducibleForTesting(seed).build();
  }

  private static InteractionMatrix pairHolders(int holders) {
    int[][] rows = new int[holders + 1][];
    for (int u = 0; u < holders; u++) {
      rows[u] = new int[] {0, 1};
    }
    rows[holders] = new int[] {2};
    return PrivacyAuditFixtures.matrix(3, rows);
  }

  @Test
  void pairAndItemRelease_neighbouringDatasets_noSignificantViolation() {
    for (double epsilon : new double[] {1, 4}) {
      int base = (int) knn(0, epsilon).calibrate(3).threshold() + 1;
      InteractionMatrix with = pairHolders(base + 1);
      InteractionMatrix without = pairHolders(base);
      long salt = TestRandoms.seedOf("pairAndItemRelease" + epsilon);
      double[][] a = release(with, salt, epsilon);
      double[][] b = release(without, salt + 1_000_000, epsilon);
      for (int statistic = 0; statistic < 2; statistic++) {
        PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(a[statistic], b[statistic], epsilon, 1e-6,
            StatisticalTests.SIGNIFICANCE / 4);
        assertThat(r.value()).as("epsilon %s, statistic %s: %s", epsilon, statistic, r).isLessThanOrEqualTo(0);
      }
    }
  }

  /** Per trial: [0] the released similarity of (0, 1), [1] the noisy count of item 0. */
  private static double[][] release(InteractionMatrix data, long salt, double epsilon) {
    double[][] out = new double[2][TRIALS];
    for (int t = 0; t < TRIALS; t++) {
      DpItemKnnModel model = knn(salt + t, epsilon)
          .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(data, FitListener.NONE);
      out[0][t] = model.similarity(0, 1);
      out[1][t] = model.noisyItemCount(0);
    }
    return out;
  }

  @Test
  void release_zeroPairFrequency_matchesThresholdedFullNoiseVector() {
    // The sparse release must equal thresholding a noisy count for every pair: on 3 items, the
    // zero pair (1, 2) must be released with probability exactly P(Z > τ). Threshold 2σ gives
    // p ≈ 0.023; a two-sided Clopper–Pearson test at 1e-6 over 40,000 fits.
    DpItemKnn.Builder builder = DpItemKnn.builder().epsilon(2).weighting(DpItemKnn.Weighting.NONE)
        .maxItemsPerUser(2).threshold(2).shrink(1);
    DpItemKnn.Calibration c = builder.build().calibrate(3);
    InteractionMatrix data = pairHolders((int) c.threshold());
    long salt = TestRandoms.seedOf("release_zeroPairFrequency");
    int trials = 40_000;
    int released = 0;
    for (int t = 0; t < trials; t++) {
      DpItemKnnModel model = builder.insecureReproducibleForTesting(salt + t).build()
          .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(data, FitListener.NONE);
      released += model.similarity(1, 2) > 0 ? 1 : 0;
    }
    double p = c.pairNoise().tailProbabilityBounds(c.threshold())[0].doubleValue();
    double alpha = StatisticalTests.SIGNIFICANCE / 2;
    assertThat(PrivacyAudit.lowerBound(released, trials, alpha)).isLessThanOrEqualTo(p);
    assertThat(PrivacyAudit.upperBound(released, trials, alpha)).isGreaterThanOrEqualTo(p);
    // The test has power: p ≈ 0.0067 and the interval's half-width is about 5·sqrt(p/40000) ≈
    // 0.3p, so a release rate 60% off would be rejected; these two checks fail only if the
    // observed rate is more than 0.3p (about 5 standard errors, probability < 1e-6) from p.
    assertThat(PrivacyAudit.upperBound(released, trials, alpha)).isLessThan(1.6 * p);
    assertThat(PrivacyAudit.lowerBound(released, trials, alpha)).isGreaterThan(0.4 * p);
  }
}
