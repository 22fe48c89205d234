package io.privrec.dp.noise;

import static io.privrec.dp.noise.ScriptedStreams.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.function.Function;
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
        ScriptedStreams.place(words, offset, target);
      }
      RandomBits bits = new RandomBits(ScriptedStreams.of(words));
      if (offset > 0) {
        bits.nextBits(offset);
      }
      int result = bits.compare(lo, hiMinusOne);
      BigInteger w = ScriptedStreams.bits(words, offset, 64);
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
          .isEqualTo(ScriptedStreams.bits(words, offset + consumed, 63).longValue());
      BigInteger prefix = ScriptedStreams.bits(words, offset, consumed);
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
        BigInteger shorter = ScriptedStreams.bits(words, offset, consumed - 1);
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

  /**
   * Asserts for every exponent {@code {num, den}} with {@code num/den >= minGamma} whether {@code
   * n} draws of {@code trial} pass the binomial test against {@code exp(-num/den)} at {@code level}
   * each.
   */
  private static void assertFrequencies(long[][] exponents, double minGamma,
      Function<long[], Predicate<RandomBits>> trial, String seed, int n,
      double level, boolean pass) {
    RandomBits bits = new RandomBits(TestRandoms.seeded(seed));
    for (long[] e : exponents) {
      double gamma = (double) e[0] / e[1];
      if (gamma >= minGamma) {
        assertThat(frequencyMatches(trial.apply(e), bits, Math.exp(-gamma), n, level))
            .as("%d/%d", e[0], e[1]).isEqualTo(pass);
      }
    }
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinusFraction_frequencyMatchesExp() {
    // Six checks at level 1e-6 / 6 each: false-failure rate <= 1e-6 (union bound).
    assertFrequencies(FRACTIONS, 0, f -> fractionTrial(f[0], f[1], false),
        "exp_fraction_frequency", 200_000, StatisticalTests.SIGNIFICANCE / FRACTIONS.length, true);
  }

  @Tag("statistical")
  @Test
  void bernoulliExpMinusFraction_wrongVariant_failsTheSameTest() {
    // The exponent 1/8 too large shifts p by >= 0.029 for gamma >= 1/3 (>= 28 standard deviations).
    assertFrequencies(FRACTIONS, 0.3, f -> fractionTrial(f[0], f[1], true), "exp_fraction_wrong",
        200_000, StatisticalTests.SIGNIFICANCE / FRACTIONS.length, false);
  }

  private static final long[][] EXPONENTS =
      {{1, 1}, {1, 3}, {5, 2}, {7, 3}, {123_456_789, 100_000_000}};

  /** The exact fallback alone: compare(0, 2^64 - 1) never decides, so resolve decides each trial. */
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
    // Five checks at 1e-6 / 10 each, plus five of the whole long path: false-failure rate <= 1e-6.
    double level = StatisticalTests.SIGNIFICANCE / (2 * EXPONENTS.length);
    assertFrequencies(EXPONENTS, 0, e -> resolvedTrial(e[0], e[1]), "exp_resolve_frequency",
        20_000, level, true);
    assertFrequencies(EXPONENTS, 0, e -> b -> b.bernoulliExpMinus(e[0], e[1]), "exp_long_frequency",
        200_000, level, true);
  }

  @Tag("statistical")
  @Test
  void resolveExpMinus_wrongExponent_failsTheSameTest() {
    // The fallback given an exponent 25% too large: p moves by >= 0.038 (>= 18 standard
    // deviations).
    assertFrequencies(EXPONENTS, 0, e -> resolvedTrial(5 * e[0], 4 * e[1]), "exp_resolve_wrong",
        20_000, StatisticalTests.SIGNIFICANCE / (2 * EXPONENTS.length), false);
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
      long w = l - Reciprocal.SLACK
          + random.nextLong(ExpMinus.LOWER_BOUND_ERROR + Reciprocal.SLACK);
      long[] words = {w, random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(),
          random.nextLong(), random.nextLong(), random.nextLong()};
      boolean result = new RandomBits(ScriptedStreams.of(words)).bernoulliExpMinus(num, den);
      BigDecimal u = new BigDecimal(ScriptedStreams.bits(words, 0, 192))
          .divide(new BigDecimal(BigInteger.ONE.shiftLeft(192)), mc);
      BigDecimal p = ExpMinusTest.expMinus(BigInteger.valueOf(num), BigInteger.valueOf(den));
      assertThat(result).as("%d/%d", num, den).isEqualTo(u.compareTo(p) < 0);
      trues += result ? 1 : 0;
    }
    assertThat(trues).isBetween(100, 1900);
  }
}
