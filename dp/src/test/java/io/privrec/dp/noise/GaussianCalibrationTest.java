package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianCalibrationTest {

  /** Balle–Wang delta of N(0, sigma^2) at sensitivity 1, evaluated independently of the class. */
  private static double exactDelta(double sigma, double epsilon) {
    NormalDistribution normal = new NormalDistribution(null, 0, 1);
    return normal.cumulativeProbability(0.5 / sigma - epsilon * sigma)
        - Math.exp(epsilon) * normal.cumulativeProbability(-0.5 / sigma - epsilon * sigma);
  }

  @ParameterizedTest
  @CsvSource({"1.0, 1e-5, 3.7306316", "0.5, 1e-6, 8.0576185", "0.1, 1e-6, 36.3046904"})
  void analyticSigma_referenceVectors_matchToOneInAMillionAndNeverBelow(
      double epsilon, double delta, double expected) {
    double sigma = GaussianCalibration.analyticSigma(1, epsilon, delta);

    assertThat(sigma).isCloseTo(expected, within(expected * 1e-6));
    assertThat(exactDelta(sigma, epsilon)).isLessThanOrEqualTo(delta);
    // And it is tight: 1e-9 less noise already violates delta.
    assertThat(exactDelta(sigma * (1 - 1e-9), epsilon)).isGreaterThan(delta);
  }

  @Test
  void analyticSigma_scalesLinearlyWithSensitivity() {
    double unit = GaussianCalibration.analyticSigma(1, 1, 1e-5);

    assertThat(GaussianCalibration.analyticSigma(7.5, 1, 1e-5)).isCloseTo(7.5 * unit,
        within(7.5 * unit * 1e-12));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.3, 0.9})
  void analyticSigma_belowOneEpsilon_neverExceedsClassical(double epsilon) {
    assertThat(GaussianCalibration.analyticSigma(1, epsilon, 1e-6))
        .isLessThan(GaussianCalibration.classicalSigma(1, epsilon, 1e-6));
  }

  @Test
  void analyticSigma_largeEpsilon_stillSatisfiesDelta() {
    double sigma = GaussianCalibration.analyticSigma(1, 10, 1e-9);

    assertThat(exactDelta(sigma, 10)).isLessThanOrEqualTo(1e-9);
  }

  @Test
  void classicalSigma_formula() {
    double expected = Math.sqrt(2 * Math.log(1.25 / 1e-5)) / 0.5;

    assertThat(GaussianCalibration.classicalSigma(1, 0.5, 1e-5))
        .isGreaterThanOrEqualTo(expected)
        .isCloseTo(expected, within(expected * 1e-14));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 2.0})
  void classicalSigma_epsilonAtLeastOne_throws(double epsilon) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GaussianCalibration.classicalSigma(1, epsilon, 1e-5))
        .withMessageContaining("epsilon");
  }

  @Test
  void zcdpSigma_formula() {
    assertThat(GaussianCalibration.zcdpSigma(2, 0.5)).isCloseTo(2.0, within(1e-14))
        .isGreaterThanOrEqualTo(2.0);
  }

  @ParameterizedTest
  @CsvSource({"0.01, 1e-6", "0.5, 1e-5", "2.0, 1e-9"})
  void zcdpDelta_atBunSteinkeEpsilon_isAtMostDelta(double rho, double delta) {
    // Bun–Steinke 2016: rho-zCDP => (rho + 2 sqrt(rho ln(1/delta)), delta)-DP. CKS's conversion
    // is never worse.
    double epsilon = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));

    assertThat(GaussianCalibration.zcdpDelta(rho, epsilon)).isLessThanOrEqualTo(delta);
  }

  @Test
  void zcdpRho_isLargestRhoMeetingDelta() {
    double rho = GaussianCalibration.zcdpRho(1, 1e-6);

    assertThat(GaussianCalibration.zcdpDelta(rho, 1)).isLessThanOrEqualTo(1e-6);
    assertThat(GaussianCalibration.zcdpDelta(rho * (1 + 1e-9), 1)).isGreaterThan(1e-6);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0})
  void analyticSigma_invalidSensitivity_throwsNamingIt(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GaussianCalibration.analyticSigma(value, 1, 1e-5))
        .withMessageContaining("l2Sensitivity").withMessageContaining(String.valueOf(value));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0})
  void analyticSigma_invalidEpsilon_throwsNamingIt(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GaussianCalibration.analyticSigma(1, value, 1e-5))
        .withMessageContaining("epsilon").withMessageContaining(String.valueOf(value));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0,
      1.0})
  void analyticSigma_invalidDelta_throwsNamingIt(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GaussianCalibration.analyticSigma(1, 1, value))
        .withMessageContaining("delta").withMessageContaining(String.valueOf(value));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 0.0, -1.0})
  void zcdpSigma_invalidRho_throwsNamingIt(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GaussianCalibration.zcdpSigma(1, value))
        .withMessageContaining("rho").withMessageContaining(String.valueOf(value));
  }

  @Test
  void analyticSigma_epsilonBeyondExpOverflow_isStillTheSmallestSigma() {
    // References by 50-digit bisection of Balle & Wang's exact delta: e^ε overflows a double above
    // ε ≈ 709, so the subtracted term is evaluated in log space.
    assertThat(GaussianCalibration.analyticSigma(1, 700, 1e-6)).isCloseTo(0.0303134703120558, within(1e-9));
    assertThat(GaussianCalibration.analyticSigma(1, 1000, 1e-6)).isCloseTo(0.0248503666869477, within(1e-9));
    assertThat(GaussianCalibration.analyticSigma(2, 5000, 1e-6)).isCloseTo(2 * 0.010485561818141, within(1e-9));
    assertThat(GaussianCalibration.analyticSigma(1, 1000, 1e-6)).isGreaterThanOrEqualTo(0.0248503666869477);
  }
}
