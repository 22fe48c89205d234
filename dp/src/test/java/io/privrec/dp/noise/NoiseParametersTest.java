package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.testing.TestRandoms;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every parameter of every {@link Noise} method, against NaN, infinities, zero and negatives. */
class NoiseParametersTest {

  private static final double[] NON_POSITIVE_OR_NON_FINITE =
      {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0};

  /** (noise, a valid delta, deltas the mechanism must reject). */
  static Stream<Arguments> mechanisms() {
    double[] gaussianBadDeltas = {0.0, 1.0, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY};
    double[] laplaceBadDeltas = {1e-5, -1e-5, Double.NaN, 1.0};
    return Stream.of(
        Arguments.of(LaplaceNoise.create(TestRandoms.seeded("params_laplace")), 0.0,
            laplaceBadDeltas),
        Arguments.of(DiscreteLaplaceNoise.create(TestRandoms.seeded("params_dlaplace")), 0.0,
            laplaceBadDeltas),
        Arguments.of(GaussianNoise.create(TestRandoms.seeded("params_gaussian")), 1e-5,
            gaussianBadDeltas),
        Arguments.of(DiscreteGaussianNoise.create(TestRandoms.seeded("params_dgaussian")), 1e-5,
            gaussianBadDeltas));
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_nonFiniteX_throwsNamingX(Noise noise, double delta, double[] badDeltas) {
    for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(x, 1, 1.0, 1.0, delta))
          .withMessageContaining("x must be finite").withMessageContaining(String.valueOf(x));
    }
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_badEpsilon_throwsNamingEpsilon(Noise noise, double delta, double[] badDeltas) {
    for (double epsilon : NON_POSITIVE_OR_NON_FINITE) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0.0, 1, 1.0, epsilon, delta))
          .withMessageContaining("epsilon").withMessageContaining(String.valueOf(epsilon));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0L, 1, 1L, epsilon, delta))
          .withMessageContaining("epsilon");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(new double[] {1}, 1.0, epsilon, delta))
          .withMessageContaining("epsilon");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoise(0.0, 1, 1.0, 0x1p-51, delta))
        .withMessageContaining("epsilon");
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_deltaWrongForMechanism_throwsNamingDelta(
      Noise noise, double delta, double[] badDeltas) {
    for (double bad : badDeltas) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0.0, 1, 1.0, 1.0, bad))
          .withMessageContaining("delta").withMessageContaining(String.valueOf(bad));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0L, 1, 1L, 1.0, bad))
          .withMessageContaining("delta");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoiseInPlace(new long[] {1}, 1.0, 1.0, bad))
          .withMessageContaining("delta");
    }
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_badSensitivities_throwNamingThem(Noise noise, double delta, double[] badDeltas) {
    for (int l0 : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0.0, l0, 1.0, 1.0, delta))
          .withMessageContaining("l0Sensitivity").withMessageContaining(String.valueOf(l0));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0L, l0, 1L, 1.0, delta))
          .withMessageContaining("l0Sensitivity");
    }
    for (double lInf : NON_POSITIVE_OR_NON_FINITE) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0.0, 1, lInf, 1.0, delta))
          .withMessageContaining("lInfSensitivity").withMessageContaining(String.valueOf(lInf));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(new double[] {0}, lInf, 1.0, delta))
          .withMessageContaining("sensitivity").withMessageContaining(String.valueOf(lInf));
    }
    for (long lInf : new long[] {0, -5}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.addNoise(0L, 1, lInf, 1.0, delta))
          .withMessageContaining("lInfSensitivity").withMessageContaining(String.valueOf(lInf));
    }
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_overflowingSensitivity_throws(Noise noise, double delta, double[] badDeltas) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoise(0L, Integer.MAX_VALUE, Long.MAX_VALUE, 1.0, delta));
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoiseVector_nanElement_throwsNamingIndex(Noise noise, double delta, double[] badDeltas) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoise(new double[] {1, 2, Double.NaN}, 1.0, 1.0, delta))
        .withMessageContaining("x[2] must be finite");
    assertThatNullPointerException()
        .isThrownBy(() -> noise.addNoise((double[]) null, 1.0, 1.0, delta))
        .withMessageContaining("x");
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoiseInPlace_invalidParameter_leavesCountsUnchanged(
      Noise noise, double delta, double[] badDeltas) {
    long[] counts = {5, 6, 7};

    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoiseInPlace(counts, Double.NaN, 1.0, delta));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoiseInPlace(counts, 1.0, -1.0, delta));
    assertThat(counts).containsExactly(5, 6, 7);
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void computeConfidenceInterval_badAlpha_throwsNamingAlpha(
      Noise noise, double delta, double[] badDeltas) {
    for (double alpha : new double[] {0.0, 1.0, -0.5, Double.NaN, 2.0}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.computeConfidenceInterval(0.0, 1, 1.0, 1.0, delta, alpha))
          .withMessageContaining("alpha").withMessageContaining(String.valueOf(alpha));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> noise.computeConfidenceInterval(0L, 1, 1L, 1.0, delta, alpha))
          .withMessageContaining("alpha");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.computeConfidenceInterval(Double.NaN, 1, 1.0, 1.0, delta, 0.05))
        .withMessageContaining("noisedX");
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void computeConfidenceInterval_valid_containsNoisedValueAndWidensWithSmallerAlpha(
      Noise noise, double delta, double[] badDeltas) {
    ConfidenceInterval wide = noise.computeConfidenceInterval(10.0, 1, 1.0, 1.0, delta, 0.01);
    ConfidenceInterval narrow = noise.computeConfidenceInterval(10.0, 1, 1.0, 1.0, delta, 0.2);

    assertThat(wide.lowerBound()).isLessThan(10.0);
    assertThat(wide.upperBound()).isGreaterThan(10.0);
    assertThat(wide.upperBound() - wide.lowerBound())
        .isGreaterThan(narrow.upperBound() - narrow.lowerBound());
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoise_longAtMaxValue_saturatesInsteadOfWrapping(
      Noise noise, double delta, double[] badDeltas) {
    for (int i = 0; i < 200; i++) {
      assertThat(noise.addNoise(Long.MAX_VALUE, 1, 1000L, 0.1, delta)).isPositive();
      assertThat(noise.addNoise(Long.MIN_VALUE, 1, 1000L, 0.1, delta)).isNegative();
    }
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void addNoiseVector_emptyArray_returnsEmpty(Noise noise, double delta, double[] badDeltas) {
    assertThat(noise.addNoise(new double[0], 1.0, 1.0, delta)).isEmpty();
  }

  @Test
  void create_nullSource_throwsNpe() {
    for (Runnable r : List.<Runnable>of(
        () -> LaplaceNoise.create(null), () -> GaussianNoise.create(null),
        () -> DiscreteLaplaceNoise.create(null), () -> DiscreteGaussianNoise.create(null))) {
      assertThatNullPointerException().isThrownBy(r::run).withMessageContaining("source");
    }
  }

  @Test
  void gaussianClassical_epsilonAtLeastOne_throwsNamingEpsilon() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("classical"),
        GaussianNoise.Calibration.CLASSICAL);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> noise.addNoise(0.0, 1, 1.0, 1.5, 1e-5))
        .withMessageContaining("epsilon");
  }

  @Test
  void addNoiseZcdp_badRho_throwsNamingRho() {
    GaussianNoise gaussian = GaussianNoise.create(TestRandoms.seeded("zcdp_rho"));
    DiscreteGaussianNoise discrete = DiscreteGaussianNoise.create(TestRandoms.seeded("zcdp_rho2"));
    for (double rho : NON_POSITIVE_OR_NON_FINITE) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> gaussian.addNoiseZcdp(0.0, 1.0, rho)).withMessageContaining("rho");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> discrete.addNoiseZcdp(0L, 1.0, rho)).withMessageContaining("rho");
    }
  }
}
