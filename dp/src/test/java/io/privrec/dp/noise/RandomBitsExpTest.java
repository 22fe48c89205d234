package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.function.Predicate;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bounded comparison {@link RandomBits#compare} and the exp trials built on it: every
 * decision is checked for soundness and exact bit consumption on scripted streams, and the trial
 * frequencies against {@code exp(-gamma)}. Each statistical test has a twin showing that a
 * deliberately wrong variant fails it.
 */
class RandomBitsExpTest {

  /** A source returning the given words in order, then failing. */
  private static RandomSource scripted(long... words) {
    return new RandomSource() {
      private int next;

      @Override
      public long nextLong() {
        if (next == words.length) {
          throw new AssertionError("more words drawn than scripted");
        }
        return words[next++];
      }
    };
  }

  /** Bits {@code [from, from + n)} of the concatenated words, MSB first, {@code n <= 64}. */
  private static BigInteger streamBits(long[] words, int from, int n) {
    BigInteger all = BigInteger.ZERO;
    for (long w : words) {
      all = all.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w)));
    }
    int total = 64 * words.length;
    return all.shiftRight(total - from - n).and(BigInteger.ONE.shiftLeft(n).subtract(BigInteger.ONE));
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  @Test
  void compare_everyDecisionIsSoundAndConsumesExactlyTheBitsBeforeIt() {
    RandomSource random = TestRandoms.seeded("compare_sound");
    int[] counts = new int[3];
    for (int trial = 0; trial < 50_000; trial++) {
      long lo = random.nextLong();
      long span = random.nextLong() >>> random.nextInt(64);
      long hiMinusOne = Long.compareUnsigned(lo + span, lo) >= 0 ? lo + span : -1L;
      int offset = random.nextInt(64);
      long[] words = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
      // Put the compared window next to the bounds half of the time: W = lo or hi-1 +- small.
      int mode = random.nextInt(4);
      if (mode > 0) {
        long target = (mode == 1 ? lo : hiMinusOne) + (random.nextInt(5) - 2);
        long mask = offset == 0 ? -1L : -1L >>> offset;
        words[0] = offset == 0 ? target : (words[0] & ~mask) | (target >>> offset);
        words[1] = offset == 0 ? words[1] : (target << (64 - offset)) | (words[1] & (-1L >>> offset));
      }
      RandomBits bits = new RandomBits(scripted(words));
      if (offset > 0) {
        bits.nextBits(offset);
      }
      int result = bits.compare(lo, hiMinusOne);
      BigInteger w = streamBits(words, offset, 64);
      int expected = w.compareTo(unsigned(lo)) < 0 ? RandomBits.TRUE
          : w.compareTo(unsigned(hiMinusOne)) > 0 ? RandomBits.FALSE : RandomBits.UNDECIDED;
      assertThat(result).as("trial %d", trial).isEqualTo(expected);
      // Bits consumed: up to the first difference with the bound that decides, or all 64.
      int consumed = result == RandomBits.TRUE
          ? Long.numberOfLeadingZeros(w.longValue() ^ lo) + 1
          : result == RandomBits.FALSE
              ? Long.numberOfLeadingZeros(w.longValue() ^ hiMinusOne) + 1
              : 64;
      // The stream continues right after them.
      assertThat(bits.nextBits(63)).as("trial %d", trial)
          .isEqualTo(streamBits(words, offset + consumed, 63).longValue());
      BigInteger prefix = streamBits(words, offset, consumed);
      BigInteger unit = BigInteger.ONE.shiftLeft(64 - consumed);
      if (result == RandomBits.TRUE) {
        // Every U with this prefix lies below lo 2^-64 <= p.
        assertThat(prefix.add(BigInteger.ONE).multiply(unit)).isLessThanOrEqualTo(unsigned(lo));
      } else if (result == RandomBits.FALSE) {
        // Every U with this prefix lies at or above (hiMinusOne + 1) 2^-64 >= p.
        assertThat(prefix.multiply(unit)).isGreaterThan(unsigned(hiMinusOne));
      } else {
        assertThat(consumed).isEqualTo(64);
      }
      // No bit beyond the deciding one was consumed: one bit fewer would not decide.
      if (result != RandomBits.UNDECIDED && consumed > 1) {
        BigInteger shorter = streamBits(words, offset, consumed - 1);
        BigInteger shorterUnit = unit.shiftLeft(1);
        boolean decidesTrue = shorter.add(BigInteger.ONE).multiply(shorterUnit)
            .compareTo(unsigned(lo)) <= 0;
        boolean decidesFalse = shorter.multiply(shorterUnit).compareTo(unsigned(hiMinusOne)) > 0;
        assertThat(decidesTrue || decidesFalse).as("trial %d", trial).isFalse();
      }
      counts[result + 1]++;
    }
    // All three outcomes were exercised.
    assertThat(counts[0]).isGreaterThan(1000);
    assertThat(counts[1]).isGreaterThan(1000);
    assertThat(counts[2]).isGreaterThan(1000);
  }

  @Test
  void compare_dyadicProbability_exactOverAllTwelveBitPrefixes() {
    // p = k / 2^12 exactly (lo = hi = k 2^52): each of the 2^12 equally likely prefixes of U is
    // decided within 12 bits, and exactly k of them give TRUE. A comparison that is off by one
    // position (the twin) gives a different count.
    for (int k : new int[] {1, 7, 2048, 4000, 4095}) {
      long lo = (long) k << 52;
      int trues = 0;
      int shiftedTrues = 0;
      for (long prefix = 0; prefix < 4096; prefix++) {
        long word = prefix << 52;
        if (new RandomBits(() -> word).compare(lo, lo - 1) == RandomBits.TRUE) {
          trues++;
        }
        if (new RandomBits(() -> word).compare(lo + (1L << 52), lo + (1L << 52) - 1)
            == RandomBits.TRUE) {
          shiftedTrues++;
        }
      }
      assertThat(trues).as("k=%d", k).isEqualTo(k);
      assertThat(shiftedTrues).isNotEqualTo(k);
    }
  }

  /**
   * Exact two-sided binomial test of {@code n} trials against {@code p}: passes unless either tail
   * probability of the observed count is below {@code level / 2}, so a correct trial fails with
   * probability at most {@code level}.
   */
  private static boolean frequencyMatches(Predicate<RandomBits> trial, RandomBits bits, double p,
      int n, double level) {
    int trues = 0;
    for (int i = 0; i < n; i++) {
      if (trial.test(bits)) {
        trues++;
      }
    }
    BinomialDistribution binomial = new BinomialDistribution(null, n, p);
    double lower = binomial.cumulativeProbability(trues);
    double upper = trues == 0 ? 1 : 1 - binomial.cumulativeProbability(trues - 1);
    return lower >= level / 2 && upper >= level / 2;
  }

  private static final long[][] FRACTIONS = {
      {1, 2}, {1, 3}, {2, 3}, {999_999, 1_000_001}, {(3L << 38) + 12_345, 1L << 40},
      {(1L << 51) - 1, 1L << 52}};

  /** exp(-u/t), as the Laplace proposal draws it. */
  private static Predicate<RandomBits> fractionTrial(long u, long t, boolean wrong) {
    Reciprocal reciprocal = Reciprocal.of(t);
    if (!wrong) {
      return bits -> bits.bernoulliExpMinusFraction(u, reciprocal);
    }
    // Deliberately wrong: the exponent read 1/8 too large.
    return bits -> bits.bernoulliExpMinus(9 * u, 8 * t);
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinusFraction_frequencyMatchesExp() {
    // Six checks at level 1e-6 / 6 each: false-failure rate <= 1e-6 (union bound).
    RandomBits bits = new RandomBits(TestRandoms.seeded("exp_fraction_frequency"));
    for (long[] f : FRACTIONS) {
      double p = Math.exp(-(double) f[0] / f[1]);
      assertThat(frequencyMatches(fractionTrial(f[0], f[1], false), bits, p, 200_000,
          StatisticalTests.SIGNIFICANCE / FRACTIONS.length)).as("%d/%d", f[0], f[1]).isTrue();
    }
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinusFraction_wrongVariant_failsTheSameTest() {
    // The exponent 1/8 too large shifts p by >= 0.029 for gamma >= 1/3 (>= 28 standard deviations).
    RandomBits bits = new RandomBits(TestRandoms.seeded("exp_fraction_wrong"));
    for (long[] f : FRACTIONS) {
      if ((double) f[0] / f[1] < 0.3) {
        continue;
      }
      double p = Math.exp(-(double) f[0] / f[1]);
      assertThat(frequencyMatches(fractionTrial(f[0], f[1], true), bits, p, 200_000,
          StatisticalTests.SIGNIFICANCE / FRACTIONS.length)).as("%d/%d", f[0], f[1]).isFalse();
    }
  }

  private static final long[][] EXPONENTS = {{1, 1}, {1, 3}, {5, 2}, {7, 3}, {123_456_789, 100_000_000}};

  /** The exact fallback alone: compare(0, 2^64 - 1) never decides, so resolve decides every trial. */
  private static Predicate<RandomBits> resolvedTrial(long num, long den) {
    BigInteger n = BigInteger.valueOf(num);
    BigInteger d = BigInteger.valueOf(den);
    return bits -> {
      assertThat(bits.compare(0, -1L)).isEqualTo(RandomBits.UNDECIDED);
      return bits.resolveExpMinus(n, d);
    };
  }

  @Tag("statistical")
  @Test
  void resolveExpMinus_frequencyMatchesExp() {
    // Five checks at 1e-6 / 5 each, plus five of the whole long path: false-failure rate <= 1e-6.
    RandomBits bits = new RandomBits(TestRandoms.seeded("exp_resolve_frequency"));
    double level = StatisticalTests.SIGNIFICANCE / (2 * EXPONENTS.length);
    for (long[] e : EXPONENTS) {
      double p = Math.exp(-(double) e[0] / e[1]);
      assertThat(frequencyMatches(resolvedTrial(e[0], e[1]), bits, p, 20_000, level))
          .as("resolve %d/%d", e[0], e[1]).isTrue();
      assertThat(frequencyMatches(b -> b.bernoulliExpMinus(e[0], e[1]), bits, p, 200_000, level))
          .as("long %d/%d", e[0], e[1]).isTrue();
    }
  }

  @Tag("statistical")
  @Test
  void resolveExpMinus_wrongExponent_failsTheSameTest() {
    // The fallback given an exponent 25% too large: p moves by >= 0.038 (>= 18 standard deviations).
    RandomBits bits = new RandomBits(TestRandoms.seeded("exp_resolve_wrong"));
    for (long[] e : EXPONENTS) {
      double p = Math.exp(-(double) e[0] / e[1]);
      assertThat(frequencyMatches(resolvedTrial(5 * e[0], 4 * e[1]), bits, p, 20_000,
          StatisticalTests.SIGNIFICANCE / (2 * EXPONENTS.length))).as("%d/%d", e[0], e[1])
          .isFalse();
    }
  }

  @Test
  void resolveExpMinus_undecidedWindow_decidesByTheExactValue() {
    // Scripted streams whose first 64 bits fall inside the undecided window of the fast bounds:
    // the result must be [U < exp(-gamma)] for the U the stream spells, which the reference
    // (100 digits) decides from U's first 192 bits.
    RandomSource random = TestRandoms.seeded("exp_resolve_window");
    MathContext mc = new MathContext(100);
    int trues = 0;
    for (int i = 0; i < 2000; i++) {
      long num = 1 + random.nextLong(1L << 40);
      long den = 1 + random.nextLong(1L << 40);
      long whole = num / den;
      if (whole > ExpMinus.MAX_WHOLE) {
        continue;
      }
      long fraction = Reciprocal.of(den).fraction(num - whole * den);
      long l = ExpMinus.lowerBound((int) whole, fraction);
      long w = l - Reciprocal.SLACK + random.nextLong(ExpMinus.LOWER_BOUND_ERROR + Reciprocal.SLACK);
      long[] words = {w, random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(),
          random.nextLong(), random.nextLong(), random.nextLong()};
      boolean result = new RandomBits(scripted(words)).bernoulliExpMinus(num, den);
      BigDecimal u = new BigDecimal(streamBits(words, 0, 64).shiftLeft(128)
          .or(streamBits(words, 64, 64).shiftLeft(64)).or(streamBits(words, 128, 64)))
          .divide(new BigDecimal(BigInteger.ONE.shiftLeft(192)), mc);
      BigDecimal p = ExpMinusTest.expMinus(BigInteger.valueOf(num), BigInteger.valueOf(den));
      assertThat(result).as("%d/%d", num, den).isEqualTo(u.compareTo(p) < 0);
      trues += result ? 1 : 0;
    }
    assertThat(trues).isBetween(100, 1900);
  }
}
