package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.dp.testing.TestRandoms;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Regression tests for floating-point attacks on noise (Mironov 2012) and NaN injection. */
class NoiseSecurityTest {

  private static final int N = 20_000;

  private static boolean isMultipleOf(double value, double g) {
    double steps = value / g;
    return steps == Math.rint(steps);
  }

  @Test
  void laplaceAddNoise_anyInput_outputIsExactMultipleOfGranularity() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("laplace_grid"));
    // b = l0 lInf / epsilon = 2 * 1.5 / 0.7; g = largest power of two <= b / 2^40.
    double g = Grid.powerOfTwoAtMost(2 * 1.5 / 0.7 / 0x1p40);
    for (double x : new double[] {0, 0.1, -3.3333, 1e9 + 0.123, 12345.678}) {
      for (int i = 0; i < 1000; i++) {
        double out = noise.addNoise(x, 2, 1.5, 0.7, 0);
        assertThat(isMultipleOf(out, g)).as("x=%s out=%s", x, out).isTrue();
      }
    }
  }

  @Test
  void gaussianAddNoise_anyInput_outputIsExactMultipleOfGranularity() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("gaussian_grid"));
    double g = Grid.powerOfTwoAtMost(noise.sigma(Math.sqrt(3) * 2.0, 0.5, 1e-6) / 0x1p20);
    for (double x : new double[] {0, 0.1, -7.77, 5e8 + 0.3}) {
      for (int i = 0; i < 1000; i++) {
        double out = noise.addNoise(x, 3, 2.0, 0.5, 1e-6);
        assertThat(isMultipleOf(out, g)).as("x=%s out=%s", x, out).isTrue();
      }
    }
  }

  @Test
  void vectorNoise_outputsAreMultiplesOfTheVectorGranularity() {
    double[] x = new double[100];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.37;
    }
    double[] laplace = LaplaceNoise.create(TestRandoms.seeded("vector_grid_l"))
        .addNoise(x, 4.0, 1.0, 0);
    double gL = Grid.powerOfTwoAtMost(4.0 / 1.0 / (0x1p40 * 100));
    GaussianNoise gaussianNoise = GaussianNoise.create(TestRandoms.seeded("vector_grid_g"));
    double[] gaussian = gaussianNoise.addNoise(x, 4.0, 1.0, 1e-5);
    double gG = Grid.powerOfTwoAtMost(gaussianNoise.sigma(4.0, 1.0, 1e-5) / (0x1p20 * 10));
    for (int i = 0; i < x.length; i++) {
      assertThat(isMultipleOf(laplace[i], gL)).isTrue();
      assertThat(isMultipleOf(gaussian[i], gG)).isTrue();
    }
  }

  /**
   * Mironov's attack distinguishes neighbours because textbook floating-point Laplace noise makes
   * some doubles reachable from {@code x} but not from {@code x + 1}. With snapping, outputs from
   * both neighbours lie on the same grid and their low-order grid digits are equally spread: every
   * residue of the grid index modulo 64 is reached from both inputs.
   */
  @Test
  void laplaceAddNoise_neighbouringInputs_reachTheSameLowBits() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("lsb_attack"));
    double g = Grid.powerOfTwoAtMost(1.0 / 0x1p40);
    BitSet fromZero = lowBitsReached(noise, 0.0, g);
    BitSet fromOne = lowBitsReached(noise, 1.0, g);

    // Each residue has probability 1/64 per draw; missing one in 20000 draws has probability
    // 64 (63/64)^20000 < 1e-130.
    assertThat(fromZero.cardinality()).isEqualTo(64);
    assertThat(fromOne).isEqualTo(fromZero);
  }

  private static BitSet lowBitsReached(LaplaceNoise noise, double x, double g) {
    BitSet reached = new BitSet(64);
    for (int i = 0; i < N; i++) {
      double out = noise.addNoise(x, 1, 1.0, 1.0, 0);
      assertThat(isMultipleOf(out, g)).isTrue();
      reached.set((int) Math.floorMod((long) (out / g), 64L));
    }
    return reached;
  }

  @Test
  void addNoise_nanInput_rejectedNotPropagated() {
    Noise[] all = {LaplaceNoise.create(TestRandoms.seeded("nan1")),
        GaussianNoise.create(TestRandoms.seeded("nan2")),
        DiscreteLaplaceNoise.create(TestRandoms.seeded("nan3")),
        DiscreteGaussianNoise.create(TestRandoms.seeded("nan4"))};
    for (Noise noise : all) {
      double delta = noise.vectorSensitivityNorm() == Noise.Norm.L1 ? 0 : 1e-5;
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(Double.NaN, 1, 1.0, 1.0, delta))
          .withMessageContaining("x must be finite");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(new double[] {0, Double.NaN}, 1.0, 1.0, delta))
          .withMessageContaining("x[1]");
    }
  }

  @Test
  void discreteMechanisms_doubleInput_outputIsInteger() {
    DiscreteLaplaceNoise laplace = DiscreteLaplaceNoise.create(TestRandoms.seeded("dl_int"));
    DiscreteGaussianNoise gaussian = DiscreteGaussianNoise.create(TestRandoms.seeded("dg_int"));
    for (int i = 0; i < 1000; i++) {
      assertThat(isMultipleOf(laplace.addNoise(0.3, 1, 1.0, 1.0, 0), 1)).isTrue();
      assertThat(isMultipleOf(gaussian.addNoise(-2.7, 1, 1.0, 1.0, 1e-5), 1)).isTrue();
    }
  }

  @Test
  void addNoise_seededSource_reproducible() {
    LaplaceNoise a = LaplaceNoise.create(TestRandoms.seeded("repro"));
    LaplaceNoise b = LaplaceNoise.create(TestRandoms.seeded("repro"));
    for (int i = 0; i < 100; i++) {
      assertThat(a.addNoise(3.0, 1, 1.0, 1.0, 0)).isEqualTo(b.addNoise(3.0, 1, 1.0, 1.0, 0));
    }
  }
}
