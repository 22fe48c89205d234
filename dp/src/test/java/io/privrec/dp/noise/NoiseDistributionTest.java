package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The mechanisms' output distributions against their documented exact calibration. */
@Tag("statistical")
class NoiseDistributionTest {

  private static final int N = 100_000;

  private static double laplaceCdf(double x, double b) {
    return x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b);
  }

  @Test
  void laplaceAddNoise_scalar_matchesLaplaceWithGridAdjustedScale() {
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("laplace_ks"));
    int l0 = 2;
    double lInf = 1.5;
    double epsilon = 0.8;
    double g = Grid.powerOfTwoAtMost(l0 * lInf / epsilon / 0x1p40);
    double b = l0 * (Math.floor(lInf / g) + 1) * g / epsilon;
    double[] noiseValues = new double[N];
    for (int i = 0; i < N; i++) {
      noiseValues[i] = noise.addNoise(0.0, l0, lInf, epsilon, 0);
    }

    // The grid distribution's CDF is within one pmf atom (< 1/(2^40)) of the continuous Laplace
    // CDF, and the sampler's scale is b up to a relative 2^-40; 1e-9 covers both.
    assertThat(StatisticalTests.kolmogorovSmirnovPValue(noiseValues, x -> laplaceCdf(x, b), 1e-9))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void laplaceKs_scaleTenPercentOff_rejected() {
    // Power check: samples of scale b tested against 1.1 b. The KS distance between the two
    // Laplace CDFs is ~0.023; sqrt(n) D = 7.3, beyond the 1e-6 critical value of ~2.7.
    LaplaceNoise noise = LaplaceNoise.create(TestRandoms.seeded("laplace_ks_wrong"));
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = noise.addNoise(0.0, 1, 1.0, 1.0, 0);
    }

    assertThat(StatisticalTests.kolmogorovSmirnovPValue(values, x -> laplaceCdf(x, 1.1), 1e-9))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void gaussianAddNoise_scalar_matchesNormalWithGridAdjustedSigma() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("gaussian_ks"));
    int l0 = 3;
    double lInf = 2;
    double sigma0 = noise.sigma(Math.sqrt(l0) * lInf, 1.0, 1e-5);
    double g = Grid.powerOfTwoAtMost(sigma0 / 0x1p20);
    double sigma = noise.sigma(Math.sqrt(l0) * (Math.floor(lInf / g) + 1) * g, 1.0, 1e-5);
    NormalDistribution normal = new NormalDistribution(null, 0, sigma);
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = noise.addNoise(0.0, l0, lInf, 1.0, 1e-5);
    }

    // Grid atoms are < 2^-20 / sqrt(2 pi) of mass; sigma is exact up to ~2^-27 relative.
    assertThat(StatisticalTests.kolmogorovSmirnovPValue(values, normal::cumulativeProbability,
        1e-6)).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void gaussianAddNoise_vector_matchesNormalWithVectorSigma() {
    GaussianNoise noise = GaussianNoise.create(TestRandoms.seeded("gaussian_vector_ks"));
    int d = N;
    double sensitivity = 3.0;
    double sigma0 = noise.sigma(sensitivity, 0.5, 1e-6);
    double g = Grid.powerOfTwoAtMost(sigma0 / Math.min(0x1p20 * Math.sqrt(d), 0x1p26));
    double sigma = noise.sigma((sensitivity / g + Math.sqrt(d)) * g, 0.5, 1e-6);
    NormalDistribution normal = new NormalDistribution(null, 0, sigma);

    double[] values = noise.addNoise(new double[d], sensitivity, 0.5, 1e-6);

    assertThat(StatisticalTests.kolmogorovSmirnovPValue(values, normal::cumulativeProbability,
        1e-6)).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void discreteLaplaceAddNoise_counts_matchExactPmf() {
    DiscreteLaplaceNoise noise = DiscreteLaplaceNoise.create(TestRandoms.seeded("dl_counts"));
    long[] counts = new long[N];

    noise.addNoiseInPlace(counts, 3.0, 1.5, 0);

    assertThat(StatisticalTests.chiSquarePValue(counts,
        DiscreteLaplaceSamplerTest.pmf(3.0 / 1.5), 0)).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void discreteGaussianAddNoise_scalarLong_matchesExactPmf() {
    DiscreteGaussianNoise noise = DiscreteGaussianNoise.create(TestRandoms.seeded("dg_scalar"));
    double sigma = noise.sigma(Math.sqrt(2) * 3, 1.0, 1e-6);
    long[] values = new long[N];
    for (int i = 0; i < N; i++) {
      values[i] = noise.addNoise(0L, 2, 3L, 1.0, 1e-6);
    }

    assertThat(StatisticalTests.chiSquarePValue(values,
        DiscreteGaussianSamplerTest.pmf(sigma * sigma), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void discreteGaussianAddNoiseZcdp_counts_matchSigmaOfRho() {
    DiscreteGaussianNoise noise = DiscreteGaussianNoise.create(TestRandoms.seeded("dg_zcdp"));
    long[] counts = new long[N];

    noise.addNoiseZcdpInPlace(counts, 2.0, 0.1);

    double sigma = 2.0 / Math.sqrt(0.2);
    assertThat(StatisticalTests.chiSquarePValue(counts,
        DiscreteGaussianSamplerTest.pmf(sigma * sigma), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void confidenceIntervals_manyReleases_coverAtLeastOneMinusAlpha() {
    double alpha = 0.1;
    int n = 20_000;
    Noise[] all = {LaplaceNoise.create(TestRandoms.seeded("ci1")),
        GaussianNoise.create(TestRandoms.seeded("ci2")),
        DiscreteLaplaceNoise.create(TestRandoms.seeded("ci3")),
        DiscreteGaussianNoise.create(TestRandoms.seeded("ci4"))};
    for (Noise noise : all) {
      double delta = noise.vectorSensitivityNorm() == Noise.Norm.L1 ? 0 : 1e-5;
      int misses = 0;
      int longMisses = 0;
      for (int i = 0; i < n; i++) {
        double out = noise.addNoise(10.0, 1, 2.0, 1.0, delta);
        ConfidenceInterval ci = noise.computeConfidenceInterval(out, 1, 2.0, 1.0, delta, alpha);
        misses += ci.lowerBound() <= 10.0 && 10.0 <= ci.upperBound() ? 0 : 1;
        long outLong = noise.addNoise(10L, 1, 2L, 1.0, delta);
        ConfidenceInterval ciLong =
            noise.computeConfidenceInterval(outLong, 1, 2L, 1.0, delta, alpha);
        longMisses += ciLong.lowerBound() <= 10 && 10 <= ciLong.upperBound() ? 0 : 1;
      }
      // Misses ~ Binomial(n, <= alpha): exceeding n alpha + 4.753 sqrt(n alpha (1 - alpha)) has
      // probability <= 1e-6 (one-sided normal quantile 4.753).
      double limit = n * alpha + 4.753 * Math.sqrt(n * alpha * (1 - alpha));
      assertThat((double) misses).as(noise.toString()).isLessThanOrEqualTo(limit);
      assertThat((double) longMisses).as(noise.toString()).isLessThanOrEqualTo(limit);
    }
  }
}
