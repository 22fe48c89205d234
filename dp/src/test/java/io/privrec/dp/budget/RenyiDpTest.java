package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RenyiDpTest {

  @Test
  void epsilon_gaussianNoiseMultiplierForEpsilonOne_givesOneAtDeltaOneInAMillion() {
    // Reference vector: σ = 4.530877117 is the noise multiplier for which one release of the
    // Gaussian mechanism is (1, 1e-6)-DP under the conversion of Balle et al. 2020, Thm. 21,
    // optimised over real orders (the optimum is α ≈ 21.98). Mironov's original conversion gives
    // about 1.18 instead.
    double epsilon = RenyiDp.epsilon(order -> RenyiDp.gaussian(4.530877117, order), 1e-6);

    assertThat(epsilon).isCloseTo(1.0, within(1e-8));
  }

  @Test
  void zcdpToEpsilon_matchesGaussianCurve() {
    double sigma = 3.0;
    double rho = 1 / (2 * sigma * sigma);

    assertThat(RenyiDp.zcdpToEpsilon(rho, 1e-5))
        .isEqualTo(RenyiDp.epsilon(order -> RenyiDp.gaussian(sigma, order), 1e-5));
  }

  @Test
  void zcdpToEpsilon_isTighterThanBunSteinkeConversion() {
    double rho = 0.5;
    double delta = 1e-6;
    double bunSteinke = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));

    assertThat(RenyiDp.zcdpToEpsilon(rho, delta)).isLessThan(bunSteinke).isGreaterThan(rho);
  }

  /**
   * Poisson-subsampled Gaussian, q = 0.01, σ = 2.5, 50 steps. Integer orders: the published
   * reference values (TensorFlow Privacy's {@code compute_rdp}). Fractional orders: the exact
   * values log(A_α)/(α − 1)·50 from 40-digit numerical quadrature of A_α = E_{z∼N(0,σ²)}[(1 − q +
   * q e^{(2z−1)/(2σ²)})^α] (mpmath), which also agree with the series of Mironov, Talwar &amp; Zhang
   * to 4e-10 relative. (Summing that series with |C(α, i)| instead of the signed binomial gives
   * 6.70579741e-4 and 1.08548710e-3, values that are not the Rényi divergence.)
   */
  @ParameterizedTest
  @CsvSource({
    "1.5, 6.500708971880397e-4",
    "2.5, 1.0854180569181243e-3",
    "5, 2.18075656e-3",
    "50, 2.38460375e-2"
  })
  void subsampledGaussian_referenceVector_matchesToOneInHundredMillion(
      double order, double expected) {
    double rdp = 50 * RenyiDp.subsampledGaussian(0.01, 2.5, order);

    assertThat(rdp).isCloseTo(expected, within(1e-8 * expected));
  }

  @ParameterizedTest
  @CsvSource({
    "0.01, 2.5, 1.5",
    "0.01, 2.5, 7.3",
    "0.05, 1.0, 3.7",
    "0.2, 0.8, 2.25",
    "0.5, 4.0, 12.5",
    "0.001, 0.7, 20.5",
    "0.1, 1.5, 6",
    "0.3, 2.0, 9"
  })
  void subsampledGaussian_anyOrder_matchesNumericalIntegration(
      double q, double sigma, double order) {
    double expected = Math.log(integrateA(q, sigma, order)) / (order - 1);

    assertThat(RenyiDp.subsampledGaussian(q, sigma, order))
        .isCloseTo(expected, within(1e-8 * expected));
  }

  @Test
  void subsampledGaussian_fullSampling_equalsGaussian() {
    assertThat(RenyiDp.subsampledGaussian(1.0, 1.7, 3.5)).isEqualTo(RenyiDp.gaussian(1.7, 3.5));
  }

  @Test
  void subsampledGaussian_isBelowUnsampledGaussianAndIncreasesWithOrder() {
    double previous = 0;
    for (double order = 1.25; order < 40; order += 0.75) {
      double rdp = RenyiDp.subsampledGaussian(0.02, 1.2, order);
      assertThat(rdp).isGreaterThan(previous).isLessThan(RenyiDp.gaussian(1.2, order));
      previous = rdp;
    }
  }

  @Test
  void subsampledGaussian_largeSamplingRateLargeNoise_staysNonNegativeAndFinite() {
    // First terms of the series are all tiny here; a series that stopped on absolute size alone
    // would end at i = 0 and return a negative value.
    double rdp = RenyiDp.subsampledGaussian(0.5, 100, 100.5);

    assertThat(rdp).isFinite().isGreaterThan(0).isLessThan(RenyiDp.gaussian(100, 100.5));
  }

  @Test
  void epsilonAtOrder_isNeverAboveMironovConversion() {
    for (double order = 1.1; order < 200; order *= 1.3) {
      double mironov = 0.3 + Math.log(1 / 1e-5) / (order - 1);
      assertThat(RenyiDp.epsilonAtOrder(order, 0.3, 1e-5)).isLessThanOrEqualTo(mironov);
    }
  }

  @Test
  void epsilon_curveInfiniteEverywhere_returnsInfinity() {
    assertThat(RenyiDp.epsilon(order -> Double.POSITIVE_INFINITY, 1e-6)).isInfinite();
    assertThat(RenyiDp.epsilon(order -> Double.NaN, 1e-6)).isInfinite();
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, 1, Double.POSITIVE_INFINITY})
  void epsilon_badDelta_throwsNamingDelta(double delta) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.epsilon(order -> order, delta))
        .withMessageContaining("delta")
        .withMessageContaining(String.valueOf(delta));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, 1, 0.5, Double.POSITIVE_INFINITY})
  void gaussian_badOrder_throwsNamingOrder(double order) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.gaussian(1, order))
        .withMessageContaining("order");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -0.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
  void gaussian_badNoiseMultiplier_throwsNamingIt(double sigma) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.gaussian(sigma, 2))
        .withMessageContaining("noiseMultiplier");
  }

  @Test
  void gaussian_tinyNoiseMultiplier_overflowThrows() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.gaussian(1e-200, 2))
        .withMessageContaining("noiseMultiplier");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -0.1, 1.5, Double.POSITIVE_INFINITY})
  void subsampledGaussian_badSamplingProbability_throwsNamingIt(double q) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.subsampledGaussian(q, 1, 2))
        .withMessageContaining("samplingProbability");
  }

  @Test
  void subsampledGaussian_orderAboveLimit_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RenyiDp.subsampledGaussian(0.1, 1, 2 * RenyiDp.MAX_SUBSAMPLED_ORDER))
        .withMessageContaining("order");
  }

  @Test
  void logErfc_continuousAcrossAsymptoticSwitch() {
    double below = RenyiDp.logErfc(Math.nextDown(25.0));
    double above = RenyiDp.logErfc(25.0);

    assertThat(above).isCloseTo(below, within(1e-11 * Math.abs(below)));
  }

  /**
   * A_α by composite Simpson integration in log space around the integrand's mode; independent of
   * the series under test.
   */
  private static double integrateA(double q, double sigma, double alpha) {
    double s2 = sigma * sigma;
    java.util.function.DoubleUnaryOperator logIntegrand =
        z -> {
          double logRatio = Math.log1p(q * Math.expm1((2 * z - 1) / (2 * s2)));
          return -z * z / (2 * s2) - 0.5 * Math.log(2 * Math.PI * s2) + alpha * logRatio;
        };
    // The integrand is log-concave-ish with mode in [0, alpha]; cover 40σ beyond both ends.
    double lo = -40 * sigma;
    double hi = alpha + 40 * sigma;
    int n = 400_000;
    double h = (hi - lo) / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(logIntegrand.applyAsDouble(lo + i * h));
    }
    return sum * h / 3;
  }
}
