package io.privrec.dp.noise;

import java.math.BigInteger;

/**
 * Rigorous integer bounds on {@code exp(-gamma)}, for deciding exact Bernoulli trials from a few
 * random bits (see {@link RandomBits#compare(long, long)}). No floating-point number is involved.
 *
 * <h2>Fast bounds: {@link #lowerBound(int, long)}</h2>
 *
 * <p>All values are unsigned 64-bit fixed-point numbers with 64 fractional bits ({@code v} stands
 * for {@code v / 2^64}). For an integer {@code w} in {@code [0, 44]} and a fraction {@code F}, the
 * exponent {@code w + F/2^64} is split as {@code w + i/2^10 + j/2^20 + R/2^64} ({@code i}, {@code
 * j} the top two 10-bit groups of {@code F}, {@code R < 2^44} the rest), and
 *
 * <pre>exp(-gamma) = WHOLE[w] * HIGH[i] * LOW[j] * exp(-R/2^64)</pre>
 *
 * <p>where the three tables hold {@code floor(exp(-w) 2^64)}, {@code floor(exp(-i/2^10) 2^64)} and
 * {@code floor(exp(-j/2^20) 2^64)} (the value 1 is stored as {@code 2^64 - 1}). Each table entry
 * {@code a} of a true value {@code A} (scaled by {@code 2^64}) satisfies {@code a <= A <= a + 1}.
 * For {@code rho = R/2^64 < 2^-20} the alternating series gives {@code 1 - rho + rho^2/2 - rho^3/6
 * <= exp(-rho) <= 1 - rho + rho^2/2}; with {@code R^3 / (6 2^128) < 16/6 < 3} the integer {@code
 * d = 2^64 - R + floor(R^2/2^65) - 3} satisfies {@code d <= exp(-rho) 2^64 <= d + 4}.
 *
 * <p>Products are rounded down ({@code floor(x y / 2^64)}). If {@code x <= X <= x + ex} and {@code
 * y <= Y <= y + ey} with {@code X, Y <= 2^64}, then {@code floor(x y / 2^64) <= X Y / 2^64} and
 * {@code X Y / 2^64 - floor(x y / 2^64) < (X (Y - y) + y (X - x)) / 2^64 + 1 <= ex + ey + 1}. The
 * errors of {@code HIGH*LOW}, {@code *d} and {@code *WHOLE} are thus at most 3, 8 and 10, so
 * {@code L = lowerBound(w, F)} satisfies {@code L <= exp(-(w + F/2^64)) 2^64 <= L + 10} (the
 * {@code WHOLE} factor is skipped for {@code w = 0}, giving {@code L + 8}).
 *
 * <h2>Coarse bounds: {@link #coarse(int)}</h2>
 *
 * <p>A fourth table holds {@code floor(exp(-k/64) 2^64)} for {@code k <= 45 * 64}. As {@code
 * exp(-x)} decreases, an exponent known to lie in {@code [k/64, k'/64]} gives {@code exp(-gamma)}
 * in {@code [COARSE[k'], COARSE[k] + 1]} units, an interval of relative width about {@code 1/64}:
 * enough to decide a trial from its first few random bits in all but about 1.6% of cases (the
 * others go on to {@link #lowerBound}).
 *
 * <p>The tables are computed once, at class initialisation, from the exact interval bounds of
 * {@link #bounds(BigInteger, BigInteger, int)} at 192 bits: entry {@code k} of a table is the
 * {@code k}-th power of the table's base ({@code e^-1}, {@code e^-(1/64)}, {@code e^-(1/2^10)} or
 * {@code e^-(1/2^20)}), multiplied with lower ends rounded down and upper ends rounded up, and
 * the entry is taken only if both ends have the same 64-bit floor (otherwise initialisation fails;
 * it does not, and {@code ExpMinusTest} re-derives every entry independently).
 *
 * <h2>Exact bounds: {@link #bounds(BigInteger, BigInteger, int)}</h2>
 *
 * <p>Bounds at any precision, for the rare trial the fast bounds leave undecided and for the
 * tables: {@code exp(-f)} for {@code f in [0, 1)} by its alternating Taylor series in fixed point
 * (terms rounded outwards, tail bounded by the first omitted term), and {@code exp(-w) = (e^-1)^w}
 * by repeated squaring with outward rounding.
 *
 * <p>Stateless and thread-safe.
 */
final class ExpMinus {

  /** {@code exp(-45) 2^64 < 0.53}: exponents with a whole part above this are below one unit. */
  static final int MAX_WHOLE = 44;

  /** {@link #lowerBound} is within this many units (of {@code 2^-64}) below the true value. */
  static final int LOWER_BOUND_ERROR = 10;

  private static final int TABLE_BITS = 10;
  private static final int TABLE_SIZE = 1 << TABLE_BITS;
  private static final long REST_MASK = (1L << (64 - 2 * TABLE_BITS)) - 1;
  private static final int INIT_PRECISION = 192;

  /** Steps per unit of the coarse table. */
  static final int COARSE_STEPS = 64;

  private static final long[] WHOLE = powers(BigInteger.ONE, BigInteger.ONE, MAX_WHOLE + 1);
  /** {@code floor(exp(-k/64) 2^64)} for {@code k = 0 .. 45 * 64} ({@code 2^64 - 1} for k = 0). */
  private static final long[] COARSE = powers(BigInteger.ONE, BigInteger.valueOf(COARSE_STEPS),
      (MAX_WHOLE + 1) * COARSE_STEPS + 1);
  private static final long[] HIGH =
      powers(BigInteger.ONE, BigInteger.ONE.shiftLeft(TABLE_BITS), TABLE_SIZE);
  private static final long[] LOW =
      powers(BigInteger.ONE, BigInteger.ONE.shiftLeft(2 * TABLE_BITS), TABLE_SIZE);

  /** {@code floor(e^-1 2^64)}: {@code e^-1} lies in {@code [E1, E1 + 1) / 2^64}. */
  static final long EXP_MINUS_ONE = WHOLE[1];

  private ExpMinus() {}

  /**
   * Returns {@code L} with {@code L <= exp(-(whole + fraction/2^64)) 2^64 <= L + 10}, for {@code 0
   * <= whole <= 44} and any {@code fraction} (read as unsigned).
   */
  static long lowerBound(int whole, long fraction) {
    long high = HIGH[(int) (fraction >>> 54)];
    long low = LOW[(int) (fraction >>> 44) & (TABLE_SIZE - 1)];
    long rest = fraction & REST_MASK;
    // 2^64 - R + floor(R^2 / 2^65) - 3, computed modulo 2^64 (the result lies in (2^63, 2^64)).
    long tail = -rest - 3 + (Math.multiplyHigh(rest, rest) >>> 1);
    long product = multiplyHighUnsigned(multiplyHighUnsigned(high, low), tail);
    return whole == 0 ? product : multiplyHighUnsigned(WHOLE[whole], product);
  }

  /**
   * Returns {@code floor(exp(-k/64) 2^64)} for {@code 0 <= k <= 2880} ({@code 2^64 - 1} for {@code
   * k = 0}), and 0 for larger {@code k}: a lower bound on {@code exp(-k/64) 2^64} that is less
   * than one unit below it. {@code exp(-gamma)} for {@code k/64 <= gamma <= k'/64} thus lies in
   * {@code [coarse(k'), coarse(k) + 1]} units: the coarse bounds that decide most trials from two
   * table reads.
   */
  static long coarse(int k) {
    return k < COARSE.length ? COARSE[k] : 0;
  }

  /** Returns {@code floor(a b / 2^64)} for unsigned {@code a} and {@code b}. */
  static long multiplyHighUnsigned(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /**
   * Returns {@code {lo, hi}} with {@code lo <= exp(-num/den) 2^bits <= hi} and {@code hi - lo <=
   * 4}, for {@code num >= 0}, {@code den > 0} and {@code bits >= 1}.
   */
  static BigInteger[] bounds(BigInteger num, BigInteger den, int bits) {
    BigInteger[] qr = num.divideAndRemainder(den);
    if (qr[0].compareTo(BigInteger.valueOf(bits)) >= 0) {
      // exp(-w) 2^bits <= (2/e)^bits < 1.
      return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
    }
    int whole = qr[0].intValueExact();
    // Guard bits: at most 2 log2(whole) + 3 roundings of one unit each, far below 2^16 units.
    int precision = bits + 16;
    BigInteger[] result = fractionBounds(qr[1], den, precision);
    if (whole > 0) {
      BigInteger[] power = powerBounds(fractionBounds(BigInteger.ONE, BigInteger.ONE, precision),
          whole, precision);
      result = multiply(result, power, precision);
    }
    return new BigInteger[] {
        result[0].shiftRight(16),
        result[1].add(BigInteger.ONE.shiftLeft(16).subtract(BigInteger.ONE)).shiftRight(16)};
  }

  /**
   * Bounds on {@code exp(-a/b) 2^precision} for {@code 0 <= a <= b}: the Taylor series {@code
   * sum (-1)^k x^k / k!} alternates with decreasing terms for {@code x <= 1}, so after the last
   * summed term the rest lies between 0 and the next term. Each term is rounded outwards (lower
   * and upper versions), and the sums take the rounding that makes them a lower resp. upper bound.
   */
  private static BigInteger[] fractionBounds(BigInteger a, BigInteger b, int precision) {
    BigInteger one = BigInteger.ONE.shiftLeft(precision);
    if (a.signum() == 0) {
      return new BigInteger[] {one, one};
    }
    BigInteger termLo = one;
    BigInteger termHi = one;
    BigInteger sumLo = one;
    BigInteger sumHi = one;
    for (int k = 1; ; k++) {
      BigInteger divisor = b.multiply(BigInteger.valueOf(k));
      termLo = termLo.multiply(a).divide(divisor);
      termHi = ExactRational.ceilDiv(termHi.multiply(a), divisor);
      if ((k & 1) == 1) {
        sumLo = sumLo.subtract(termHi);
        sumHi = sumHi.subtract(termLo);
      } else {
        sumLo = sumLo.add(termLo);
        sumHi = sumHi.add(termHi);
      }
      if (termHi.compareTo(BigInteger.ONE) <= 0) {
        // The next term is at most termHi / (k + 1) < 1 unit.
        return new BigInteger[] {sumLo.subtract(BigInteger.ONE), sumHi.add(BigInteger.ONE)};
      }
    }
  }

  /** Bounds on {@code base^n} from bounds on {@code base} (both ends non-negative). */
  private static BigInteger[] powerBounds(BigInteger[] base, int n, int precision) {
    BigInteger one = BigInteger.ONE.shiftLeft(precision);
    BigInteger[] result = {one, one};
    BigInteger[] square = base;
    for (int e = n; e > 0; e >>= 1) {
      if ((e & 1) == 1) {
        result = multiply(result, square, precision);
      }
      if (e > 1) {
        square = multiply(square, square, precision);
      }
    }
    return result;
  }

  /** Product of two fixed-point intervals, lower end rounded down and upper end up. */
  private static BigInteger[] multiply(BigInteger[] x, BigInteger[] y, int precision) {
    BigInteger lo = x[0].max(BigInteger.ZERO).multiply(y[0].max(BigInteger.ZERO))
        .shiftRight(precision);
    BigInteger hi = x[1].multiply(y[1]);
    BigInteger hiRounded = hi.shiftRight(precision);
    if (hiRounded.shiftLeft(precision).compareTo(hi) != 0) {
      hiRounded = hiRounded.add(BigInteger.ONE);
    }
    return new BigInteger[] {lo, hiRounded};
  }

  /**
   * Returns {@code floor(exp(-k num/den) 2^64)} for {@code k = 0 .. count-1} ({@code 2^64 - 1}
   * for {@code k = 0}), as successive interval products of the base {@code exp(-num/den)}.
   */
  private static long[] powers(BigInteger num, BigInteger den, int count) {
    BigInteger[] base = bounds(num, den, INIT_PRECISION);
    BigInteger one = BigInteger.ONE.shiftLeft(INIT_PRECISION);
    BigInteger[] current = {one, one};
    long[] table = new long[count];
    table[0] = -1L;
    for (int k = 1; k < count; k++) {
      current = multiply(current, base, INIT_PRECISION);
      BigInteger lo = current[0].shiftRight(INIT_PRECISION - 64);
      BigInteger hi = current[1].shiftRight(INIT_PRECISION - 64);
      if (!lo.equals(hi)) {
        throw new IllegalStateException("exp table entry " + k + " not decided at "
            + INIT_PRECISION + " bits");
      }
      table[k] = lo.longValue();
    }
    return table;
  }

  /**
   * Returns a copy of table {@code 0} (whole), {@code 1} (high), {@code 2} (low) or {@code 3}
   * (coarse), for tests.
   */
  static long[] table(int which) {
    return (which == 0 ? WHOLE : which == 1 ? HIGH : which == 2 ? LOW : COARSE).clone();
  }
}
