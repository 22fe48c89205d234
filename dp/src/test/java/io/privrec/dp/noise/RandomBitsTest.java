package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigInteger;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RandomBitsTest {

  /** Two-sided normal quantile for {@link StatisticalTests#SIGNIFICANCE}: P(|Z| > 4.892) = 1e-6. */
  private static final double Z = Math.sqrt(2) * Erf.erfcInv(StatisticalTests.SIGNIFICANCE);

  /** Feeds a fixed 64-bit word again and again: the bits of U are the word's bits, MSB first. */
  private static RandomSource constant(long word) {
    return () -> word;
  }

  @Test
  void bernoulli_dyadicDenominator_exactOverAllTenBitPrefixes() {
    // With den = 2^10 the comparison ends within 10 bits, so enumerating all 2^10 prefixes of U
    // counts exactly how many of them give true: it must be num, i.e. probability num/2^10.
    for (long num : new long[] {0, 1, 2, 511, 512, 777, 1023, 1024}) {
      int trues = 0;
      for (long prefix = 0; prefix < 1024; prefix++) {
        if (new RandomBits(constant(prefix << 54)).bernoulli(num, 1024)) {
          trues++;
        }
      }
      assertThat(trues).as("num=%d", num).isEqualTo(num);
    }
  }

  @Test
  void bernoulli_bigIntegerVersion_agreesWithLongVersionBitForBit() {
    RandomSource a = TestRandoms.seeded("bernoulli_bigInteger_a");
    RandomSource b = TestRandoms.seeded("bernoulli_bigInteger_a");
    RandomBits longBits = new RandomBits(a);
    RandomBits bigBits = new RandomBits(b);
    for (int i = 0; i < 10_000; i++) {
      long den = 1 + (i * 7919L) % 100_003;
      long num = (i * 104_729L) % (den + 1);
      assertThat(bigBits.bernoulli(BigInteger.valueOf(num), BigInteger.valueOf(den)))
          .isEqualTo(longBits.bernoulli(num, den));
    }
  }

  @Test
  void uniform_boundOne_returnsZeroWithoutDrawing() {
    RandomBits bits = new RandomBits(() -> {
      throw new AssertionError("no bits needed");
    });

    assertThat(bits.uniform(1)).isZero();
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinus_variousGammas_frequencyMatchesExp() {
    RandomBits bits = new RandomBits(TestRandoms.seeded("bernoulliExpMinus_frequency"));
    long[][] fractions = {{0, 1}, {1, 3}, {1, 1}, {5, 2}, {7, 3}, {123_456_789, 100_000_000}};
    int n = 200_000;
    for (long[] f : fractions) {
      int trues = 0;
      for (int i = 0; i < n; i++) {
        if (bits.bernoulliExpMinus(f[0], f[1])) {
          trues++;
        }
      }
      double p = Math.exp(-(double) f[0] / f[1]);
      // Binomial count: |trues - np| <= Z sqrt(np(1-p)) fails with probability <= 1e-6 (normal
      // approximation, n p (1 - p) >= 1.6e4 here). Six checks: union bound 6e-6 overall.
      double tolerance = Z * Math.sqrt(n * p * (1 - p)) + 1e-9;
      assertThat((double) trues).as("gamma=%d/%d", f[0], f[1]).isCloseTo(n * p,
          org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinus_bigIntegerVersion_frequencyMatchesExp() {
    RandomBits bits = new RandomBits(TestRandoms.seeded("bernoulliExpMinus_big_frequency"));
    BigInteger num = BigInteger.TEN.pow(30).multiply(BigInteger.valueOf(3));
    BigInteger den = BigInteger.TEN.pow(30).multiply(BigInteger.valueOf(2));
    int n = 100_000;
    int trues = 0;
    for (int i = 0; i < n; i++) {
      if (bits.bernoulliExpMinus(num, den)) {
        trues++;
      }
    }
    double p = Math.exp(-1.5);
    // Same derivation as above: false-failure probability <= 1e-6.
    assertThat((double) trues).isCloseTo(n * p,
        org.assertj.core.data.Offset.offset(Z * Math.sqrt(n * p * (1 - p))));
  }
}
