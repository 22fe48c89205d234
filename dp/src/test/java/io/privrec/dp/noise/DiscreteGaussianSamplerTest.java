package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.util.function.LongToDoubleFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiscreteGaussianSamplerTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0,
      -1.0, 0x1p-11, 0x1p41})
  void ofSigma_invalid_throwsNamingSigma(double sigma) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteGaussianSampler.ofSigma(sigma))
        .withMessageContaining("sigma")
        .withMessageContaining(String.valueOf(sigma));
  }

  @Test
  void ofVariance_invalid_throwsNamingPart() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteGaussianSampler.ofVariance(0, 1))
        .withMessageContaining("numerator");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DiscreteGaussianSampler.ofVariance(1, -3))
        .withMessageContaining("denominator");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 0.5, 1.0, 3.7306316, 1000.0, 1e6, 1e11})
  void ofSigma_roundsSigmaSquaredUpByAtMostTwoToMinus27(double sigma) {
    double sigmaSquared = DiscreteGaussianSampler.ofSigma(sigma).sigmaSquared();

    // sigmaSquared() is itself rounded to 16 digits: allow that on the lower side.
    assertThat(sigmaSquared).isGreaterThanOrEqualTo(sigma * sigma * (1 - 1e-15));
    assertThat(sigmaSquared).isLessThanOrEqualTo(sigma * sigma * (1 + 0x1p-27 + 1e-15));
  }

  @Test
  void ofVariance_isExact() {
    assertThat(DiscreteGaussianSampler.ofVariance(9, 4).sigmaSquared()).isEqualTo(2.25);
  }

  /** Exact pmf, normalised by direct summation (the terms beyond 40 sigma are below 1e-340). */
  static LongToDoubleFunction pmf(double sigmaSquared) {
    long range = (long) (40 * Math.sqrt(sigmaSquared)) + 10;
    double norm = 0;
    for (long k = -range; k <= range; k++) {
      norm += Math.exp(-(double) k * k / (2 * sigmaSquared));
    }
    double z = norm;
    return k -> Math.exp(-(double) k * k / (2 * sigmaSquared)) / z;
  }

  @Tag("statistical")
  @ParameterizedTest
  @ValueSource(doubles = {0.3, 1.0, 3.7306316, 40.5, 1000.0})
  void sample_manyDraws_passChiSquareAgainstExactPmf(double sigma) {
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
    long[] samples = draw(sampler, TestRandoms.seeded("dg_chi2_" + sigma), 200_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf(sampler.sigmaSquared()), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sample_exactRationalWithBigIntegerArithmetic_passesChiSquare() {
    // sigma^2 = (10^15 + 7) / (10^13 + 3) ~ 100: the acceptance terms exceed 64 bits, so every
    // trial takes the BigInteger path.
    long num = 1_000_000_000_000_007L;
    long den = 10_000_000_000_003L;
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofVariance(num, den);
    long[] samples = draw(sampler, TestRandoms.seeded("dg_chi2_big"), 50_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf((double) num / den), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void chiSquare_sigmaFivePercentOff_rejected() {
    // Power check: samples of sigma = 10 tested against sigma = 10.5. Expected statistic ~ n * sum
    // (p - q)^2 / q ~ 200000 * 0.0045 = 900 on ~70 degrees of freedom vs. a 1e-6 critical value of
    // ~150: rejection is certain in practice.
    long[] samples = draw(DiscreteGaussianSampler.ofSigma(10), TestRandoms.seeded("dg_wrong"),
        200_000);

    assertThat(StatisticalTests.chiSquarePValue(samples, pmf(110.25), 0))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sample_largeSigma_meanAndVarianceMatch() {
    double sigma = 1e6;
    int n = 200_000;
    long[] samples = draw(DiscreteGaussianSampler.ofSigma(sigma), TestRandoms.seeded("dg_moments"),
        n);
    double sum = 0;
    double sumSquares = 0;
    for (long s : samples) {
      sum += s;
      sumSquares += (double) s * s;
    }
    // For sigma >= 1 the discrete Gaussian's variance equals sigma^2 up to a relative 1e-8 (CKS
    // 2020, Prop. 19), and its fourth moment is 3 sigma^4 up to the same. Mean: 4.892 sigma/sqrt(n)
    // fails w.p. 1e-6; second moment: sd sqrt(2/n) sigma^2, tolerance 4.892 sqrt(2/n) sigma^2.
    double z = 4.892;
    assertThat(sum / n).isCloseTo(0.0, Offset.offset(z * sigma / Math.sqrt(n)));
    assertThat(sumSquares / n / (sigma * sigma)).isCloseTo(1.0,
        Offset.offset(z * Math.sqrt(2.0 / n)));
  }

  @Tag("statistical")
  @Test
  void sample_manyDraws_symmetric() {
    int n = 200_000;
    long[] samples = draw(DiscreteGaussianSampler.ofSigma(2.5), TestRandoms.seeded("dg_symmetry"),
        n);
    long balance = 0;
    for (long s : samples) {
      balance += Long.signum(s);
    }
    // Sum of n independent signs (0 counts as 0): variance <= n; 4.892 sqrt(n) fails w.p. 1e-6.
    assertThat((double) balance).isCloseTo(0.0, Offset.offset(4.892 * Math.sqrt(n)));
  }

  static long[] draw(DiscreteGaussianSampler sampler, RandomSource source, int n) {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      samples[i] = sampler.sample(source);
    }
    return samples;
  }
}
