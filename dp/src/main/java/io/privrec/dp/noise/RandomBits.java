package io.privrec.dp.noise;

import io.privrec.dp.random.RandomSource;
import java.math.BigInteger;

/**
 * Exact Bernoulli trials from a stream of uniform random bits, using integer arithmetic only.
 *
 * <p>{@link #bernoulli(long, long)} compares a lazily generated uniform real {@code U} with the
 * binary expansion of {@code num/den} (computed by long division), so each trial costs two random
 * bits on average and its outcome is exactly {@code Bernoulli(num/den)}. The {@code exp(-gamma)}
 * trials implement Algorithm 1 of Canonne, Kamath and Steinke, "The Discrete Gaussian for
 * Differential Privacy" (NeurIPS 2020): no floating-point number ever decides an outcome.
 *
 * <p>Not thread-safe: one instance per sampling call (it buffers at most 63 unused bits, which are
 * discarded with the instance).
 */
final class RandomBits {

  /** Denominators up to 2^62 keep {@code 2 * remainder} inside a signed long. */
  static final long MAX_DENOMINATOR = 1L << 62;

  private final RandomSource source;
  private long word;
  private int available;

  RandomBits(RandomSource source) {
    this.source = source;
  }

  boolean nextBit() {
    if (available == 0) {
      word = source.nextLong();
      available = 64;
    }
    boolean bit = word < 0;
    word <<= 1;
    available--;
    return bit;
  }

  /** Returns {@code n} uniform bits, {@code 1 <= n <= 63}, as a non-negative long. */
  long nextBits(int n) {
    if (available < n) {
      word = source.nextLong();
      available = 64;
    }
    long bits = word >>> (64 - n);
    word <<= n;
    available -= n;
    return bits;
  }

  /** Returns a uniform integer in {@code [0, bound)}, {@code 1 <= bound <= 2^62}, by rejection. */
  long uniform(long bound) {
    if (bound == 1) {
      return 0;
    }
    int n = 64 - Long.numberOfLeadingZeros(bound - 1);
    while (true) {
      long candidate = nextBits(n);
      if (candidate < bound) {
        return candidate;
      }
    }
  }

  /**
   * Returns true with probability exactly {@code num/den}, for {@code 0 <= num <= den} and {@code 0
   * < den <= 2^62}.
   */
  boolean bernoulli(long num, long den) {
    if (num >= den) {
      return true;
    }
    long remainder = num;
    while (remainder != 0) {
      // Next binary digit of num/den; compare it with the next digit of the uniform U. The first
      // position where they differ decides U < num/den.
      remainder <<= 1;
      boolean digit = remainder >= den;
      if (digit) {
        remainder -= den;
      }
      if (nextBit() != digit) {
        return digit;
      }
    }
    // The expansion terminated and U matched it so far: U >= num/den (U = num/den has probability 0).
    return false;
  }

  /** Returns true with probability exactly {@code num/den}, for {@code 0 <= num <= den}. */
  boolean bernoulli(BigInteger num, BigInteger den) {
    if (num.compareTo(den) >= 0) {
      return true;
    }
    BigInteger remainder = num;
    while (remainder.signum() != 0) {
      remainder = remainder.shiftLeft(1);
      boolean digit = remainder.compareTo(den) >= 0;
      if (digit) {
        remainder = remainder.subtract(den);
      }
      if (nextBit() != digit) {
        return digit;
      }
    }
    return false;
  }

  /**
   * Returns true with probability exactly {@code exp(-num/den)} for {@code 0 <= num <= den <=
   * 2^62} (CKS 2020, Algorithm 1, case {@code gamma in [0, 1]}).
   */
  boolean bernoulliExpMinusFraction(long num, long den) {
    // K counts the trials A_1 = 1, A_2 = 1, ... with A_k ~ Bernoulli(gamma / k); P(K = k) =
    // gamma^(k-1)/(k-1)! - gamma^k/k!, so P(K odd) = exp(-gamma).
    long k = 1;
    while (true) {
      // den * k <= 2^62 whenever their bit lengths add up to at most 62 (no division needed).
      boolean a = 128 - Long.numberOfLeadingZeros(den) - Long.numberOfLeadingZeros(k) <= 62
          ? bernoulli(num, den * k)
          : bernoulli(num, den) && bernoulli(1, k);
      if (!a) {
        return (k & 1) == 1;
      }
      k++;
    }
  }

  /** Returns true with probability exactly {@code exp(-1)}. */
  boolean bernoulliExpMinusOne() {
    return bernoulliExpMinusFraction(1, 1);
  }

  /**
   * Returns true with probability exactly {@code exp(-num/den)} for {@code num >= 0} and {@code 0 <
   * den <= 2^62} (CKS 2020, Algorithm 1: {@code floor(gamma)} trials of {@code exp(-1)}, then the
   * fractional part).
   */
  boolean bernoulliExpMinus(long num, long den) {
    long whole = num / den;
    for (long i = 0; i < whole; i++) {
      if (!bernoulliExpMinusOne()) {
        return false;
      }
    }
    return bernoulliExpMinusFraction(num - whole * den, den);
  }

  /** As {@link #bernoulliExpMinus(long, long)}, for arbitrarily large {@code num >= 0, den > 0}. */
  boolean bernoulliExpMinus(BigInteger num, BigInteger den) {
    BigInteger[] qr = num.divideAndRemainder(den);
    // Counting down a BigInteger: the loop ends at the first failed exp(-1) trial, so it runs
    // 1/(1 - 1/e) < 1.6 times on average however large the quotient is.
    for (BigInteger left = qr[0]; left.signum() > 0; left = left.subtract(BigInteger.ONE)) {
      if (!bernoulliExpMinusOne()) {
        return false;
      }
    }
    BigInteger remainder = qr[1];
    long k = 1;
    while (true) {
      boolean a = bernoulli(remainder, den.multiply(BigInteger.valueOf(k)));
      if (!a) {
        return (k & 1) == 1;
      }
      k++;
    }
  }
}
