package io.privrec.dp.internal;

import io.privrec.dp.random.RandomSource;

/**
 * Exact Bernoulli trials whose success probability is a double p, or e<sup>−γ</sup> for a double
 * γ: the probability of {@code true} is exactly the real number the double denotes (respectively
 * the exact e<sup>−γ</sup>), with no floating-point arithmetic on random values. Used where a
 * mechanism's privacy proof needs exact probabilities (exponential mechanism, permute-and-flip,
 * partition selection).
 *
 * <p>{@link #bernoulli(double, RandomSource)}: every double p in (0, 1) is m·2<sup>e</sup> with an
 * integer m &lt; 2<sup>53</sup>; a uniform integer R of −e bits is below m with probability exactly
 * p, decided by drawing R 64 bits at a time (on average about one draw). {@link
 * #bernoulliExp(double, RandomSource)} is Algorithm 1 of Canonne, Kamath &amp; Steinke, "The
 * discrete Gaussian for differential privacy" (NeurIPS 2020), with each Bernoulli(γ/k) drawn as
 * Bernoulli(γ) ∧ Bernoulli(1/k) so that no division is rounded; expected cost O(1) random words.
 *
 * <p><b>Not API</b>: public only for use by other {@code io.privrec} packages. Stateless and
 * thread-safe (given a thread-safe or confined source).
 */
public final class ExactBernoulli {

  private ExactBernoulli() {}

  /**
   * Returns {@code true} with probability exactly {@code p} (p ≤ 0 gives false, p ≥ 1 true).
   *
   * @throws IllegalArgumentException if {@code p} is NaN
   */
  public static boolean bernoulli(double p, RandomSource random) {
    if (Double.isNaN(p)) {
      throw new IllegalArgumentException("p must not be NaN. Provided value: NaN");
    }
    if (p <= 0) {
      return false;
    }
    if (p >= 1) {
      return true;
    }
    long bits = Double.doubleToRawLongBits(p);
    int biasedExponent = (int) (bits >>> 52) & 0x7ff;
    long fraction = bits & ((1L << 52) - 1);
    long m = biasedExponent == 0 ? fraction : fraction | (1L << 52);
    int bitsOfR = biasedExponent == 0 ? 1074 : 1075 - biasedExponent;
    // R < m < 2^53 requires the top (bitsOfR - 53) bits of R to be zero.
    int zeroBits = bitsOfR - 53;
    while (zeroBits >= 64) {
      if (random.nextLong() != 0) {
        return false;
      }
      zeroBits -= 64;
    }
    if (zeroBits > 0 && (random.nextLong() >>> (64 - zeroBits)) != 0) {
      return false;
    }
    return (random.nextLong() >>> 11) < m;
  }

  /**
   * Returns {@code true} with probability exactly e<sup>−γ</sup> (γ = +∞ gives false).
   *
   * @throws IllegalArgumentException if {@code gamma} is NaN or negative
   */
  public static boolean bernoulliExp(double gamma, RandomSource random) {
    if (!(gamma >= 0)) {
      throw new IllegalArgumentException("gamma must be >= 0. Provided value: " + gamma);
    }
    if (gamma == Double.POSITIVE_INFINITY) {
      return false;
    }
    // e^-γ = (e^-1)^floor(γ) · e^-(γ - floor(γ)); stop at the first failure.
    double whole = Math.floor(gamma);
    for (double i = 0; i < whole; i++) {
      if (!bernoulliExpAtMostOne(1.0, random)) {
        return false;
      }
    }
    return bernoulliExpAtMostOne(gamma - whole, random);
  }

  /** CKS 2020, Algorithm 1, for γ in [0, 1]: returns (K odd) for the first K with a failure. */
  private static boolean bernoulliExpAtMostOne(double gamma, RandomSource random) {
    long k = 1;
    while (bernoulli(gamma, random) && random.nextLong(k) == 0) {
      k++;
    }
    return (k & 1) == 1;
  }
}
