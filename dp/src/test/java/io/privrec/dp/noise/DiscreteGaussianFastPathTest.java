package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long-arithmetic acceptance path of {@link DiscreteGaussianSampler} (exponent bounds, the
 * 190-bit product for large variances) and the bulk {@link DiscreteGaussianSampler#sample(
 * RandomSource, long[])}.
 */
class DiscreteGaussianFastPathTest {

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private static List<DiscreteGaussianSampler> samplers() {
    List<DiscreteGaussianSampler> all = new ArrayList<>();
    for (double sigma : new double[] {0x1p-10, 0.3, 1, 1.4, 3.7306316, 100, 1e6, 0x1p27, 0x1p40}) {
      all.add(DiscreteGaussianSampler.ofSigma(sigma));
    }
    for (long v : new long[] {1, 2, 7, 1000, (1L << 30) + 3, (1L << 31) + 11, (1L << 40) + 7,
        1L << 50}) {
      all.add(DiscreteGaussianSampler.ofVariance(v, 1));
    }
    all.add(DiscreteGaussianSampler.ofVariance(1_000_000_000_000_007L, 10_000_000_000_003L));
    all.add(DiscreteGaussianSampler.ofVariance(9, 4));
    return all;
  }

  @Test
  void productBits_equalsTheExactProduct() {
    RandomSource random = TestRandoms.seeded("product_bits");
    for (int i = 0; i < 20_000; i++) {
      long x = random.nextLong() >>> (1 + random.nextInt(63));
      long q = i % 7 == 0 ? -1L : random.nextLong();
      int shift = random.nextInt(192);
      BigInteger exact = BigInteger.valueOf(x).pow(2)
          .multiply(new BigInteger(Long.toUnsignedString(q)))
          .shiftRight(shift).mod(TWO_64);
      assertThat(new BigInteger(Long.toUnsignedString(
          DiscreteGaussianSampler.productBits(x, q, shift))))
          .as("x=%d q=%d shift=%d", x, q, shift).isEqualTo(exact);
    }
  }

  /** Whether {@code G <= gamma 2^64 < G + slack} at {@code |y| = absY}. */
  private static boolean estimateWithin(DiscreteGaussianSampler sampler, long absY, BigInteger g,
      long slack) {
    BigInteger[] e = sampler.gamma(absY);
    BigInteger scaled = e[0].shiftLeft(64); // gamma 2^64 = scaled / r
    return g.multiply(e[1]).compareTo(scaled) <= 0
        && g.add(BigInteger.valueOf(slack)).multiply(e[1]).compareTo(scaled) > 0;
  }

  @Test
  void gammaEstimate_isWithin91UnitsBelowTheExactExponent() {
    RandomSource random = TestRandoms.seeded("exponent_estimate");
    int checked = 0;
    for (DiscreteGaussianSampler sampler : samplers()) {
      long max = sampler.maxFastAbsY();
      List<Long> ys = new ArrayList<>(List.of(0L, 1L, max, max - 1, max / 2));
      for (int i = 0; i < 300; i++) {
        ys.add(random.nextLong(max + 1));
      }
      for (long absY : ys) {
        if (absY < 0 || absY > max) {
          continue;
        }
        BigInteger g = sampler.gammaEstimate(absY);
        assertThat(estimateWithin(sampler, absY, g, 91)).as("%s |y|=%d", sampler, absY).isTrue();
        // Twin: an estimate 91 units higher is caught by the same check.
        assertThat(estimateWithin(sampler, absY, g.add(BigInteger.valueOf(91)), 91)).isFalse();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5000);
  }

  @Test
  void proposalScale_isAMultipleOfTheBlockCountNextToSigma() {
    // B (1 - e^(-1/B)) / t exp(-sigma^2/(2t^2)): t = 1 beats 2 at sigma = 1 (0.70 vs 0.54 of the
    // proposals accepted under CKS's t = floor(sigma) + 1); large sigma use 64 blocks.
    assertThat(DiscreteGaussianSampler.ofSigma(1).proposalScale()).isEqualTo(1);
    assertThat(DiscreteGaussianSampler.ofSigma(0.3).proposalScale()).isEqualTo(1);
    assertThat(DiscreteGaussianSampler.ofSigma(1e6).blocksPerScale()).isEqualTo(64);
    for (double sigma : new double[] {0x1p-10, 0.3, 1, 1.4, 2, 3.7306316, 10, 40.5, 100, 1000, 1e6,
        0x1p40}) {
      DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
      long t = sampler.proposalScale();
      int blocks = sampler.blocksPerScale();
      assertThat(t % blocks).as("sigma=%s", sigma).isZero();
      assertThat((double) t).as("sigma=%s", sigma).isBetween(sigma - blocks, sigma + blocks + 1);
    }
  }

  @Test
  void fastRange_coversTheBulkOfEveryBenchmarkedSampler() {
    // The long path must not be limited to a narrow band: beyond maxFastAbsY the acceptance
    // probability is below 2^-64 or the sampler uses BigInteger arithmetic.
    for (double sigma : new double[] {1, 100, 1e6}) {
      DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
      assertThat((double) sampler.maxFastAbsY()).isGreaterThan(8 * sigma);
    }
    assertThat((double) DiscreteGaussianSampler.ofVariance(1L << 50, 1).maxFastAbsY())
        .isGreaterThan(8 * 0x1p25);
  }

  /**
   * Chi-square of {@code samples} against {@code N_Z(0, v)} on 50 bins of equal probability under
   * the continuous normal with the half-integer correction: for {@code sigma >= 1000} the discrete
   * CDF {@code P(Z <= k)} equals {@code Phi((k + 1/2) / sigma)} up to {@code O(1/sigma^2)}, far
   * below what 200,000 samples resolve.
   */
  private static double largeSigmaChiSquarePValue(long[] samples, double variance) {
    int bins = 50;
    double sigma = Math.sqrt(variance);
    NormalDistribution normal = new NormalDistribution(null, 0, sigma);
    // Bin i holds the integers in (cut[i-1], cut[i]]; the last bin is unbounded above.
    long[] cut = new long[bins - 1];
    for (int i = 1; i < bins; i++) {
      cut[i - 1] = (long) Math.floor(normal.inverseCumulativeProbability((double) i / bins));
    }
    long[] observed = new long[bins];
    for (long s : samples) {
      int bin = 0;
      while (bin < bins - 1 && s > cut[bin]) {
        bin++;
      }
      observed[bin]++;
    }
    double[] expected = new double[bins];
    double previous = 0;
    for (int i = 0; i < bins; i++) {
      double cdf = i == bins - 1 ? 1 : normal.cumulativeProbability(cut[i] + 0.5);
      expected[i] = samples.length * (cdf - previous);
      previous = cdf;
    }
    return StatisticalTests.pearsonPValue(observed, expected, 0, bins - 1);
  }

  /** 200,000 samples of {@code N_Z(0, variance)}, in bulk. */
  private static long[] largeVarianceSamples(long variance, String seed) {
    long[] samples = new long[200_000];
    DiscreteGaussianSampler.ofVariance(variance, 1).sample(TestRandoms.seeded(seed), samples);
    return samples;
  }

  @Tag("statistical")
  @Test
  void sample_largeVariance_takesThe128BitPathAndPassesChiSquare() {
    // V = 2^40 + 7: r = 2 V t^2 ~ 2^81, the exponent numerator exceeds 64 bits. False-failure
    // rate: 1e-6.
    long variance = (1L << 40) + 7;
    long[] samples = largeVarianceSamples(variance, "dg_large_variance");

    assertThat(largeSigmaChiSquarePValue(samples, variance))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void largeVarianceChiSquare_variance21PercentOff_rejected() {
    // Twin: sigma 10% too large. Each of the 50 bins' probability moves by up to ~30%: the expected
    // statistic (~200000 * 0.02 = 4000) is far beyond the 1e-6 critical value (~115).
    long variance = (1L << 40) + 7;
    long[] samples =
        largeVarianceSamples(variance + variance / 100 * 21, "dg_large_variance_wrong");

    assertThat(largeSigmaChiSquarePValue(samples, variance))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sampleBulk_passesChiSquareAgainstExactPmf() {
    // Two chi-square tests at 1e-6 / 2 each: false-failure rate <= 1e-6.
    for (double sigma : new double[] {1.5, 40.5}) {
      DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
      long[] samples = new long[200_000];
      sampler.sample(TestRandoms.seeded("dg_bulk_" + sigma), samples);

      assertThat(StatisticalTests.chiSquarePValue(samples,
          DiscreteGaussianSamplerTest.pmf(sampler.sigmaSquared()), 0))
          .as("sigma=%s", sigma).isGreaterThan(StatisticalTests.SIGNIFICANCE / 2);
    }
  }

  /** Chi-square p-value of independence of the sign classes (-, 0, +) of disjoint pairs. */
  private static double pairIndependencePValue(long[] samples) {
    long[][] table = new long[3][3];
    for (int i = 0; i + 1 < samples.length; i += 2) {
      table[Long.signum(samples[i]) + 1][Long.signum(samples[i + 1]) + 1]++;
    }
    long n = samples.length / 2;
    double statistic = 0;
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        long row = table[a][0] + table[a][1] + table[a][2];
        long col = table[0][b] + table[1][b] + table[2][b];
        double expected = (double) row * col / n;
        double d = table[a][b] - expected;
        statistic += d * d / expected;
      }
    }
    return 1 - new ChiSquaredDistribution(null, 4).cumulativeProbability(statistic);
  }

  @Tag("statistical")
  @Test
  void sampleBulk_consecutiveSamplesAreIndependent() {
    // Bits left over by one sample start the next: a decision that read one bit too many or too
    // few would tie neighbours together. sigma = 0.6 makes 0 and the sign classes balanced.
    // False-failure rate: 1e-6.
    long[] samples = new long[400_000];
    DiscreteGaussianSampler.ofSigma(0.6).sample(TestRandoms.seeded("dg_bulk_pairs"), samples);

    assertThat(pairIndependencePValue(samples)).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void pairIndependence_dependentVariant_rejected() {
    // Twin: every second sample copies its predecessor's sign 5% of the time. The dependence adds
    // ~n * 0.05^2 * (a few) ~ 1000 to the statistic, far beyond the 1e-6 critical value (~33).
    long[] samples = new long[400_000];
    DiscreteGaussianSampler.ofSigma(0.6).sample(TestRandoms.seeded("dg_bulk_pairs_wrong"), samples);
    RandomSource coin = TestRandoms.seeded("dg_bulk_pairs_coin");
    for (int i = 0; i + 1 < samples.length; i += 2) {
      if (coin.nextLong(20) == 0) {
        samples[i + 1] = samples[i];
      }
    }

    assertThat(pairIndependencePValue(samples)).isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  /** Counts the words drawn. */
  private static final class CountingSource implements RandomSource {
    final RandomSource inner;
    long words;

    CountingSource(RandomSource inner) {
      this.inner = inner;
    }

    @Override
    public long nextLong() {
      words++;
      return inner.nextLong();
    }
  }

  @Test
  void sample_consecutiveCallsOnOneSource_carryUnusedBitsOver() {
    // About 20 bits per sample at sigma = 1 and 35 at sigma = 10^6: without carrying bits over
    // every call would draw at least one word.
    for (double sigma : new double[] {1, 1e6}) {
      DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
      CountingSource source = new CountingSource(TestRandoms.seeded("carry_" + sigma));
      for (int i = 0; i < 10_000; i++) {
        sampler.sample(source);
      }
      assertThat(source.words).as("sigma=%s", sigma).isLessThan(sigma == 1 ? 5_000 : 8_000);
    }
  }

  @Test
  void sample_anotherSource_startsFromItsOwnFirstWord() {
    // The carried-over bits belong to one source: switching sources starts afresh, so two sources
    // with the same seed give the same first sample whatever came before.
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(3);
    RandomSource a = TestRandoms.seeded("switch");
    long first = sampler.sample(a);
    for (int i = 0; i < 5; i++) {
      sampler.sample(a);
    }
    assertThat(sampler.sample(TestRandoms.seeded("switch"))).isEqualTo(first);
  }

  @Tag("statistical")
  @Test
  void sample_consecutiveCallsAreIndependent() {
    // As the bulk test below, through single calls that carry bits over. False-failure rate: 1e-6.
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(0.6);
    RandomSource source = TestRandoms.seeded("dg_single_pairs");
    long[] samples = new long[400_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = sampler.sample(source);
    }

    assertThat(pairIndependencePValue(samples)).isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void sample_sourceThatSamplesInsideNextLong_staysExact() {
    // A source that draws a sample of the same sampler from itself inside nextLong: the nested
    // call must not share the outer call's bits. Chi-square of the outer samples; false-failure
    // rate 1e-6.
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(2.5);
    RandomSource inner = TestRandoms.seeded("dg_nested");
    RandomSource nesting = new RandomSource() {
      private boolean nested;

      @Override
      public long nextLong() {
        if (!nested) {
          nested = true;
          sampler.sample(this);
          nested = false;
        }
        return inner.nextLong();
      }
    };
    long[] samples = new long[100_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = sampler.sample(nesting);
    }

    assertThat(StatisticalTests.chiSquarePValue(samples,
        DiscreteGaussianSamplerTest.pmf(sampler.sigmaSquared()), 0))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
  }

  @Test
  void sampleBulk_nullArguments_throwNpe() {
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(2);
    assertThatNullPointerException().isThrownBy(() -> sampler.sample(null, new long[1]))
        .withMessageContaining("source");
    assertThatNullPointerException()
        .isThrownBy(() -> sampler.sample(TestRandoms.seeded("npe"), null))
        .withMessageContaining("out");
  }

  @Test
  void sampleBulk_emptyArray_drawsNothing() {
    DiscreteGaussianSampler.ofSigma(2).sample(() -> {
      throw new AssertionError("no bits needed");
    }, new long[0]);
  }
}
