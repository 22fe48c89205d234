package io.privrec.dp.noise;

import io.privrec.dp.random.RandomSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * Exact sampler of the discrete Gaussian {@code N_Z(0, sigma^2)}: {@code P(k) ∝ exp(-k^2 / (2
 * sigma^2))} on the integers, with a rational {@code sigma^2}.
 *
 * <p>Implements Algorithm 3 of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020): propose {@code Y} from the discrete Laplace with integer scale {@code t =
 * floor(sigma) + 1} and accept with probability {@code exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2))}.
 * The acceptance exponent is kept as an exact fraction {@code (|Y| p - q)^2 / r} of integers and
 * decided by {@link RandomBits#bernoulliExpMinus(long, long)}; no floating-point value decides a
 * sample.
 *
 * <p>Arithmetic: the trial runs on longs whenever {@code ||Y| p - q| < 2^31} and {@code r <=
 * 2^62}, which {@link #ofSigma(double)} arranges for {@code 1 <= sigma <= 2^27} and {@code |Y|} up to
 * about {@code 16 sigma} (i.e. for all but a fraction {@code ~e^-15} of proposals). Other trials use
 * {@link BigInteger}, with the same exact result, only slower.
 *
 * <p>Immutable and thread-safe (the random source must be too, or be confined to the caller).
 */
public final class DiscreteGaussianSampler {

  /** {@link #ofSigma(double)} rounds sigma^2 up by a relative amount of at most 2^-27. */
  private static final int PRECISION_BITS = 27;
  private static final long FAST_LIMIT = 1L << 31;
  private static final BigInteger MAX_FAST_R = BigInteger.valueOf(RandomBits.MAX_DENOMINATOR);

  private final DiscreteLaplaceSampler proposal;
  private final long t;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger r;
  private final long pLong;
  private final long qLong;
  private final long rLong;
  private final long minFastAbsY;
  private final long maxFastAbsY;

  /** Accepts a proposal y with probability exp(-(|y| p - q)^2 / r); sigma^2 = q t / p. */
  private DiscreteGaussianSampler(long t, BigInteger p, BigInteger q, BigInteger r) {
    this.t = t;
    this.proposal = DiscreteLaplaceSampler.ofScale(t, 1);
    this.p = p;
    this.q = q;
    this.r = r;
    BigInteger limit = BigInteger.valueOf(FAST_LIMIT - 1);
    boolean fast = r.compareTo(MAX_FAST_R) <= 0 && q.bitLength() <= 61 && p.bitLength() <= 61;
    if (fast) {
      pLong = p.longValueExact();
      qLong = q.longValueExact();
      rLong = r.longValueExact();
      // |y| p - q in (-2^31, 2^31) <=> |y| in [ceil((q - 2^31 + 1) / p), floor((q + 2^31 - 1) / p)]
      minFastAbsY = Math.max(0, ExactRational.ceilDiv(q.subtract(limit).max(BigInteger.ZERO), p)
          .longValueExact());
      maxFastAbsY = q.add(limit).divide(p).longValueExact();
    } else {
      pLong = 0;
      qLong = 0;
      rLong = 0;
      minFastAbsY = 1;
      maxFastAbsY = 0;
    }
  }

  /**
   * Returns a sampler for {@code sigma^2} rounded up to a rational {@code t c / b} (with {@code b}
   * a power of two and {@code c >= 2^27}, so the relative increase of {@code sigma^2} is at most
   * {@code 2^-27}; rounding up only adds noise).
   *
   * @throws IllegalArgumentException if {@code sigma} is NaN, infinite or outside {@code [2^-10,
   *     2^40]}
   */
  public static DiscreteGaussianSampler ofSigma(double sigma) {
    if (!(sigma >= 0x1p-10 && sigma <= 0x1p40)) {
      throw new IllegalArgumentException(
          "sigma must be finite and in [2^-10, 2^40]. Provided value: " + sigma);
    }
    BigInteger[] exact = ExactRational.of(sigma);
    BigInteger num = exact[0].multiply(exact[0]);
    BigInteger den = exact[1].multiply(exact[1]);
    long t = exact[0].divide(exact[1]).longValueExact() + 1;
    // Smallest b = 2^j with sigma^2 b / t >= 2^27, then c = ceil(sigma^2 b / t): the acceptance
    // exponent (|y| - c/b)^2 / (2 t c / b) = (b|y| - c)^2 / (2 b t c) has small integer terms.
    BigInteger tDen = den.multiply(BigInteger.valueOf(t));
    int j = 0;
    while (num.shiftLeft(j).compareTo(tDen.shiftLeft(PRECISION_BITS)) < 0) {
      j++;
    }
    BigInteger b = BigInteger.ONE.shiftLeft(j);
    BigInteger c = ExactRational.ceilDiv(num.shiftLeft(j), tDen);
    BigInteger r = b.multiply(BigInteger.valueOf(2 * t)).multiply(c);
    return new DiscreteGaussianSampler(t, b, c, r);
  }

  /**
   * Returns a sampler with exactly {@code sigma^2 = numerator/denominator}.
   *
   * @throws IllegalArgumentException unless {@code numerator >= 1}, {@code denominator >= 1} and
   *     {@code sigma^2 <= 2^80}
   */
  public static DiscreteGaussianSampler ofVariance(long numerator, long denominator) {
    if (numerator < 1) {
      throw new IllegalArgumentException(
          "variance numerator must be >= 1. Provided value: " + numerator);
    }
    if (denominator < 1) {
      throw new IllegalArgumentException(
          "variance denominator must be >= 1. Provided value: " + denominator);
    }
    BigInteger num = BigInteger.valueOf(numerator);
    BigInteger den = BigInteger.valueOf(denominator);
    long t = num.divide(den).sqrt().longValueExact() + 1;
    if (t > (1L << 40) + 1) {
      throw new IllegalArgumentException("variance must be <= 2^80. Provided value: "
          + numerator + "/" + denominator);
    }
    BigInteger bigT = BigInteger.valueOf(t);
    // (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| den t - num)^2 / (2 num den t^2)
    BigInteger p = den.multiply(bigT);
    BigInteger r = num.multiply(den).multiply(bigT).multiply(bigT).shiftLeft(1);
    return new DiscreteGaussianSampler(t, p, num, r);
  }

  /** Returns {@code sigma^2} (exactly {@code q t / p}) rounded to a double, for reporting. */
  public double sigmaSquared() {
    return new BigDecimal(q.multiply(BigInteger.valueOf(t)))
        .divide(new BigDecimal(p), MathContext.DECIMAL64)
        .doubleValue();
  }

  /** Returns {@code sigma} rounded to a double, for reporting and confidence intervals. */
  public double sigma() {
    return Math.sqrt(sigmaSquared());
  }

  /** Draws one sample. */
  public long sample(RandomSource source) {
    Objects.requireNonNull(source, "source");
    return draw(new RandomBits(source));
  }

  long draw(RandomBits bits) {
    while (true) {
      long y = proposal.draw(bits);
      long absY = Math.abs(y);
      if (accept(bits, absY)) {
        return y;
      }
    }
  }

  private boolean accept(RandomBits bits, long absY) {
    if (absY >= minFastAbsY && absY <= maxFastAbsY) {
      long x = absY * pLong - qLong;
      return bits.bernoulliExpMinus(x * x, rLong);
    }
    BigInteger x = BigInteger.valueOf(absY).multiply(p).subtract(q);
    return bits.bernoulliExpMinus(x.multiply(x), r);
  }

  @Override
  public String toString() {
    return "DiscreteGaussianSampler{sigma^2=" + q.multiply(BigInteger.valueOf(t)) + "/" + p + "}";
  }
}
