package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick tests of the released counts and cohort counts on neighbouring datasets (with and without the last
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

  /**
   * Public cohorts of the audit customers: the canary {@code u30} in cohort 1, {@code u0} in no
   * cohort (-1), the others by parity.
   */
  private static int cohortOf(String id) {
    int n = Integer.parseInt(id.substring(1));
    return n == 30 ? 1 : n == 0 ? -1 : n % 2;
  }

  /** The canary cohort's released count of the canary item. */
  private static double[] cohortCounts(DpPopularity.Builder builder, InteractionMatrix data, String test) {
    long salt = TestRandoms.seedOf(test) + (data == WITH ? 0 : 1_000_000);
    return PrivacyAudit.sample(trial -> builder.cohorts(2, DpPopularityDpTest::cohortOf)
        .insecureReproducibleForTesting(salt + trial).build().withCatalogue(PrivacyAuditFixtures.catalogue(10))
        .fit(data, FitListener.NONE).noisyCohortCounts(1)[9], TRIALS);
  }

  @Test
  void laplaceCohortCounts_neighbouringDatasets_noSignificantViolation() {
    // Budget weights: counts 2, cohorts 2, so the cohort counts claim ε = 0.5 of the total 1.
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noise(DpPopularity.NoiseKind.LAPLACE);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(cohortCounts(b, WITH, "laplaceCohorts"),
        cohortCounts(b, WITHOUT, "laplaceCohorts"), 0.5, 0, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isLessThanOrEqualTo(0);
  }

  @Test
  void gaussianCohortCounts_neighbouringDatasets_noSignificantViolation() {
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(3).topK(0)
        .noise(DpPopularity.NoiseKind.GAUSSIAN);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(cohortCounts(b, WITH, "gaussianCohorts"),
        cohortCounts(b, WITHOUT, "gaussianCohorts"), 0.5, 0.5e-6, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isLessThanOrEqualTo(0);
  }

  @Test
  void halfScaleLaplaceCohortCounts_violationIsDetected() {
    // Half the scale makes the cohort release 1-DP while 0.5-DP is claimed: the event "count >= 1"
    // has P_D = 0.731 and P_D' = 0.269, so P_D − e^0.5·P_D' = 0.288, far above the margins.
    DpPopularity.Builder b = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noiseForTesting(PrivacyAuditFixtures::halfScaleLaplace);
    PrivacyAudit.Result r = PrivacyAudit.hockeyStickViolation(cohortCounts(b, WITH, "halfScaleCohorts"),
        cohortCounts(b, WITHOUT, "halfScaleCohorts"), 0.5, 0, StatisticalTests.SIGNIFICANCE);
    assertThat(r.value()).isGreaterThan(0);
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
