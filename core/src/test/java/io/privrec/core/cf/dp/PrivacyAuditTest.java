package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Empirical privacy audits (see {@link PrivacyAudit}): 10,000 fits with and 10,000 without a canary
 * customer who alone holds item 9; the membership test thresholds the canary item's released
 * count. Every audit has a false-failure rate of at most {@value #FAILURE_RATE}.
 */
@Tag("statistical")
class PrivacyAuditTest {
  static final double FAILURE_RATE = 1e-6;
  static final int TRIALS = 10_000;
  private static final InteractionMatrix WITH = PrivacyAuditFixtures.auditStore(30, true);
  private static final InteractionMatrix WITHOUT = PrivacyAuditFixtures.auditStore(30, false);

  private static IntToDoubleFunction canaryCount(InteractionMatrix data, long salt, boolean broken) {
    return trial -> {
      DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
          .noise(DpPopularity.NoiseKind.LAPLACE).insecureReproducibleForTesting(salt + trial);
      if (broken) {
        b.noiseForTesting(PrivacyAuditFixtures::halfScaleLaplace);
      }
      return b.build()
          .withCatalogue(PrivacyAuditFixtures.catalogueOf(data)).fit(data, FitListener.NONE).noisyCounts()[9];
    };
  }

  @Test
  void laplacePopularity_correctMechanism_lowerBoundStaysBelowClaim() {
    long salt = TestRandoms.seedOf("laplacePopularity_correctMechanism");
    PrivacyAudit.Result r = PrivacyAudit.epsilonLowerBound(canaryCount(WITH, salt, false),
        canaryCount(WITHOUT, salt + 1_000_000, false), TRIALS, 1e-6, FAILURE_RATE);
    // Claim ε = 1; exceeding it has probability <= 1e-6 for a correct mechanism.
    assertThat(r.value()).isLessThanOrEqualTo(1.0);
    // Power: the optimal test ("count >= 1") has P_in = 1/(1+e^-1) = 0.731, P_out = 0.269; with 5,000
    // evaluation fits the Clopper–Pearson margins at 5e-7 are about 0.031, so ε_lb ≈ ln(0.70/0.30)
    // = 0.85; falling below 0.5 needs both frequencies to move by > 0.07 (> 11 standard errors).
    assertThat(r.value()).isGreaterThan(0.5);
  }

  @Test
  void laplacePopularity_halfScaleNoise_isFlaggedAsViolatingItsClaim() {
    long salt = TestRandoms.seedOf("laplacePopularity_halfScaleNoise");
    PrivacyAudit.Result r = PrivacyAudit.epsilonLowerBound(canaryCount(WITH, salt, true),
        canaryCount(WITHOUT, salt + 1_000_000, true), TRIALS, 1e-6, FAILURE_RATE);
    // Half the scale is 2ε-DP: P_in(count >= 1) = 1/(1+e^-2) = 0.881, P_out = 0.119, so ε_lb ≈
    // ln((0.881 − 0.022)/(0.119 + 0.022)) = 1.81 > 1. Staying below 1 would need the frequencies
    // to move by > 0.12 each (> 25 standard errors): missing the violation has negligible odds.
    assertThat(r.value()).isGreaterThan(1.0);
  }

  @Test
  void gaussianPopularity_correctMechanism_lowerBoundStaysBelowClaim() {
    long salt = TestRandoms.seedOf("gaussianPopularity_correctMechanism");
    IntToDoubleFunction with = trial -> DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noise(DpPopularity.NoiseKind.GAUSSIAN).insecureReproducibleForTesting(salt + trial).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(10)).fit(WITH, FitListener.NONE).noisyCounts()[9];
    IntToDoubleFunction without = trial -> DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noise(DpPopularity.NoiseKind.GAUSSIAN).insecureReproducibleForTesting(salt + 1_000_000 + trial).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(10)).fit(WITHOUT, FitListener.NONE).noisyCounts()[9];
    PrivacyAudit.Result r = PrivacyAudit.epsilonLowerBound(with, without, TRIALS, 1e-6, FAILURE_RATE);
    assertThat(r.value()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void itemKnn_correctMechanism_lowerBoundStaysBelowClaim() {
    // The canary adds one user to a pair (0, 1) that B others hold, B near the threshold, so the
    // pair is released in about half of the fits either way; statistic: the released similarity.
    long salt = TestRandoms.seedOf("itemKnn_correctMechanism");
    DpItemKnn probe = knn(0);
    long tau = probe.calibrate(3).threshold();
    int[][] base = new int[(int) tau + 1][];
    for (int u = 0; u < base.length; u++) {
      base[u] = new int[] {0, 1};
    }
    int[][] plus = java.util.Arrays.copyOf(base, base.length + 1);
    plus[base.length] = new int[] {0, 1};
    InteractionMatrix with = PrivacyAuditFixtures.matrix(3, plus);
    InteractionMatrix without = PrivacyAuditFixtures.matrix(3, base);
    PrivacyAudit.Result r = PrivacyAudit.epsilonLowerBound(
        trial -> knn(salt + trial)
            .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(with, FitListener.NONE).similarity(0, 1),
        trial -> knn(salt + 1_000_000 + trial)
            .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(without, FitListener.NONE).similarity(0, 1),
        TRIALS, 1e-6, FAILURE_RATE);
    assertThat(r.value()).isLessThanOrEqualTo(1.0);
  }

  private static DpItemKnn knn(long seed) {
    return DpItemKnn.builder().epsilon(1).weighting(DpItemKnn.Weighting.NONE).maxItemsPerUser(2).shrink(0)
        .insecureReproducibleForTesting(seed).build();
  }
}
