package io.privrec.dp.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DP tests of the selection mechanisms on worst-case neighbouring inputs (see {@link
 * SelectionDpHarness}: each check falsely fails with probability at most 1e-6). Each mechanism is
 * also run with 0.85 times its noise (ε/0.85 in place of ε) against the claimed ε, to show the
 * harness has the power to reject it.
 *
 * <p>Neighbours: D has all utilities 0; D′ raises utility 0 by Δ and lowers the others by Δ. For
 * the exponential mechanism with many competitors, P[0 | D′]/P[0 | D] approaches e^ε (the bound is
 * tight), so a 0.85× mechanism violates it by a margin (≈ 0.0076 with 50 competitors, ≈ 0.04 for
 * permute-and-flip and ≈ 0.027 for Laplace noise with 10) about twice the sum of the
 * Clopper–Pearson half-widths (≈ 0.0035 at 10⁶ samples; ≈ 0.011 for Laplace at 4·10⁵).
 */
@Tag("statistical")
class SelectionDpTest {

  private static final int SAMPLES = 1_000_000;
  /** Laplace noise costs more per sample; its violation margin is also larger. */
  private static final int LAPLACE_SAMPLES = 400_000;
  private static final double EPSILON = 1.0;

  private static double[] allZero(int n) {
    return new double[n];
  }

  private static double[] raisedFirst(int n) {
    double[] u = new double[n];
    Arrays.fill(u, -1.0);
    u[0] = 1.0;
    return u;
  }

  private static double exponentialMechanismViolation(double mechanismEpsilon, String seed) {
    RandomSource random = TestRandoms.seeded(seed);
    ExponentialMechanism em = ExponentialMechanism.create(mechanismEpsilon, 1.0, random);
    double[] d = allZero(51);
    double[] neighbour = raisedFirst(51);
    return SelectionDpHarness.worstViolation(
        () -> em.select(d), () -> em.select(neighbour), 51, SAMPLES, EPSILON, 0);
  }

  @Test
  void exponentialMechanism_worstCaseNeighbours_isEpsilonDp() {
    assertThat(exponentialMechanismViolation(EPSILON, "em-dp")).isNotPositive();
  }

  @Test
  void harness_exponentialMechanismWithTooLittleNoise_isRejected() {
    assertThat(exponentialMechanismViolation(EPSILON / 0.85, "em-weak")).isPositive();
  }

  private static double reportNoisyMaxViolation(
      double mechanismEpsilon, ReportNoisyMax.Noise noise, String seed) {
    RandomSource random = TestRandoms.seeded(seed);
    ReportNoisyMax rnm = ReportNoisyMax.create(mechanismEpsilon, 1.0, noise, random);
    double[] d = allZero(11);
    double[] neighbour = raisedFirst(11);
    int samples = noise == ReportNoisyMax.Noise.LAPLACE ? LAPLACE_SAMPLES : SAMPLES;
    return SelectionDpHarness.worstViolation(
        () -> rnm.select(d), () -> rnm.select(neighbour), 11, samples, EPSILON, 0);
  }

  @Test
  void reportNoisyMaxExponential_worstCaseNeighbours_isEpsilonDp() {
    assertThat(reportNoisyMaxViolation(EPSILON, ReportNoisyMax.Noise.EXPONENTIAL, "pf-dp"))
        .isNotPositive();
  }

  @Test
  void harness_permuteAndFlipWithTooLittleNoise_isRejected() {
    assertThat(reportNoisyMaxViolation(EPSILON / 0.85, ReportNoisyMax.Noise.EXPONENTIAL, "pf-weak"))
        .isPositive();
  }

  @Test
  void reportNoisyMaxLaplace_worstCaseNeighbours_isEpsilonDp() {
    assertThat(reportNoisyMaxViolation(EPSILON, ReportNoisyMax.Noise.LAPLACE, "rnm-lap-dp"))
        .isNotPositive();
  }

  @Test
  void harness_laplaceReportNoisyMaxWithTooLittleNoise_isRejected() {
    assertThat(reportNoisyMaxViolation(EPSILON / 0.85, ReportNoisyMax.Noise.LAPLACE, "rnm-lap-weak"))
        .isPositive();
  }

  @Test
  void topK_worstCaseNeighbours_isTwoEpsilonDpForTwoSelections() {
    // Outcomes: ordered pairs (i, j) of 6 candidates, encoded as 6i + j (30 used of 36).
    RandomSource random = TestRandoms.seeded("topk-dp");
    TopKSelection topK = TopKSelection.create(2, EPSILON, 1.0, random);
    double[] d = allZero(6);
    double[] neighbour = raisedFirst(6);

    double violation =
        SelectionDpHarness.worstViolation(
            () -> encode(topK.select(d)), () -> encode(topK.select(neighbour)), 36, SAMPLES,
            2 * EPSILON, 0);

    assertThat(violation).isNotPositive();
  }

  private static int encode(int[] pair) {
    return 6 * pair[0] + pair[1];
  }

  @Test
  void sparseVector_shiftedQueries_isEpsilonDp() {
    // D: 5 queries at the threshold; D′: the first four lowered by Δ, the last raised by Δ.
    // Outcome: index of the first "above" answer, or 5 for none.
    double[] d = {0, 0, 0, 0, 0};
    double[] neighbour = {-1, -1, -1, -1, 1};
    RandomSource random = TestRandoms.seeded("svt-dp");

    double violation =
        SelectionDpHarness.worstViolation(
            () -> firstAbove(SparseVector.create(EPSILON, 1.0, 0.0, 1, random), d),
            () -> firstAbove(SparseVector.create(EPSILON, 1.0, 0.0, 1, random), neighbour),
            6, 200_000, EPSILON, 0);

    assertThat(violation).isNotPositive();
  }

  private static int firstAbove(SparseVector svt, double[] queries) {
    int[] above = svt.aboveIndices(queries);
    return above.length == 0 ? queries.length : above[0];
  }

  private static double partitionSelectionViolation(double mechanismEpsilon, String seed) {
    // Counts n and n + 1 for the key; outcome 1 = kept. δ = 0.05 makes the δ-part visible.
    RandomSource random = TestRandoms.seeded(seed);
    PartitionSelection selection = PartitionSelection.create(mechanismEpsilon, 0.05, 1, random);
    double worst = Double.NEGATIVE_INFINITY;
    for (long n = 0; n < 4; n++) {
      long[] d = {n};
      long[] neighbour = {n + 1};
      long[] keys = {42};
      worst =
          Math.max(
              worst,
              SelectionDpHarness.worstViolation(
                  () -> selection.select(keys, d).length,
                  () -> selection.select(keys, neighbour).length,
                  2, 500_000, EPSILON, 0.05));
    }
    return worst;
  }

  @Test
  void partitionSelection_neighbouringCounts_isEpsilonDeltaDp() {
    assertThat(partitionSelectionViolation(EPSILON, "partition-dp")).isNotPositive();
  }

  @Test
  void harness_partitionSelectionWithInflatedKeepProbabilities_isRejected() {
    assertThat(partitionSelectionViolation(EPSILON / 0.85, "partition-weak")).isPositive();
  }
}
