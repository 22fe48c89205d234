package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramGaussianNoise;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.cf.dp.internal.PrivateAlsStatistics;
import io.privrec.dp.budget.RenyiDp;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.DpAssertions;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick test of one private ALS release (the item sums of one iteration, a ρ-zCDP Gaussian
 * mechanism, hence (ε(ρ, δ), δ)-DP) on neighbouring datasets, projected on one coordinate; falsely
 * fails with probability at most 1e-6 (see {@link DpAssertions}).
 */
@Tag("statistical")
class DpIalsDpTest {
  private static final int SAMPLES = 100_000;
  private static final int F = 2;
  private static final double DELTA = 1e-6;
  private static final int[][] ROWS = {{0, 1}, {1}, {0}, {0, 1}};
  /** The neighbour adds a user with item 0 only and factors (1, 0): t_0[0] moves by C = 1 (w = 1). */
  private static final int[][] NEIGHBOUR_ROWS = {{0, 1}, {1}, {0}, {0, 1}, {0}};
  private static final float[] FACTORS = {0.3f, -0.2f, 0.5f, 0.5f, -0.7f, 0.1f, 0.2f, 0.9f, 1f, 0f};

  private static Supplier<Double> itemSum00(int[][] rows, double rho, String name) {
    RandomSource random = TestRandoms.seeded(name);
    GramNoise noise = GramGaussianNoise.create(random, false);
    BoundingRows bounded = BoundingRows.sample(PrivacyAuditFixtures.matrix(2, rows), 2, random);
    float[] factors = java.util.Arrays.copyOf(FACTORS, rows.length * F);
    return () -> {
      PrivateAlsStatistics s = PrivateAlsStatistics.compute(bounded, factors, F, 1.0, false);
      s.addNoise(noise, 1.0, 2, 1.0, 1.0, rho);
      return s.itemSums()[0][0];
    };
  }

  @Test
  void itemSums_coordinateOnNeighbours_isEpsilonDeltaDp() {
    double rho = 0.05;
    double epsilon = RenyiDp.zcdpToEpsilon(rho, DELTA); // about 1.5
    int passes = DpAssertions.passingRuns(itemSum00(ROWS, rho, "als-d"), itemSum00(NEIGHBOUR_ROWS, rho, "als-n"),
        x -> Math.round(x / 0.25), epsilon, DELTA, SAMPLES);
    assertThat(passes).isGreaterThanOrEqualTo(2);
  }

  @Test
  void harness_noiseForSixteenTimesRho_isRejected() {
    // ρ = 0.8 gives σ = 1/√1.6 ≈ 0.79; at the claimed ε(0.05) ≈ 1.5 its divergence is
    // Φ(1/(2σ) − εσ) − e^ε·Φ(−1/(2σ) − εσ) ≈ Φ(−0.55) − 4.5·Φ(−1.82) ≈ 0.29 − 0.16 = 0.13, against a
    // tolerance (1 + e^1.5)·√(ln(1/β)/(2·10⁵)) ≈ 0.036: each run passes with probability
    // ≤ 2·exp(−2·10⁵·(0.09/5.5)²) < 1e-20.
    double epsilon = RenyiDp.zcdpToEpsilon(0.05, DELTA);
    int passes = DpAssertions.passingRuns(itemSum00(ROWS, 0.8, "bad-d"), itemSum00(NEIGHBOUR_ROWS, 0.8, "bad-n"),
        x -> Math.round(x / 0.25), epsilon, DELTA, SAMPLES);
    assertThat(passes).isZero();
  }
}
