package io.privrec.dp.noise;

/** Power-of-two grid arithmetic; every operation here is exact or a documented rounding. */
final class Grid {

  private static final double MAX_EXACT = 0x1p52;

  private Grid() {}

  /** Returns the largest power of two {@code <= value} (at least 2^-1022), for finite {@code value > 0}. */
  static double powerOfTwoAtMost(double value) {
    return Math.scalb(1.0, Math.max(Math.getExponent(value), Double.MIN_EXPONENT));
  }

  /**
   * Returns the multiple of {@code g} nearest to {@code x} (ties to even), exactly: {@code x / g}
   * and the product are exact for a power of two {@code g} when no overflow occurs.
   *
   * @throws IllegalArgumentException if {@code x / g} overflows
   */
  static double snap(double x, double g) {
    double steps = x / g;
    if (!Double.isFinite(steps)) {
      // x is the private value being noised: not quoted.
      throw new IllegalArgumentException("x is too large for the noise granularity " + g
          + " (|x / granularity| overflows)");
    }
    return Math.rint(steps) * g;
  }

  /** Returns {@code value / g} for a power of two {@code g <= 1}, checked to be an exact integer below 2^52. */
  static double exactQuotient(double value, double g) {
    double q = value / g;
    if (!(q <= MAX_EXACT)) {
      throw new IllegalArgumentException("sensitivity is too large. Provided value: " + value);
    }
    return q;
  }

  /** Returns the integer noise {@code round(g * k)} (exact multiple when {@code g >= 1}). */
  static long toIntegerNoise(long k, double g) {
    return g == 1 ? k : Math.round(g * k);
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the sign opposite to the result.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
