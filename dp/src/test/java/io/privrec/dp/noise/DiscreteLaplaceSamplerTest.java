package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiscreteLaplaceSamplerTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0,
      -1.0, 0x1p-21, 0x1p53})
  void ofScale_invalidDouble_throwsNamingScale(double scale) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteLaplaceSampler.ofScale(scale))
        .withMessageContaining("scale")
        .withMessageContaining(String.valueOf(scale));
  }

  @Test
  void ofScale_invalidRational_throwsNamingPart() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteLaplaceSampler.ofScale(0, 1))
        .withMessageContaining("numerator");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteLaplaceSampler.ofScale(1, 0))
        .withMessageContaining("denominator");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteLaplaceSampler.ofScale((1L << 52) + 1, 1))
        .withMessageContaining("numerator");
  }

  @Test
  void sample_nullSource_throwsNpe() {
    assertThatNullPointerException()
        .isThrownBy(() -> DiscreteLaplaceSampler.ofScale(1.0).sample(null))
        .withMessageContaining("source");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.3, 1.0, 3.7306316, 1e3, 1e9})
  void ofScale_double_roundsUpByAtMostTwoToMinus40(double scale) {
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScale(scale);
    java.math.BigDecimal exact = new java.math.BigDecimal(scale);
    java.math.BigDecimal rounded = new java.math.BigDecimal(sampler.scaleNumerator()).divide(
        new java.math.BigDecimal(sampler.scaleDenominator()));

    assertThat(rounded).isGreaterThanOrEqualTo(exact);
    assertThat(rounded.subtract(exact).doubleValue()).isLessThanOrEqualTo(scale * 0x1p-40);
  }

  @Test
  void ofScale_integer_isExact() {
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScale(1001.0);

    assertThat(sampler.scaleNumerator()).isEqualTo(1001);
    assertThat(sampler.scaleDenominator()).isEqualTo(1);
  }

  @Test
  void sample_seededSource_reproducible() {
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScale(2.5);
    RandomSource a = TestRandoms.seeded("dlap_reproducible");
    RandomSource b = TestRandoms.seeded("dlap_reproducible");
    for (int i = 0; i < 100; i++) {
      assertThat(sampler.sample(a)).isEqualTo(sampler.sample(b));
    }
  }

  /** Exact pmf: P(k) = (1 - p) / (1 + p) p^|k| with p = exp(-1/scale). */
  static LongToDoubleFunction pmf(double scale) {
    double p = Math.exp(-1 / scale);
    return k -> (1 - p) / (1 + p) * Math.pow(p, Math.abs(k));
  }

  @Tag("statistical")
  @ParameterizedTest
  @ValueSource(doubles = {0.4, 1.0, 3.7306316, 50.0})
  void sample_manyDraws_passChiSquareAgainstExactPmf(double scale) {
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScale(scale);
    long[] samples = draw(sampler, TestRandoms.seeded("dlap_chi2_" + scale), 200_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf(sampler.scale()), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sample_rationalScale_passesChiSquare() {
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScale(7, 3);
    long[] samples = draw(sampler, TestRandoms.seeded("dlap_chi2_rational"), 200_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf(7.0 / 3), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void chiSquare_wrongScale_rejected() {
    // Power check of the test itself: samples of scale 3 against the pmf of scale 3.3. The
    // expected chi-square statistic is n * sum (p-q)^2/q ~ 200000 * 0.003 = 600 on ~40 degrees of
    // freedom, far beyond the 1e-6 critical value (~110); the rejection is certain in practice.
    long[] samples = draw(DiscreteLaplaceSampler.ofScale(3.0),
        TestRandoms.seeded("dlap_chi2_wrong"), 200_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf(3.3), 0))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sample_manyDraws_meanZeroAndExactVariance() {
    double scale = 4.0;
    int n = 400_000;
    long[] samples = draw(DiscreteLaplaceSampler.ofScale(scale), TestRandoms.seeded("dlap_moments"),
        n);
    double p = Math.exp(-1 / scale);
    double variance = 2 * p / ((1 - p) * (1 - p));
    double sum = 0;
    double sumSquares = 0;
    long positives = 0;
    long negatives = 0;
    for (long s : samples) {
      sum += s;
      sumSquares += (double) s * s;
      positives += s > 0 ? 1 : 0;
      negatives += s < 0 ? 1 : 0;
    }
    // Mean: |mean| <= 4.892 sqrt(var / n) fails w.p. 1e-6 (CLT). Variance: the sample second
    // moment has variance (E X^4 - var^2)/n; for the discrete Laplace E X^4 <= 25 var^2 (24 for
    // the continuous Laplace plus slack), so a tolerance of 4.892 * 5 var / sqrt(n) fails w.p. <=
    // 1e-6 (CLT). Symmetry: positives - negatives is a sum of n +-1/0 variables with variance <= n.
    double z = 4.892;
    assertThat(sum / n).isCloseTo(0.0, org.assertj.core.data.Offset.offset(z * Math.sqrt(variance / n)));
    assertThat(sumSquares / n).isCloseTo(variance,
        org.assertj.core.data.Offset.offset(z * 5 * variance / Math.sqrt(n)));
    assertThat((double) (positives - negatives)).isCloseTo(0.0,
        org.assertj.core.data.Offset.offset(z * Math.sqrt(n)));
  }

  static long[] draw(DiscreteLaplaceSampler sampler, RandomSource source, int n) {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      samples[i] = sampler.sample(source);
    }
    return samples;
  }
}
