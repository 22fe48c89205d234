package io.privrec.dp.noise;

import io.privrec.dp.random.RandomSource;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of the discrete Laplace distribution {@code P(k) ∝ exp(-|k| / scale)} on the
 * integers, with a rational scale {@code t/s}.
 *
 * <p>Implements Algorithm 2 of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020): a uniform {@code U} in {@code [0, t)} accepted with probability {@code
 * exp(-U/t)}, plus {@code t} times a geometric count of {@code exp(-1)} successes, divided by
 * {@code s} and given a random sign. Every decision is a Bernoulli trial on integers
 * ({@link RandomBits}), so the output distribution is exact: no floating-point value is involved
 * and none can leak through the low bits of a sample.
 *
 * <p>Parameter ranges: the exact factory accepts {@code 1 <= t <= 2^52} and {@code 1 <= s <=
 * 2^62}; {@link #ofScale(double)} rounds a double scale up to such a rational. An intermediate
 * {@code U + t*V} overflows a long only if the geometric count {@code V} exceeds {@code 2^11}, an
 * event of probability below {@code e^-2048}; the sampler then throws {@link ArithmeticException}
 * rather than return a wrong value.
 *
 * <p>Immutable and thread-safe (the random source must be too, or be confined to the caller).
 */
public final class DiscreteLaplaceSampler {

  static final long MAX_NUMERATOR = 1L << 52;
  /** Double scales are rounded up to {@code t/2^j} with {@code t >= 2^40}: relative error 2^-40. */
  private static final int PRECISION_BITS = 40;

  private final long t;
  private final long s;
  private final Reciprocal reciprocal;

  private DiscreteLaplaceSampler(long t, long s) {
    this.t = t;
    this.s = s;
    this.reciprocal = Reciprocal.of(t);
  }

  /**
   * Returns a sampler with exactly the scale {@code numerator/denominator}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= numerator <= 2^52} and {@code 1 <=
   *     denominator <= 2^62}
   */
  public static DiscreteLaplaceSampler ofScale(long numerator, long denominator) {
    if (!(numerator >= 1 && numerator <= MAX_NUMERATOR)) {
      throw new IllegalArgumentException(
          "scale numerator must be in [1, 2^52]. Provided value: " + numerator);
    }
    if (!(denominator >= 1 && denominator <= RandomBits.MAX_DENOMINATOR)) {
      throw new IllegalArgumentException(
          "scale denominator must be in [1, 2^62]. Provided value: " + denominator);
    }
    return new DiscreteLaplaceSampler(numerator, denominator);
  }

  /**
   * Returns a sampler whose scale is {@code scale} rounded up to the next rational {@code t/2^j}
   * with {@code t >= 2^40} (a relative increase of at most {@code 2^-40}; rounding up only adds
   * noise). Exact when {@code scale} is an integer up to {@code 2^52}.
   *
   * @throws IllegalArgumentException if {@code scale} is NaN, infinite, below {@code 2^-20} or
   *     above {@code 2^52}
   */
  public static DiscreteLaplaceSampler ofScale(double scale) {
    if (!(scale >= 0x1p-20 && scale <= 0x1p52)) {
      throw new IllegalArgumentException(
          "scale must be finite and in [2^-20, 2^52]. Provided value: " + scale);
    }
    BigInteger[] exact = ExactRational.of(scale);
    return ofScaleRoundedUp(exact[0], exact[1]);
  }

  /** Rounds the positive rational {@code num/den} in {@code [2^-20, 2^52]} up, as above. */
  static DiscreteLaplaceSampler ofScaleRoundedUp(BigInteger num, BigInteger den) {
    BigInteger[] qr = num.divideAndRemainder(den);
    if (qr[1].signum() == 0 && qr[0].bitLength() <= 52) {
      return ofScale(qr[0].longValueExact(), 1);
    }
    int j = 0;
    while (num.shiftLeft(j).compareTo(den.shiftLeft(PRECISION_BITS)) < 0) {
      j++;
    }
    if (j > 62) {
      throw new IllegalArgumentException("scale must be >= 2^-20. Provided value: "
          + num.doubleValue() / den.doubleValue());
    }
    BigInteger t = ExactRational.ceilDiv(num.shiftLeft(j), den);
    if (t.bitLength() > 53 || t.compareTo(BigInteger.valueOf(MAX_NUMERATOR)) > 0) {
      throw new IllegalArgumentException(
          "scale must be <= 2^52. Provided value: " + num.doubleValue() / den.doubleValue());
    }
    return new DiscreteLaplaceSampler(t.longValueExact(), 1L << j);
  }

  /** Returns the numerator {@code t} of the exact scale {@code t/s}. */
  public long scaleNumerator() {
    return t;
  }

  /** Returns the denominator {@code s} of the exact scale {@code t/s}. */
  public long scaleDenominator() {
    return s;
  }

  /** Returns the scale {@code t/s}, rounded to the nearest double (for reporting only). */
  public double scale() {
    return (double) t / s;
  }

  /**
   * Draws one sample. Consecutive samples on one thread from the same source continue one stream
   * of bits (as {@link DiscreteGaussianSampler#sample(RandomSource)} explains); samples stay
   * independent.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public long sample(RandomSource source) {
    RandomBits bits = RandomBits.acquire(Objects.requireNonNull(source, "source"));
    try {
      return draw(bits);
    } finally {
      bits.release();
    }
  }

  long draw(RandomBits bits) {
    while (true) {
      long u = bits.uniform(t);
      if (!bits.bernoulliExpMinusFraction(u, reciprocal)) {
        continue;
      }
      long v = 0;
      while (bits.bernoulliExpMinusOne()) {
        v++;
      }
      long x = Math.addExact(u, Math.multiplyExact(t, v));
      long y = x / s;
      boolean negative = bits.nextBit();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }

  @Override
  public String toString() {
    return "DiscreteLaplaceSampler{scale=" + t + "/" + s + "}";
  }
}
