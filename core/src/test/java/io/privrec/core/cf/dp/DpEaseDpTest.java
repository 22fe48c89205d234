package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.internal.GramGaussianNoise;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hockey-stick tests of DP-EASE's release on neighbouring datasets (see {@link
 * DpEaseIalsHockeyStick}; each test falsely fails with probability at most 1e-6).
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

  private static DoubleSupplier entry00(DpEase dp, InteractionMatrix data, String name) {
    RandomSource random = TestRandoms.seeded(name);
    GramNoise noise = GramGaussianNoise.create(random, false);
    return () -> dp.noisyGram(data, random, noise, FitListener.NONE)[0][0];
  }

  @Test
  void noisyGram_entryOnNeighbours_isEpsilonDeltaDp() {
    DpEase dp = DpEase.builder().epsilon(1).delta(1e-6).maxItemsPerUser(3).build();
    int passes = DpEaseIalsHockeyStick.passingRuns(entry00(dp, DATA, "ease-d"), entry00(dp, NEIGHBOUR, "ease-n"),
        0.25, 1, 1e-6, SAMPLES);
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
    int passes = DpEaseIalsHockeyStick.passingRuns(entry00(wrong, DATA, "wrong-d"),
        entry00(wrong, NEIGHBOUR, "wrong-n"), 0.25, 1, 1e-6, SAMPLES);
    assertThat(passes).isZero();
  }
}
