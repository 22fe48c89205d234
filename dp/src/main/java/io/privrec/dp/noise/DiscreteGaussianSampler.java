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
 * <h2>Algorithm</h2>
 *
 * <p>Algorithm 3 of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020) proposes {@code Y} from the discrete Laplace with integer scale {@code t} and
 * accepts it with probability {@code exp(-gamma)}, {@code gamma = (|Y| - sigma^2/t)^2 / (2
 * sigma^2)}; their discrete Laplace (Algorithm 2) is itself a uniform {@code U} in {@code [0, t)}
 * accepted with probability {@code exp(-U/t)}, plus {@code t} times a geometric count. This class
 * uses the same target and acceptance, with a proposal that wastes fewer trials:
 *
 * <ul>
 *   <li>{@code t = B m} for a power of two {@code B <= 64} (blocks per unit of scale) and an
 *       integer {@code m}; {@code J = B V + j} with {@code V} the number of successes of {@code
 *       exp(-1)} trials before the first failure and {@code j} from the truncated geometric on
 *       {@code [0, B)} ({@link TruncatedGeometric}), so {@code P(J) = (1 - rho) rho^J} with {@code
 *       rho = e^(-1/B)};
 *   <li>{@code w} uniform in {@code [0, m)}, {@code |Y| = J m + w}, and a random sign (a negative
 *       zero is rejected);
 *   <li>one trial accepts with probability {@code exp(-(w/t + gamma))}.
 * </ul>
 *
 * <p>Proof: {@code Y = y} is proposed and accepted with probability proportional to {@code rho^J
 * e^-(w/t) e^-gamma = e^-((J m + w)/t) e^-gamma = e^-(|y|/t) e^-gamma = e^-(y^2 / (2 sigma^2))
 * e^-(sigma^2 / (2 t^2))} (expand the square): proportional to the target for every {@code y},
 * with {@code y = 0} reachable once, through the positive sign. For {@code B = 1} this is CKS's
 * algorithm with its two acceptance trials merged into one. A proposal is accepted with
 * probability {@code B (1 - e^(-1/B)) / (2t) e^-(sigma^2/(2t^2))} times {@code sum_y
 * e^-(y^2/(2 sigma^2))}; the factories pick {@code B} and {@code t} (a multiple of {@code B} next
 * to {@code sigma}) maximising it, in floating point: the choice only affects speed, never the
 * distribution (about 1.33 proposals per sample for large {@code sigma}, 1.4 at {@code sigma =
 * 1}).
 *
 * <h2>Exact trials</h2>
 *
 * <p>The exponent is kept exact as {@code w/t + x^2/r} with integers {@code x = |Y| p - q}, {@code
 * r} (and {@code sigma^2 = q t / p}). Every trial compares a uniform real {@code U'} built from the
 * random bits with {@code exp(-exponent)} through {@link RandomBits#expMinusTrial}: integer
 * bounds on the exponent give integer bounds on {@code exp(-exponent)} (coarse from one table,
 * tight from {@link ExpMinus#lowerBound}), which decide {@code U' < exp(-exponent)} from the first
 * bits of {@code U'} except with probability about {@code 2^-57}; then {@link
 * RandomBits#resolveExpMinus} finishes the same comparison with exact {@link BigInteger} bounds of
 * growing precision. The outcome is always exactly {@code [U' < exp(-exponent)]}: no
 * floating-point value decides a sample.
 *
 * <p>Bounds on the exponent, on longs: {@code w/t} to within 2 units of {@code 2^-64} by {@link
 * Reciprocal}; {@code gamma = x^2/r} for {@code 0 <= |x| < min(ceil(sqrt(45 r)), 2^62)}, {@code
 * p, q < 2^62} and {@code r < 2^126} (every sampler of {@link #ofSigma(double)}, and {@link
 * #ofVariance} unless numerator and denominator are both large) to within 91 units by a
 * precomputed 64-bit reciprocal of {@code r} (proof at {@code exponentTrial}). Proposals with
 * {@code x >= sqrt(45 r)} have {@code gamma >= 45}, acceptance probability below {@code 2^-64},
 * and are decided by one 64-bit window. Other proposals compute the exponent with {@link
 * BigInteger}, with the same exact result, only slower.
 *
 * <p>Immutable and thread-safe (the random source must be too, or be confined to the caller).
 */
public final class DiscreteGaussianSampler {

  /** {@link #ofSigma(double)} rounds sigma^2 up by a relative amount of at most 2^-27. */
  private static final int PRECISION_BITS = 27;
  /** Exponents below this bound take the long path ({@code |x| < 2^62}, so no overflow). */
  private static final BigInteger MAX_FAST_X = BigInteger.ONE.shiftLeft(62);
  /** {@code G} is below {@code gamma 2^64} by less than this many units ({@code exponentTrial}). */
  private static final long GAMMA_SLACK = 91;

  private final long t;
  /** {@code m = t / B}: {@code |y| = (B V + j) m + w}. */
  private final long blockSize;
  /** The truncated geometric for {@code j}, or null when {@code B = 1}. */
  private final TruncatedGeometric blocks;
  private final Reciprocal tReciprocal;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger r;
  private final long pLong;
  private final long qLong;
  /** {@code floor(2^(64+s) / r)} (at most {@code 2^64 - 1}), unsigned, with {@code 2^s <= r}. */
  private final long rReciprocal;
  private final int rShift;
  /** Proposals with {@code minFastAbsY <= |y| <= maxFastAbsY} take the long path. */
  private final long minFastAbsY;
  private final long maxFastAbsY;
  /** Proposals with {@code |y| >= tinyAbsY} have {@code gamma >= 45}. */
  private final long tinyAbsY;

  /**
   * Accepts a proposal {@code |y| = (B V + j) m + w} with probability {@code exp(-(w/t + (|y| p -
   * q)^2 / r))}, where {@code t = B m = scale[0] scale[1]} and {@code sigma^2 = q t / p}.
   */
  private DiscreteGaussianSampler(long[] scale, BigInteger p, BigInteger q, BigInteger r) {
    int logBlocks = Long.numberOfTrailingZeros(scale[0]);
    this.blockSize = scale[1];
    this.t = scale[0] * scale[1];
    this.blocks = logBlocks == 0 ? null : TruncatedGeometric.ofLogSize(logBlocks);
    this.tReciprocal = Reciprocal.of(t);
    this.p = p;
    this.q = q;
    this.r = r;
    // gamma >= 45 <=> x^2 >= 45 r <=> x >= xTiny.
    BigInteger[] root = r.multiply(BigInteger.valueOf(45)).sqrtAndRemainder();
    BigInteger xTiny = root[1].signum() == 0 ? root[0] : root[0].add(BigInteger.ONE);
    BigInteger tiny = ExactRational.ceilDiv(q.add(xTiny), p);
    tinyAbsY = tiny.bitLength() < 63 ? tiny.longValueExact() : Long.MAX_VALUE;
    boolean fast = p.bitLength() <= 62 && q.bitLength() <= 62 && r.bitLength() <= 126;
    if (fast) {
      pLong = p.longValueExact();
      qLong = q.longValueExact();
      rShift = r.bitLength() - 1;
      BigInteger reciprocal = BigInteger.ONE.shiftLeft(64 + rShift).divide(r);
      rReciprocal = reciprocal.bitLength() > 64 ? -1L : reciprocal.longValue();
      // |x| = ||y| p - q| <= limit <=> |y| in [ceil((q - limit) / p), floor((q + limit) / p)]
      BigInteger limit = xTiny.min(MAX_FAST_X).subtract(BigInteger.ONE);
      minFastAbsY = ExactRational.ceilDiv(q.subtract(limit).max(BigInteger.ZERO), p)
          .longValueExact();
      maxFastAbsY = q.add(limit).divide(p).longValueExact();
    } else {
      pLong = 0;
      qLong = 0;
      rShift = 0;
      rReciprocal = 0;
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
    long[] scale = proposalScale(sigma * sigma, exact[0].divide(exact[1]).longValueExact());
    long t = scale[0] * scale[1];
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
    return new DiscreteGaussianSampler(scale, b, c, r);
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
    long floorSigma = num.divide(den).sqrt().longValueExact();
    if (floorSigma > 1L << 40) {
      throw new IllegalArgumentException("variance must be <= 2^80. Provided value: "
          + numerator + "/" + denominator);
    }
    long[] scale = proposalScale((double) numerator / denominator, floorSigma);
    BigInteger bigT = BigInteger.valueOf(scale[0] * scale[1]);
    // (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| den t - num)^2 / (2 num den t^2)
    BigInteger p = den.multiply(bigT);
    BigInteger r = num.multiply(den).multiply(bigT).multiply(bigT).shiftLeft(1);
    return new DiscreteGaussianSampler(scale, p, num, r);
  }

  /**
   * The proposal's {@code {B, m}}: {@code B} a power of two up to 64 and {@code t = B m} one of
   * the two multiples of {@code B} around {@code sigma} ({@code B floor(floor(sigma)/B)} and the
   * next), maximising the acceptance rate, which is proportional to {@code B (1 - e^(-1/B)) / t
   * exp(-sigma^2 / (2 t^2))}. Floating point only ranks candidates (all are exact).
   */
  private static long[] proposalScale(double sigmaSquared, long floorSigma) {
    long[] best = {1, floorSigma + 1};
    double bestRate = acceptanceRate(sigmaSquared, 1, floorSigma + 1);
    for (long blocks = 1; blocks <= 64; blocks <<= 1) {
      long below = floorSigma / blocks;
      for (long m = Math.max(1, below); m <= below + 1; m++) {
        double rate = acceptanceRate(sigmaSquared, blocks, m);
        if (rate > bestRate) {
          bestRate = rate;
          best = new long[] {blocks, m};
        }
      }
    }
    return best;
  }

  private static double acceptanceRate(double sigmaSquared, long blocks, long m) {
    double t = (double) blocks * m;
    return -Math.expm1(-1.0 / blocks) * blocks / t * Math.exp(-sigmaSquared / (2 * t * t));
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

  /**
   * Draws one sample.
   *
   * <p>Consecutive samples on one thread from the same source continue one stream of bits: the
   * bits a sample leaves unused in its last word start the next one. They are uniform and
   * independent of every earlier output, because each sample reads bits only up to a stopping time
   * (see {@code RandomBits}), so samples stay independent.
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

  /**
   * Fills {@code out} with independent samples: the same distribution as {@code out.length} calls
   * of {@link #sample(RandomSource)}, with less overhead per sample (for noise on whole arrays).
   *
   * @throws NullPointerException if {@code source} or {@code out} is null
   */
  public void sample(RandomSource source, long[] out) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(out, "out");
    RandomBits bits = RandomBits.acquire(source);
    try {
      for (int i = 0; i < out.length; i++) {
        out[i] = draw(bits);
      }
    } finally {
      bits.release();
    }
  }

  long draw(RandomBits bits) {
    while (true) {
      long v = 0;
      while (bits.bernoulliExpMinusOne()) {
        v++;
      }
      long j = blocks == null ? 0 : bits.truncatedGeometric(blocks);
      long w = bits.uniform(blockSize);
      // |y| overflows only if v > 2^22 (probability below e^-(2^22)): throw, never wrap.
      long absY = Math.addExact(Math.multiplyExact(t, v), j * blockSize + w);
      boolean negative = bits.nextBit();
      if (negative && absY == 0) {
        continue;
      }
      if (accept(bits, w, absY)) {
        return negative ? -absY : absY;
      }
    }
  }

  /** Returns true with probability exactly {@code exp(-(w/t + (|y| p - q)^2 / r))}. */
  private boolean accept(RandomBits bits, long w, long absY) {
    int c;
    if (absY >= minFastAbsY && absY <= maxFastAbsY) {
      c = exponentTrial(bits, w, Math.abs(absY * pLong - qLong));
    } else if (absY >= tinyAbsY) {
      // gamma >= 45: exp(-exponent) < e^-45 < 2^-64, i.e. in [0, 1) units.
      c = bits.compare(0, 0);
    } else {
      BigInteger[] exponent = exponent(w, absY);
      return bits.bernoulliExpMinus(exponent[0], exponent[1]);
    }
    if (c != RandomBits.UNDECIDED) {
      return c == RandomBits.TRUE;
    }
    BigInteger[] exponent = exponent(w, absY);
    return bits.resolveExpMinus(exponent[0], exponent[1]);
  }

  /**
   * Starts the trial {@code U' < exp(-(w/t + x^2/r))} for {@code 0 <= x < min(sqrt(45 r), 2^62)}.
   *
   * <p>{@code x^2 / r}: let {@code G = floor(x^2 Q / 2^s)}, read off {@link #productBits} as its
   * whole part (bits {@code s + 64} and up) and fraction (bits {@code s} to {@code s + 63}), with
   * {@code Q = floor(2^(64+s)/r)} (or {@code 2^64 - 1} if {@code r = 2^s}), so that {@code Q <=
   * 2^(64+s)/r <= Q + 1}. The exact {@code gamma 2^64 = x^2 2^(64+s) / (r 2^s)} lies in {@code
   * [x^2 Q / 2^s, x^2 (Q + 1) / 2^s]}, i.e. in {@code [G, G + 1 + x^2/2^s)}; and {@code x^2 / 2^s
   * < 2 gamma < 90}, because {@code gamma 2^64 = x^2 2^64 / r > x^2 2^63 / 2^s} ({@code r <
   * 2^(s+1)}) and {@code gamma < 45}. Hence {@code G <= gamma 2^64 < G + 91}; as {@code G < 45
   * 2^64}, its whole part is at most 44.
   *
   * <p>{@code w/t}: {@code F <= (w/t) 2^64 < F + 2} ({@link Reciprocal}). The sum {@code G + F}
   * (a carry moves into the whole part) is thus below the exact exponent by less than 93 units.
   */
  private int exponentTrial(RandomBits bits, long w, long x) {
    long gammaWhole = productBits(x, rReciprocal, rShift + 64);
    long gammaFraction = productBits(x, rReciprocal, rShift);
    long fraction = gammaFraction + tReciprocal.fraction(w);
    long whole = gammaWhole + (Long.compareUnsigned(fraction, gammaFraction) < 0 ? 1 : 0);
    int wholePart = Long.compareUnsigned(whole, ExpMinus.MAX_WHOLE) <= 0
        ? (int) whole
        : ExpMinus.MAX_WHOLE + 1;
    return bits.expMinusTrial(wholePart, fraction, GAMMA_SLACK + Reciprocal.SLACK);
  }

  /**
   * Returns bits {@code shift} to {@code shift + 63} of the product {@code x^2 q} (below {@code
   * 2^190}), for {@code 0 <= x < 2^63}, unsigned {@code q} and {@code 0 <= shift < 192}. The
   * product is formed exactly from 64-bit halves.
   */
  static long productBits(long x, long q, int shift) {
    long squareHigh = Math.multiplyHigh(x, x);
    long squareLow = x * x;
    long lowTimesQHigh = ExpMinus.multiplyHighUnsigned(squareLow, q);
    long p0 = squareLow * q;
    long p1 = lowTimesQHigh + squareHigh * q;
    long carry = Long.compareUnsigned(p1, lowTimesQHigh) < 0 ? 1 : 0;
    long p2 = ExpMinus.multiplyHighUnsigned(squareHigh, q) + carry;
    if (shift == 0) {
      return p0;
    } else if (shift < 64) {
      return (p0 >>> shift) | (p1 << (64 - shift));
    } else if (shift == 64) {
      return p1;
    } else if (shift < 128) {
      return (p1 >>> (shift - 64)) | (p2 << (128 - shift));
    } else {
      return p2 >>> (shift - 128);
    }
  }

  /** The exact exponent {@code w/t + x^2/r} as {@code {w r + t x^2, t r}}, {@code x = |y|p - q}. */
  private BigInteger[] exponent(long w, long absY) {
    BigInteger x = BigInteger.valueOf(absY).multiply(p).subtract(q);
    BigInteger bigT = BigInteger.valueOf(t);
    return new BigInteger[] {
        BigInteger.valueOf(w).multiply(r).add(bigT.multiply(x).multiply(x)), bigT.multiply(r)};
  }

  /**
   * Returns {@code G} (whole part and fraction as one number, see {@code exponentTrial}) at {@code
   * |y| = absY}, which must lie in {@code [0, maxFastAbsY()]}; for tests.
   */
  BigInteger gammaEstimate(long absY) {
    long x = Math.abs(absY * pLong - qLong);
    return BigInteger.valueOf(productBits(x, rReciprocal, rShift + 64)).shiftLeft(64)
        .add(new BigInteger(Long.toUnsignedString(productBits(x, rReciprocal, rShift))));
  }

  /** Returns the exact {@code gamma = x^2/r} at {@code |y| = absY} as {@code {x^2, r}}; for tests. */
  BigInteger[] gamma(long absY) {
    BigInteger x = BigInteger.valueOf(absY).multiply(p).subtract(q);
    return new BigInteger[] {x.multiply(x), r};
  }

  /** Returns the largest {@code |y|} decided on the long path; for tests. */
  long maxFastAbsY() {
    return maxFastAbsY;
  }

  /** Returns the proposal scale {@code t}; for tests. */
  long proposalScale() {
    return t;
  }

  /** Returns {@code B}, the number of blocks per proposal scale; for tests. */
  int blocksPerScale() {
    return blocks == null ? 1 : blocks.size();
  }

  @Override
  public String toString() {
    return "DiscreteGaussianSampler{sigma^2=" + q.multiply(BigInteger.valueOf(t)) + "/" + p + "}";
  }
}
