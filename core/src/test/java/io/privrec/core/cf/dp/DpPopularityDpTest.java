package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick tests of the released counts on neighbouring datasets (with and without the last
 * customer): no threshold event may show a significant violation of the claimed (ε, δ), at a
 * false-failure rate of {@link StatisticalTests#SIGNIFICANCE} ({@link PrivacyAudit}); the same
 * harness flags noise at half the calibrated scale.
 */
@Tag("statistical")
class DpPopularityDpTest {
  private static final int TRIALS = 8_000;
  private static final InteractionMatrix WITH = PrivacyAuditFixtures.auditStore(30, true);
  private static final InteractionMatrix WITHOUT = PrivacyAuditFixtures.auditStore(30, false);

  private static double[] counts(DpPopularity.Builder builder, InteractionMatrix data, String test, int item) {
    long salt = TestRandoms.seedOf(test) + (data == WITH ? 0 : 1_000_000);
    return PrivacyAudit.sample(trial -> builder.insecureReproducibleForTesting(salt + trial).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(10)).fit(data, FitListener.NONE).noisyCounts()[item], TRIALS);
  }

  @Test
  void laplaceCounts_neighbouringDatasets_noSignificantViolation() {
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noise(DpPopularity.NoiseKind.LAPLACE);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(counts(b, WITH, "laplaceCounts", 9),
        counts(b, WITHOUT, "laplaceCounts", 9), 1, 0, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isLessThanOrEqualTo(0);
  }

  @Test
  void gaussianCounts_neighbouringDatasets_noSignificantViolation() {
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(3).topK(0)
        .noise(DpPopularity.NoiseKind.GAUSSIAN);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(counts(b, WITH, "gaussianCounts", 9),
        counts(b, WITHOUT, "gaussianCounts", 9), 1, 1e-6, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isLessThanOrEqualTo(0);
  }

  @Test
  void halfScaleLaplaceCounts_violationIsDetected() {
    // Half the scale makes the release 2-DP while 1-DP is claimed: the event "count >= 1" has
    // P_D = 0.881 and P_D' = 0.119, so P_D − e·P_D' = 0.558, against Clopper–Pearson margins of
    // about 0.03 at 4,000 evaluation fits per dataset.
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noiseForTesting(PrivacyAuditFixtures::halfScaleLaplace);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(counts(b, WITH, "halfScale", 9),
        counts(b, WITHOUT, "halfScale", 9), 1, 0, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isGreaterThan(0);
  }
}
