package io.privrec.dp.noise;

import java.math.BigInteger;

/** Exact conversions of doubles to rationals {@code num/den} (den a power of two), for calibration. */
final class ExactRational {

  private ExactRational() {}

  /**
   * Returns {@code {num, den}} with {@code num/den} exactly equal to the finite, non-negative
   * {@code value}.
   */
  static BigInteger[] of(double value) {
    long bits = Double.doubleToRawLongBits(value);
    int biasedExponent = (int) ((bits >>> 52) & 0x7FF);
    long mantissa = bits & ((1L << 52) - 1);
    if (biasedExponent == 0) {
      biasedExponent = 1;
    } else {
      mantissa |= 1L << 52;
    }
    // value = mantissa * 2^(biasedExponent - 1075)
    int exponent = biasedExponent - 1075;
    BigInteger num = BigInteger.valueOf(mantissa);
    if (exponent >= 0) {
      return new BigInteger[] {num.shiftLeft(exponent), BigInteger.ONE};
    }
    return new BigInteger[] {num, BigInteger.ONE.shiftLeft(-exponent)};
  }

  /** Returns {@code ceil(num/den)} for {@code num >= 0, den > 0}. */
  static BigInteger ceilDiv(BigInteger num, BigInteger den) {
    BigInteger[] qr = num.divideAndRemainder(den);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }
}
