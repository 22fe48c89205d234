package io.privrec.core.cf.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DpItemKnnGaussianTest {

  /** P(Z > τ) by direct summation in double (accurate to ~1e-15 relative for small V). */
  private static double tail(long v, long tau) {
    double theta = 1;
    double tail = 0;
    for (long k = 1; k < 40 * Math.sqrt(v) + 40; k++) {
      double w = Math.exp(-(double) k * k / (2.0 * v));
      theta += 2 * w;
      if (k > tau) {
        tail += w;
      }
    }
    return tail / theta;
  }

  /** P(Z = k | Z > τ). */
  private static double conditional(long v, long tau, long k) {
    if (k <= tau) {
      return 0;
    }
    double norm = 0;
    for (long j = tau + 1; j < tau + 40 * Math.sqrt(v) + 40; j++) {
      norm += Math.exp(-((double) j * j - (double) (tau + 1) * (tau + 1)) / (2.0 * v));
    }
    return Math.exp(-((double) k * k - (double) (tau + 1) * (tau + 1)) / (2.0 * v)) / norm;
  }

  @Test
  void expMinusReciprocal_bracketsTheExponential() {
    for (long d : new long[] {1, 2, 7, 1000, 1L << 40}) {
      BigDecimal[] b = DpItemKnnGaussian.TailProbability.expMinusReciprocal(BigInteger.valueOf(d), 40);
      double exact = Math.exp(-1.0 / d);
      assertThat(b[0].doubleValue()).isLessThanOrEqualTo(Math.nextUp(exact));
      assertThat(b[1].doubleValue()).isGreaterThanOrEqualTo(Math.nextDown(exact));
      assertThat(b[1].subtract(b[0]).doubleValue()).isLessThan(1e-35);
    }
  }

  @Test
  void tailProbabilityBounds_agreeWithDirectSummationAndAreNarrow() {
    long[][] cases = {{1, 0}, {4, 3}, {25, 10}, {1000, 150}, {100_000, 1500}};
    for (long[] c : cases) {
      BigDecimal[] b = DpItemKnnGaussian.ofVariance(c[0]).tailProbabilityBounds(c[1]);
      double direct = tail(c[0], c[1]);
      assertThat(b[0].doubleValue()).isCloseTo(direct, org.assertj.core.data.Percentage.withPercentage(1e-10));
      assertThat(b[1].subtract(b[0]).doubleValue()).isLessThan(direct * 1e-30);
    }
  }

  @Test
  void countAbove_edgeCases() {
    DpItemKnnGaussian g = DpItemKnnGaussian.ofVariance(9);
    RandomSource random = TestRandoms.seeded("countAbove_edgeCases");
    assertThat(g.countAbove(0, 3, random)).isZero();
    assertThat(g.countAbove(1, 3, random)).isBetween(0L, 1L);
    assertThatIllegalArgumentException().isThrownBy(() -> g.countAbove(-1, 3, random)).withMessageContaining("n");
    assertThatIllegalArgumentException().isThrownBy(() -> g.countAbove(5, -1, random))
        .withMessageContaining("threshold");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnnGaussian.ofVariance(0))
        .withMessageContaining("variance");
  }

  @Test
  void binomialHalf_countsAllBitsOfFullWordsAndPartialWords() {
    RandomSource ones = () -> -1L;
    assertThat(DpItemKnnGaussian.binomialHalf(0, ones)).isZero();
    assertThat(DpItemKnnGaussian.binomialHalf(1, ones)).isEqualTo(1);
    assertThat(DpItemKnnGaussian.binomialHalf(64, ones)).isEqualTo(64);
    assertThat(DpItemKnnGaussian.binomialHalf(130, ones)).isEqualTo(130);
  }

  @Tag("statistical")
  @Test
  void sampleAbove_matchesTheConditionalDiscreteGaussian() {
    long v = 16;
    long tau = 5;
    DpItemKnnGaussian g = DpItemKnnGaussian.ofVariance(v);
    RandomSource random = TestRandoms.seeded("sampleAbove_matchesTheConditionalDiscreteGaussian");
    long[] samples = new long[50_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = g.sampleAbove(tau, random);
    }
    // Chi-square goodness of fit at the project's false-failure rate 1e-6.
    assertThat(StatisticalTests.chiSquarePValue(samples, k -> conditional(v, tau, k), tau + 1))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
    // The same test rejects the neighbouring wrong distribution (conditioned on Z > τ + 1).
    long[] wrong = new long[samples.length];
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = g.sampleAbove(tau + 1, random);
    }
    assertThat(StatisticalTests.chiSquarePValue(wrong, k -> conditional(v, tau, k), tau + 1))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }

  @Tag("statistical")
  @Test
  void countAbove_isBinomialWithTheTailProbability() {
    long v = 100;
    long tau = 25; // p ≈ 0.0062
    int n = 20_000;
    DpItemKnnGaussian g = DpItemKnnGaussian.ofVariance(v);
    double p = tail(v, tau);
    BinomialDistribution exact = new BinomialDistribution(null, n, p);
    RandomSource random = TestRandoms.seeded("countAbove_isBinomialWithTheTailProbability");
    long[] counts = new long[5_000];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = g.countAbove(n, tau, random);
    }
    long mode = (long) Math.floor((n + 1) * p);
    assertThat(StatisticalTests.chiSquarePValue(counts, k -> exact.probability((int) k), mode))
        .isGreaterThan(StatisticalTests.SIGNIFICANCE);
    // A 10% error in p is detected: Binomial(n, 1.1 p) is rejected.
    BinomialDistribution wrong = new BinomialDistribution(null, n, 1.1 * p);
    assertThat(StatisticalTests.chiSquarePValue(counts, k -> wrong.probability((int) k),
        (long) Math.floor((n + 1) * 1.1 * p))).isLessThan(StatisticalTests.SIGNIFICANCE);
  }
}
