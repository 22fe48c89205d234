package io.privrec.dp.noise;

import java.math.BigInteger;

/**
 * A fixed-point reciprocal of a denominator {@code d} in {@code [1, 2^63)}, turning a fraction
 * {@code rem/d} ({@code 0 <= rem < d}) into 64 fractional bits without a 128-bit division.
 *
 * <p>With {@code s} the number of leading zeros of {@code d}, {@code D = d 2^s} lies in {@code
 * [2^63, 2^64)} and {@code rem/d = r/D} for {@code r = rem 2^s < D}. If {@code D = 2^63} the
 * fraction is exactly {@code 2r} units of {@code 2^-64}. Otherwise {@code M = floor(2^128/D)} lies
 * in {@code (2^64, 2^65)}; with {@code m = M - 2^64},
 *
 * <pre>F = floor(r M / 2^64) = r + floor(r m / 2^64)</pre>
 *
 * <p>and, because {@code 0 <= 2^128/D - M < 1} and {@code r < 2^64}, {@code 0 <= r 2^64/D - r
 * M/2^64 < 1}; flooring adds less than one more unit. So {@code F <= (rem/d) 2^64 < F + 2}: the fraction
 * lies in {@code [F, F + SLACK)} units of {@code 2^-64} (and {@code F < 2^64}).
 *
 * <p>Immutable and thread-safe.
 */
final class Reciprocal {

  /** {@link #fraction} is below the exact value by less than this many units of {@code 2^-64}. */
  static final long SLACK = 2;

  private final long denominator;
  private final int shift;
  private final boolean powerOfTwo;
  private final long m;

  private Reciprocal(long denominator) {
    this.denominator = denominator;
    this.shift = Long.numberOfLeadingZeros(denominator);
    long normalised = denominator << shift;
    this.powerOfTwo = normalised == Long.MIN_VALUE;
    this.m = powerOfTwo
        ? 0
        : BigInteger.ONE.shiftLeft(128)
            .divide(new BigInteger(Long.toUnsignedString(normalised)))
            .longValue(); // the low 64 bits: M - 2^64
  }

  /** Returns the reciprocal of {@code denominator}, which must be at least 1 (callers check). */
  static Reciprocal of(long denominator) {
    return new Reciprocal(denominator);
  }

  long denominator() {
    return denominator;
  }

  /**
   * Returns {@code F} with {@code F <= rem 2^64 / d < F + 2}, for {@code 0 <= rem < d} (see the
   * class comment).
   */
  long fraction(long rem) {
    long r = rem << shift;
    return powerOfTwo ? r << 1 : r + ExpMinus.multiplyHighUnsigned(r, m);
  }
}
