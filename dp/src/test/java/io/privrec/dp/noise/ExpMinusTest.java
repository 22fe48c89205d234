package io.privrec.dp.noise;

import static io.privrec.dp.noise.ScriptedStreams.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Deterministic checks of the exp bounds behind the fast Bernoulli trials, against an independent
 * reference ({@code exp(x)} summed term by term in {@link BigDecimal} at 100 digits, then
 * inverted). The reference is off by less than {@code 10^-70} relative, so it misjudges a floor
 * only for a value within {@code 10^-50} of an integer; no such value occurs in these checks
 * (an error would show up as a failure, never as a false pass of a wrong table).
 */
class ExpMinusTest {

  private static final MathContext MC = new MathContext(100, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

  /** {@code exp(-num/den)} to 100 significant digits. */
  static BigDecimal expMinus(BigInteger num, BigInteger den) {
    BigDecimal x = new BigDecimal(num).divide(new BigDecimal(den), MC);
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int k = 1; term.compareTo(BigDecimal.ONE.movePointLeft(110)) > 0 || k < 5; k++) {
      term = term.multiply(x, MC).divide(BigDecimal.valueOf(k), MC);
      sum = sum.add(term, MC);
    }
    return BigDecimal.ONE.divide(sum, MC);
  }

  /** {@code exp(-(whole + fraction/2^64)) 2^64}, fraction unsigned. */
  static BigDecimal scaledExpMinus(int whole, long fraction) {
    BigInteger num = BigInteger.valueOf(whole).shiftLeft(64)
        .add(unsigned(fraction));
    return expMinus(num, BigInteger.ONE.shiftLeft(64)).multiply(TWO_64, MC);
  }

  private static BigInteger floorScaled(BigInteger num, BigInteger den) {
    return expMinus(num, den).multiply(TWO_64, MC).setScale(0, RoundingMode.FLOOR).toBigInteger();
  }

  @Test
  void tables_everyEntryIsTheFloorOfItsExactValue() {
    long[] whole = ExpMinus.table(0);
    long[] high = ExpMinus.table(1);
    long[] low = ExpMinus.table(2);
    assertThat(whole).hasSize(45);
    assertThat(high).hasSize(1024);
    assertThat(low).hasSize(1024);
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    for (int k = 0; k < 1024; k++) {
      BigInteger k2 = BigInteger.valueOf(k);
      if (k < whole.length) {
        assertThat(unsigned(whole[k])).as("whole %d", k)
            .isEqualTo(k == 0 ? max : floorScaled(k2, BigInteger.ONE));
      }
      assertThat(unsigned(high[k])).as("high %d", k)
          .isEqualTo(k == 0 ? max : floorScaled(k2, BigInteger.ONE.shiftLeft(10)));
      assertThat(unsigned(low[k])).as("low %d", k)
          .isEqualTo(k == 0 ? max : floorScaled(k2, BigInteger.ONE.shiftLeft(20)));
    }
    assertThat(ExpMinus.EXP_MINUS_ONE).isEqualTo(whole[1]);
  }

  @Test
  void coarseTable_everyEntryIsTheFloorOfItsExactValue() {
    long[] coarse = ExpMinus.table(3);
    assertThat(coarse).hasSize(45 * 64 + 1);
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    BigInteger den = BigInteger.valueOf(64);
    for (int k = 0; k < coarse.length; k++) {
      assertThat(unsigned(coarse[k])).as("coarse %d", k)
          .isEqualTo(k == 0 ? max : floorScaled(BigInteger.valueOf(k), den));
      assertThat(ExpMinus.coarse(k)).isEqualTo(coarse[k]);
    }
    assertThat(ExpMinus.coarse(coarse.length)).isZero();
    assertThat(ExpMinus.coarse(100_000)).isZero();
  }

  /** Exponents: all-zero and all-one fractions, table boundaries, random ones per whole part. */
  private static List<long[]> exponents(String seedName) {
    RandomSource random = TestRandoms.seeded(seedName);
    List<long[]> cases = new ArrayList<>();
    long[] special = {0, 1, -1L, 1L << 44, (1L << 44) - 1, 1L << 54, (1L << 54) - 1,
        0xFFF0_0000_0000_0000L, 0x8000_0000_0000_0000L, 0x0000_0FFF_FFFF_FFFFL};
    for (int w = 0; w <= ExpMinus.MAX_WHOLE; w++) {
      for (long f : special) {
        cases.add(new long[] {w, f});
      }
      for (int i = 0; i < 20; i++) {
        cases.add(new long[] {w, random.nextLong()});
      }
    }
    return cases;
  }

  /** Returns the first exponent whose bound violates {@code L <= exact <= L + 10}, or null. */
  private static long[] firstViolation(LongBinaryOperator lowerBound, List<long[]> cases) {
    for (long[] c : cases) {
      BigDecimal exact = scaledExpMinus((int) c[0], c[1]);
      BigDecimal l = new BigDecimal(unsigned(lowerBound.applyAsLong(c[0], c[1])));
      if (l.compareTo(exact) > 0
          || exact.compareTo(l.add(BigDecimal.valueOf(ExpMinus.LOWER_BOUND_ERROR))) > 0) {
        return c;
      }
    }
    return null;
  }

  @Test
  void lowerBound_isWithinTenUnitsBelowTheExactValue() {
    assertThat(firstViolation((w, f) -> ExpMinus.lowerBound((int) w, f), exponents("exp_lb")))
        .isNull();
  }

  @Test
  void lowerBound_wrongVariants_areCaught() {
    List<long[]> cases = exponents("exp_lb_wrong");
    // Dropping the last 44 bits of the exponent (the Taylor factor), an off-by-one table index,
    // and a bound 11 units too high must each be detected by the same check.
    assertThat(firstViolation((w, f) -> ExpMinus.lowerBound((int) w, f & ~((1L << 44) - 1)),
        cases)).isNotNull();
    assertThat(firstViolation((w, f) -> ExpMinus.lowerBound((int) w, f + (1L << 54)), cases))
        .isNotNull();
    assertThat(firstViolation((w, f) -> ExpMinus.lowerBound((int) w, f) + 11, cases)).isNotNull();
  }

  @Test
  void bounds_containTheExactValueAndAreTight() {
    long[][] fractions = {{0, 1}, {1, 1}, {1, 3}, {5, 2}, {44, 1}, {45, 1},
        {123_456_789, 10_000_000},
        {(1L << 62) - 1, 1L << 61}, {7, 1L << 40}, {300, 1}};
    for (long[] f : fractions) {
      for (int bits : new int[] {64, 128, 256}) {
        BigInteger num = BigInteger.valueOf(f[0]);
        BigInteger den = BigInteger.valueOf(f[1]);
        BigInteger[] b = ExpMinus.bounds(num, den, bits);
        BigDecimal exact =
            expMinus(num, den).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(bits)));
        assertThat(new BigDecimal(b[0])).as("%s/%s at %d", f[0], f[1], bits)
            .isLessThanOrEqualTo(exact);
        assertThat(new BigDecimal(b[1])).as("%s/%s at %d", f[0], f[1], bits)
            .isGreaterThanOrEqualTo(exact);
        assertThat(b[1].subtract(b[0])).isLessThanOrEqualTo(BigInteger.valueOf(4));
      }
    }
  }

  @Test
  void reciprocal_fractionIsWithinTwoUnitsBelowTheExactFraction() {
    RandomSource random = TestRandoms.seeded("reciprocal");
    List<Long> dens = new ArrayList<>(List.of(1L, 2L, 3L, 5L, 7L, 1000L, 1_000_001L,
        (1L << 62) - 1, 1L << 62, (1L << 62) + 1, Long.MAX_VALUE));
    for (int k = 1; k < 63; k++) {
      dens.add(1L << k);
      dens.add((1L << k) + 1);
      dens.add((1L << k) - 1);
    }
    for (int i = 0; i < 500; i++) {
      dens.add(1 + (random.nextLong() >>> (1 + random.nextInt(62))));
    }
    for (long den : dens) {
      Reciprocal reciprocal = Reciprocal.of(den);
      List<Long> rems = new ArrayList<>(List.of(0L, den - 1, den / 2, den / 3));
      for (int i = 0; i < 20; i++) {
        rems.add(random.nextLong(den));
      }
      for (long rem : rems) {
        BigInteger exactTimesDen = BigInteger.valueOf(rem).shiftLeft(64); // rem 2^64 / den
        BigInteger f = unsigned(reciprocal.fraction(rem));
        // f <= rem 2^64 / den < f + 2  <=>  f den <= rem 2^64 < (f + 2) den
        BigInteger d = BigInteger.valueOf(den);
        assertThat(f.multiply(d)).as("den=%d rem=%d", den, rem)
            .isLessThanOrEqualTo(exactTimesDen);
        assertThat(f.add(BigInteger.TWO).multiply(d)).as("den=%d rem=%d", den, rem)
            .isGreaterThan(exactTimesDen);
      }
    }
  }
}
