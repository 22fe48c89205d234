package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramGaussianNoise;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.DpAssertions;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick tests of DP-EASE's release on neighbouring datasets (see {@link
 * DpAssertions}; each test falsely fails with probability at most 1e-6).
 */
@Tag("statistical")
class DpEaseDpTest {
  private static final int SAMPLES = 100_000;
  private static final int[][] ROWS = {{0, 1}, {1, 2}, {0, 2}, {2}, {0, 1, 2}};
  private static final InteractionMatrix DATA = PrivacyAuditFixtures.matrix(3, ROWS);
  /** Plus one user with the single item 0: v_1 = 1, so Gram entry (0, 0) moves by the whole sensitivity 1. */
  private static final InteractionMatrix NEIGHBOUR = PrivacyAuditFixtures.matrix(3, append(ROWS, new int[] {0}));

  private static int[][] append(int[][] rows, int[] row) {
    int[][] out = java.util.Arrays.copyOf(rows, rows.length + 1);
    out[rows.length] = row;
    return out;
  }

  private static Supplier<Double> entry00(DpEase dp, InteractionMatrix data, String name) {
    RandomSource random = TestRandoms.seeded(name);
    GramNoise noise = GramGaussianNoise.create(random, false);
    return () -> dp.noisyGram(data, random, noise, FitListener.NONE)[0][0];
  }

  @Test
  void noisyGram_entryOnNeighbours_isEpsilonDeltaDp() {
    DpEase dp = DpEase.builder().epsilon(1).delta(1e-6).maxItemsPerUser(3).build();
    int passes = DpAssertions.passingRuns(entry00(dp, DATA, "ease-d"), entry00(dp, NEIGHBOUR, "ease-n"),
        x -> Math.round(x / 0.25), 1, 1e-6, SAMPLES);
    assertThat(passes).isGreaterThanOrEqualTo(2);
  }

  @Test
  void harness_mechanismCalibratedForFourTimesEpsilon_isRejected() {
    // The analytic σ for (ε, δ) = (4, 1e-6) is about 1.0; its hockey-stick divergence at ε = 1 is
    // Φ(1/(2σ) − σ) − e·Φ(−1/(2σ) − σ) ≈ 0.31 − 2.72·0.067 ≈ 0.13, five times the tolerance
    // (1 + e)·√(ln(1/β)/(2·10⁵)) ≈ 0.025. A run passes only if an estimate falls below the
    // tolerance, a deviation of about 0.1 from its mean (less a little binning loss):
    // probability ≤ 2·exp(−2·10⁵·(0.1/3.72)²) < 1e-60 per run, so this test falsely fails with
    // negligible probability.
    DpEase wrong = DpEase.builder().epsilon(4).delta(1e-6).maxItemsPerUser(3).build();
    int passes = DpAssertions.passingRuns(entry00(wrong, DATA, "wrong-d"),
        entry00(wrong, NEIGHBOUR, "wrong-n"), x -> Math.round(x / 0.25), 1, 1e-6, SAMPLES);
    assertThat(passes).isZero();
  }

  /**
   * Plus one user with items 0 and 1: counts 0 and 1 move by c₂² = 0.706979… ({@link
   * DpEase#countValue}), diagonal entries 0 and 1 by d₂² = 0.5771484375 ({@link DpEase#rowValue}
   * at K = 1), pair (1, 0) by 1.
   */
  private static final InteractionMatrix PAIR_NEIGHBOUR = PrivacyAuditFixtures.matrix(3, append(ROWS, new int[] {0, 1}));

  /**
   * The likelihood-ratio statistic of the three candidate releases for this neighbour pair: counts
   * 0 and 1 (σ₁), diagonal entries 0 and 1 (σ₃) and the pair entry (1, 0) (σ₂), each weighted by
   * its shift over its variance — the most powerful test of the composed mechanism, so a
   * hockey-stick test of it at the full (ε, δ) checks the Gaussian-DP composition, not each
   * release alone. Rescaled to unit variance.
   */
  private static Supplier<Double> candidateStatistic(DpEase dp, InteractionMatrix data, String name) {
    return statistic(dp, data, null, name);
  }

  /**
   * {@link #candidateStatistic}, plus (unless {@code cohorts} is null) the fourth release, the
   * per-cohort counts: the extra user moves cohort 0's counts of items 0 and 1 by c₂² each (σ₄).
   */
  private static Supplier<Double> statistic(DpEase dp, InteractionMatrix data, int[] cohorts, String name) {
    RandomSource random = TestRandoms.seeded(name);
    GramNoise noise = GramGaussianNoise.create(random, false);
    double shiftCount = DpEase.countValue(2) * DpEase.countValue(2);
    double shiftDiagonal = DpEase.rowValue(2, 1) * DpEase.rowValue(2, 1);
    double s1 = dp.selectionNoiseStandardDeviation();
    double s2 = dp.noiseStandardDeviation();
    double s3 = dp.diagonalNoiseStandardDeviation();
    double s4 = cohorts == null ? 1 : dp.cohortNoiseStandardDeviation();
    double a = shiftCount / (s1 * s1);
    double b = 1 / (s2 * s2);
    double e = shiftDiagonal / (s3 * s3);
    double g = cohorts == null ? 0 : shiftCount / (s4 * s4);
    double sd = Math.sqrt(2 * a * a * s1 * s1 + b * b * s2 * s2 + 2 * e * e * s3 * s3 + 2 * g * g * s4 * s4);
    int[] candidates = {0, 1, 2}; // fixed: the selection is post-processing of the counts
    return () -> {
      BoundingRows rows = BoundingRows.sample(data, 3, random);
      double[] counts = dp.noisyCandidateCounts(rows, noise);
      double[][] gram = dp.noisyCandidateGram(rows, candidates, noise, FitListener.NONE);
      double x = a * (counts[0] + counts[1]) + b * gram[1][0] + e * (gram[0][0] + gram[1][1]);
      if (cohorts != null) {
        float[][] byCohort = dp.noisyCohortCounts(rows, cohorts, noise);
        x += g * ((double) byCohort[0][0] + byCohort[0][1]);
      }
      return x / sd;
    };
  }

  @Test
  void candidateReleases_likelihoodRatioOnNeighbours_isEpsilonDeltaDp() {
    // Its shift is √(2·0.707²·0.15 + 2·0.577²·0.05 + 0.80)/u ≈ 0.99/u standard deviations: nearly
    // the whole budget.
    DpEase dp = DpEase.builder().epsilon(1).delta(1e-6).maxItemsPerUser(3).build();
    int passes = DpAssertions.passingRuns(candidateStatistic(dp, DATA, "cand-d"),
        candidateStatistic(dp, PAIR_NEIGHBOUR, "cand-n"), x -> Math.round(x / 0.06), 1, 1e-6, SAMPLES);
    assertThat(passes).isGreaterThanOrEqualTo(2);
  }

  @Test
  void harness_candidateReleasesAtFourTimesEpsilon_isRejected() {
    // Calibrated for ε = 4 the statistic shifts by about 0.99/σ(4) ≈ 0.99 standard deviations; its
    // divergence at ε = 1 is about Φ(0.50 − 1.01) − e·Φ(−0.50 − 1.01) ≈ 0.30 − 2.72·0.066 ≈ 0.12,
    // far above the tolerance 0.025 (same arithmetic as the Gram test above): negligible chance
    // of a false failure.
    DpEase wrong = DpEase.builder().epsilon(4).delta(1e-6).maxItemsPerUser(3).build();
    int passes = DpAssertions.passingRuns(candidateStatistic(wrong, DATA, "wcand-d"),
        candidateStatistic(wrong, PAIR_NEIGHBOUR, "wcand-n"), x -> Math.round(x / 0.06), 1, 1e-6, SAMPLES);
    assertThat(passes).isZero();
  }

  /** The cohorts of {@link #ROWS}' users (two cohorts); the neighbours' extra user joins cohort 0. */
  private static final int[] COHORTS = {0, 1, 0, 1, 0};
  private static final int[] NEIGHBOUR_COHORTS = {0, 1, 0, 1, 0, 0};

  /** DP-EASE with the per-cohort counts at share 0.3 of μ² (the model's releases get 0.7 of it). */
  private static DpEase withCohorts(double epsilon) {
    return DpEase.builder().epsilon(epsilon).delta(1e-6).maxItemsPerUser(3).cohortCounts(2, id -> 0, 0.3).build();
  }

  @Test
  void cohortCounts_withCandidateReleases_likelihoodRatioOnNeighbours_isEpsilonDeltaDp() {
    // Shift √(0.7·(2·0.707²·0.15 + 2·0.577²·0.05 + 0.80) + 2·0.707²·0.3)/u ≈ 0.99/u: the whole budget.
    DpEase dp = withCohorts(1);
    int passes = DpAssertions.passingRuns(statistic(dp, DATA, COHORTS, "coh-d"),
        statistic(dp, PAIR_NEIGHBOUR, NEIGHBOUR_COHORTS, "coh-n"), x -> Math.round(x / 0.06), 1, 1e-6, SAMPLES);
    assertThat(passes).isGreaterThanOrEqualTo(2);
  }

  @Test
  void harness_cohortCountsAtFourTimesEpsilon_isRejected() {
    // The same arithmetic as harness_candidateReleasesAtFourTimesEpsilon_isRejected: a shift of
    // about 0.99/σ(4) standard deviations, divergence ≈ 0.12 at ε = 1 against the tolerance 0.025.
    DpEase wrong = withCohorts(4);
    int passes = DpAssertions.passingRuns(statistic(wrong, DATA, COHORTS, "wcoh-d"),
        statistic(wrong, PAIR_NEIGHBOUR, NEIGHBOUR_COHORTS, "wcoh-n"), x -> Math.round(x / 0.06), 1, 1e-6,
        SAMPLES);
    assertThat(passes).isZero();
  }
}
