package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.testing.DpAssertions;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DP of each mechanism on worst-case neighbours (inputs one sensitivity apart), both directions,
 * with the hockey-stick harness ({@link DpAssertions}: false-failure rate <= 1e-6 per test).
 */
@Tag("statistical")
class NoiseDpTest {

  private static final int N = 100_000;
  private static final double EPSILON = 1.0;

  /** Bins of width 0.25 over [-20, 20], tails pooled. */
  private static final ToLongFunction<Double> QUARTERS =
      x -> Math.max(-80, Math.min(80, (long) Math.floor(x / 0.25)));
  private static final ToLongFunction<Long> INTEGERS = k -> Math.max(-40, Math.min(40, k));

  @Test
  void laplaceNoise_neighbouringInputs_isEpsilonDp() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("dp_laplace"));

    DpAssertions.assertApproximateDp(() -> noise.addNoise(0.0, 1, 1.0, EPSILON, 0),
        () -> noise.addNoise(1.0, 1, 1.0, EPSILON, 0), QUARTERS, EPSILON, 0, N);
  }

  @Test
  void gaussianNoise_neighbouringInputs_isEpsilonDeltaDp() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("dp_gaussian"));

    DpAssertions.assertApproximateDp(() -> noise.addNoise(0.0, 1, 1.0, EPSILON, 1e-5),
        () -> noise.addNoise(1.0, 1, 1.0, EPSILON, 1e-5), QUARTERS, EPSILON, 1e-5, N);
  }

  @Test
  void discreteLaplaceNoise_neighbouringInputs_isEpsilonDp() {
    DiscreteLaplaceNoise noise = DiscreteLaplaceNoise.create(TestRandoms.seeded("dp_dlaplace"));

    DpAssertions.assertApproximateDp(() -> noise.addNoise(0L, 1, 1L, EPSILON, 0),
        () -> noise.addNoise(1L, 1, 1L, EPSILON, 0), INTEGERS, EPSILON, 0, N);
  }

  @Test
  void discreteGaussianNoise_neighbouringInputs_isEpsilonDeltaDp() {
    DiscreteGaussianNoise noise =
        DiscreteGaussianNoise.create(TestRandoms.seeded("dp_dgaussian"));

    DpAssertions.assertApproximateDp(() -> noise.addNoise(0L, 1, 1L, EPSILON, 1e-5),
        () -> noise.addNoise(1L, 1, 1L, EPSILON, 1e-5), INTEGERS, EPSILON, 1e-5, N);
  }

  @Test
  void laplaceNoise_twoPartitionsContributed_isEpsilonDpOverBoth() {
    // l0 = 2: one unit changes two partitions by 1 each; the pair of outputs is the release.
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("dp_laplace_l0"));

    DpAssertions.assertApproximateDp(
        () -> new double[] {noise.addNoise(0.0, 2, 1.0, EPSILON, 0),
            noise.addNoise(0.0, 2, 1.0, EPSILON, 0)},
        () -> new double[] {noise.addNoise(1.0, 2, 1.0, EPSILON, 0),
            noise.addNoise(1.0, 2, 1.0, EPSILON, 0)},
        pair -> 100 * Math.max(-20, Math.min(20, Math.round(pair[0])))
            + Math.max(-20, Math.min(20, Math.round(pair[1]))),
        EPSILON, 0, N);
  }

  /**
   * The harness must reject a broken mechanism: Laplace noise calibrated to 0.85 of the true
   * sensitivity is only (1/0.85 = 1.18)-DP. Its true hockey-stick divergence at epsilon = 1 is
   * 1 - exp(-(1.18 - 1)/2) = 0.085 (0.08 after binning), against a tolerance of 0.025 at n =
   * 100000; each run's estimate has standard deviation <= (1 + e) sqrt(0.25/n) = 0.006, so a run
   * passes with probability < 1e-15 and the majority vote rejects with probability > 1 - 1e-29.
   */
  @Test
  void harness_laplaceCalibratedToEightyFivePercentOfSensitivity_rejected() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("dp_reject"));

    int passes = DpAssertions.passingRuns(() -> noise.addNoise(0.0, 1, 0.85, EPSILON, 0),
        () -> noise.addNoise(1.0, 1, 0.85, EPSILON, 0), QUARTERS, EPSILON, 0, N);

    assertThat(passes).isZero();
  }

  @Test
  void harness_discreteLaplaceCalibratedToEightyFivePercent_rejected() {
    // Discrete analogue: sensitivity 20 declared as 17 (0.85), scale 17; the true epsilon is
    // 20/17 = 1.18 and the divergence ~0.08 as above.
    DiscreteLaplaceNoise noise = DiscreteLaplaceNoise.create(TestRandoms.seeded("dp_reject_d"));

    int passes = DpAssertions.passingRuns(() -> noise.addNoise(0L, 1, 17L, EPSILON, 0),
        () -> noise.addNoise(20L, 1, 17L, EPSILON, 0), k -> Math.max(-100, Math.min(120, k)),
        EPSILON, 0, N);

    assertThat(passes).isZero();
  }
}
