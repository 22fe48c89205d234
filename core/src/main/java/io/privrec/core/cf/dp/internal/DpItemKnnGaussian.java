package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.noise.DiscreteGaussianSampler;
import io.privrec.dp.noise.DiscreteLaplaceSampler;
import io.privrec.dp.random.RandomSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The discrete Gaussian {@code N_Z(0, V)} with an integer variance parameter {@code V}, {@code
 * P(k) ∝ exp(-k²/(2V))} on the integers, with the three exact samplers a thresholded sparse
 * release needs: a plain sample, the number of samples above a threshold among {@code n}, and a
 * sample conditioned on exceeding the threshold.
 *
 * <h2>Exactness</h2>
 * <ul>
 *   <li>{@link #sample}: Canonne, Kamath &amp; Steinke, "The discrete Gaussian for differential
 *       privacy" (NeurIPS 2020), Algorithm 3, through {@link DiscreteGaussianSampler#ofVariance}.
 *   <li>{@link #countAbove}: the number of successes among {@code n} independent trials with
 *       probability {@code p = P(Z > τ)}, i.e. {@code Binomial(n, p)}, drawn exactly by comparing
 *       {@code n} lazy uniform reals with the binary expansion of {@code p} one digit at a time: of
 *       the {@code M} trials still tied with {@code p}'s first {@code j-1} digits, a {@code
 *       Binomial(M, 1/2)} number (a popcount of {@code M} random bits) tie at digit {@code j};
 *       the others are decided, as successes when {@code p}'s digit is 1. The digits of {@code p}
 *       come from a rigorous interval: every term {@code exp(-k²/(2V))} is bracketed by the
 *       alternating Taylor series of {@code exp(-1/(2V))}, {@code exp(-1/V)} and products rounded
 *       down (lower end) or up (upper end), the tail of the series is bounded by a geometric sum,
 *       and a digit is used only when both ends agree on it (otherwise the precision is doubled;
 *       {@code p} is irrational, so every digit is eventually decided). Expected cost {@code O(n/64)}
 *       random words plus {@code O(√V)} big-decimal products once per threshold.
 *   <li>{@link #sampleAbove}: with {@code a = τ + 1} and {@code k = a + G}, {@code exp(-k²/(2V)) =
 *       exp(-a²/(2V)) · exp(-aG/V) · exp(-G²/(2V))}, so proposing {@code G} geometric with ratio
 *       {@code exp(-a/V)} and accepting with probability {@code exp(-G²/(2V))} gives exactly
 *       {@code Z | Z > τ}. Both the geometric variable and the acceptance trial come from the exact
 *       discrete Laplace sampler ({@link DiscreteLaplaceSampler}, CKS 2020 Algorithm 2) with a
 *       rational scale: for {@code L} discrete Laplace with scale {@code t/s}, {@code L | L >= 0}
 *       is geometric with ratio {@code exp(-s/t)}, and {@code P(L >= 1 | L >= 0) = exp(-s/t)}.
 *       Acceptance probability is at least {@code exp(-1/2)} on average for {@code τ >= √V}.
 * </ul>
 *
 * <p>Valid for {@code 1 <= V <= 2^50} and thresholds {@code 0 <= τ < 2^60}. Immutable and
 * thread-safe; the bounds of the last (V, τ) used are shared by all instances (refined under a
 * lock).
 */
public final class DpItemKnnGaussian {
  /** Largest accepted variance: {@code 2V} must be a valid discrete Laplace numerator (2^52). */
  public static final long MAX_VARIANCE = 1L << 50;
  private static final long MAX_THRESHOLD = 1L << 60;
  private static final int INITIAL_DIGITS = 40;
  /** Tail bounds are costly (O(√V) big-decimal products) and depend on (V, τ) only: keep the last. */
  private static volatile TailProbability lastTail;

  private final long variance;
  private final DiscreteGaussianSampler sampler;

  private DpItemKnnGaussian(long variance) {
    this.variance = variance;
    this.sampler = DiscreteGaussianSampler.ofVariance(variance, 1);
  }

  /**
   * The discrete Gaussian with variance parameter {@code variance}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= variance <= 2^50}
   */
  public static DpItemKnnGaussian ofVariance(long variance) {
    if (!(variance >= 1 && variance <= MAX_VARIANCE)) {
      throw CorePreconditions.fail("variance", "must be in [1, 2^50]", variance);
    }
    return new DpItemKnnGaussian(variance);
  }

  /** The variance parameter {@code V} ({@code σ²}). */
  public long variance() {
    return variance;
  }

  /** {@code √V}, rounded to a double (for reporting and thresholds). */
  public double sigma() {
    return Math.sqrt((double) variance);
  }

  /** One exact sample. */
  public long sample(RandomSource random) {
    return sampler.sample(random);
  }

  /**
   * Fills {@code out} with independent exact samples ({@link DiscreteGaussianSampler#sample(
   * RandomSource, long[])}).
   */
  public void sample(RandomSource random, long[] out) {
    sampler.sample(random, out);
  }

  /**
   * The number of {@code n} independent samples that exceed {@code threshold}: exactly {@code
   * Binomial(n, P(Z > threshold))}.
   *
   * @throws IllegalArgumentException if {@code n < 0} or the threshold is outside {@code [0, 2^60)}
   */
  public long countAbove(long n, long threshold, RandomSource random) {
    requireNonNull(random, "random");
    CorePreconditions.checkNonNegative("n", n);
    checkThreshold(threshold);
    if (n == 0) {
      return 0;
    }
    TailProbability p = tail(threshold);
    long remaining = n;
    long successes = 0;
    for (int digit = 1; remaining > 0; digit++) {
      long tied = binomialHalf(remaining, random);
      if (p.digit(digit)) {
        successes += remaining - tied;
      }
      remaining = tied;
    }
    return successes;
  }

  /**
   * One exact sample of {@code Z} conditioned on {@code Z > threshold}.
   *
   * @throws IllegalArgumentException if the threshold is outside {@code [0, 2^60)}
   */
  public long sampleAbove(long threshold, RandomSource random) {
    requireNonNull(random, "random");
    checkThreshold(threshold);
    long a = threshold + 1;
    DiscreteLaplaceSampler proposal = DiscreteLaplaceSampler.ofScale(variance, a);
    while (true) {
      long g = nonNegative(proposal, random);
      if (bernoulliExpMinusSquare(g, random)) {
        return a + g;
      }
    }
  }

  /** The exact probability {@code P(Z > threshold)} bracketed to at least 30 significant digits. */
  public BigDecimal[] tailProbabilityBounds(long threshold) {
    checkThreshold(threshold);
    TailProbability p = tail(threshold);
    synchronized (p) {
      return new BigDecimal[] {p.lower, p.upper};
    }
  }

  /** The tail bounds for {@code threshold}, reusing the last ones computed for the same (V, τ). */
  private TailProbability tail(long threshold) {
    TailProbability last = lastTail;
    if (last != null && last.variance == variance && last.threshold == threshold) {
      return last;
    }
    TailProbability p = new TailProbability(variance, threshold);
    lastTail = p;
    return p;
  }

  /** True with probability exactly {@code exp(-g²/(2V))}. */
  private boolean bernoulliExpMinusSquare(long g, RandomSource random) {
    if (g == 0) {
      return true;
    }
    if (g < (1L << 31)) {
      return bernoulliExpMinus(g * g, random);
    }
    // exp(-g²/(2V)) = exp(-g/(2V))^g: never reached in practice (probability far below 2^-1000).
    for (long i = 0; i < g; i++) {
      if (!bernoulliExpMinus(g, random)) {
        return false;
      }
    }
    return true;
  }

  /** True with probability exactly {@code exp(-s/(2V))}, {@code 1 <= s <= 2^62}. */
  private boolean bernoulliExpMinus(long s, RandomSource random) {
    return nonNegative(DiscreteLaplaceSampler.ofScale(2 * variance, s), random) >= 1;
  }

  /** A discrete Laplace sample conditioned on being {@code >= 0}: geometric with ratio {@code exp(-s/t)}. */
  private static long nonNegative(DiscreteLaplaceSampler laplace, RandomSource random) {
    while (true) {
      long x = laplace.sample(random);
      if (x >= 0) {
        return x;
      }
    }
  }

  /** {@code Binomial(m, 1/2)}: the number of ones among {@code m} uniform random bits. */
  static long binomialHalf(long m, RandomSource random) {
    long ones = 0;
    long left = m;
    while (left >= 64) {
      ones += Long.bitCount(random.nextLong());
      left -= 64;
    }
    if (left > 0) {
      ones += Long.bitCount(random.nextLong() >>> (64 - left));
    }
    return ones;
  }

  private static void checkThreshold(long threshold) {
    if (!(threshold >= 0 && threshold < MAX_THRESHOLD)) {
      throw CorePreconditions.fail("threshold", "must be in [0, 2^60)", threshold);
    }
  }

  /**
   * Rigorous bounds on {@code p = Σ_{k>τ} w(k) / Σ_k w(k)}, {@code w(k) = exp(-k²/(2V))}, refined
   * on demand until a requested binary digit is decided.
   */
  static final class TailProbability {
    final long variance;
    final long threshold;
    private int digits;
    BigDecimal lower;
    BigDecimal upper;

    TailProbability(long variance, long threshold) {
      this.variance = variance;
      this.threshold = threshold;
      compute(INITIAL_DIGITS);
    }

    /** The {@code j}-th binary digit of {@code p} after the point ({@code j >= 1}). */
    synchronized boolean digit(int j) {
      while (true) {
        BigInteger lo = lower.multiply(BigDecimal.valueOf(2).pow(j)).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        BigInteger hi = upper.multiply(BigDecimal.valueOf(2).pow(j)).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        if (lo.equals(hi)) {
          return lo.testBit(0);
        }
        compute(2 * digits);
      }
    }

    private void compute(int precision) {
      digits = precision;
      MathContext down = new MathContext(precision + 5, RoundingMode.FLOOR);
      MathContext up = new MathContext(precision + 5, RoundingMode.CEILING);
      BigInteger twoV = BigInteger.valueOf(variance).shiftLeft(1);
      // exp(-1/(2V)) and exp(-1/V): ratio of consecutive weights w(k+1)/w(k) = exp(-(2k+1)/(2V)).
      BigDecimal[] half = expMinusReciprocal(twoV, precision + 5);
      BigDecimal[] full = expMinusReciprocal(BigInteger.valueOf(variance), precision + 5);
      BigDecimal tLo = BigDecimal.ONE;
      BigDecimal tHi = BigDecimal.ONE;
      BigDecimal ratioLo = half[0];
      BigDecimal ratioHi = half[1];
      BigDecimal sumLo = BigDecimal.ZERO; // Σ_{k>=1} w(k), truncated
      BigDecimal sumHi = BigDecimal.ZERO;
      BigDecimal tailLo = BigDecimal.ZERO; // Σ_{k>τ} w(k), truncated
      BigDecimal tailHi = BigDecimal.ZERO;
      BigDecimal epsilon = BigDecimal.ONE.scaleByPowerOfTen(-(precision + 3));
      for (long k = 1; ; k++) {
        tLo = tLo.multiply(ratioLo, down);
        tHi = tHi.multiply(ratioHi, up);
        ratioLo = ratioLo.multiply(full[0], down);
        ratioHi = ratioHi.multiply(full[1], up);
        sumLo = sumLo.add(tLo, down);
        sumHi = sumHi.add(tHi, up);
        if (k > threshold) {
          tailLo = tailLo.add(tLo, down);
          tailHi = tailHi.add(tHi, up);
          // Σ_{k'>k} w(k') <= w(k) r/(1 - r) with r = w(k+1)/w(k) (ratios decrease).
          BigDecimal rest = tHi.multiply(ratioHi, up).divide(BigDecimal.ONE.subtract(ratioHi, down), up);
          if (rest.compareTo(tailLo.multiply(epsilon, down)) <= 0) {
            BigDecimal thetaLo = BigDecimal.ONE.add(sumLo.multiply(BigDecimal.valueOf(2)), down);
            BigDecimal thetaHi = BigDecimal.ONE.add(sumHi.add(rest, up).multiply(BigDecimal.valueOf(2)), up);
            lower = tailLo.divide(thetaHi, down);
            upper = tailHi.add(rest, up).divide(thetaLo, up);
            return;
          }
        }
      }
    }

    /**
     * Bounds {@code [lo, hi]} on {@code exp(-1/d)} for an integer {@code d >= 1}: the Taylor series
     * alternates with decreasing terms, so consecutive partial sums (exact rationals) bracket it.
     */
    static BigDecimal[] expMinusReciprocal(BigInteger d, int precision) {
      BigInteger num = BigInteger.ONE; // partial sum S_n = num / den
      BigInteger den = BigInteger.ONE;
      BigInteger termDen = BigInteger.ONE; // d^n n!
      BigInteger bound = BigInteger.TEN.pow(precision + 2);
      BigInteger previousNum = num;
      BigInteger previousDen = den;
      for (int n = 1; ; n++) {
        termDen = termDen.multiply(d).multiply(BigInteger.valueOf(n));
        previousNum = num;
        previousDen = den;
        // S_n = S_{n-1} + (-1)^n / termDen, over the common denominator termDen (den divides it).
        BigInteger scaled = num.multiply(termDen.divide(den));
        num = (n % 2 == 0) ? scaled.add(BigInteger.ONE) : scaled.subtract(BigInteger.ONE);
        den = termDen;
        if (termDen.compareTo(bound) > 0) {
          break;
        }
      }
      // The last two partial sums lie on either side of the limit.
      BigDecimal a = new BigDecimal(num).divide(new BigDecimal(den), new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal b = new BigDecimal(previousNum).divide(new BigDecimal(previousDen), new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal aUp = new BigDecimal(num).divide(new BigDecimal(den), new MathContext(precision, RoundingMode.CEILING));
      BigDecimal bUp = new BigDecimal(previousNum).divide(new BigDecimal(previousDen), new MathContext(precision, RoundingMode.CEILING));
      return new BigDecimal[] {a.min(b), aUp.max(bUp)};
    }
  }
}
