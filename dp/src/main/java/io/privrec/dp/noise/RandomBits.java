package io.privrec.dp.noise;

import io.privrec.dp.random.RandomSource;
import java.math.BigInteger;

/**
 * Exact Bernoulli trials from a stream of uniform random bits, using integer arithmetic only.
 *
 * <p>The bits drawn from the source, most significant bit of each word first, form one stream.
 * Every trial compares a lazily generated uniform real {@code U} (the next bits of the stream,
 * read as binary digits {@code 0.b1 b2 b3...}) with its success probability {@code p} and succeeds
 * iff {@code U < p}, so it succeeds with probability exactly {@code p}. A trial consumes the
 * stream only up to the bit that decides it (a stopping time), so the rest of the stream stays
 * uniform and independent of the outcome. No floating-point number ever decides an outcome.
 *
 * <ul>
 *   <li>{@link #bernoulli(long, long)}: {@code p = num/den}, digits of {@code p} by long division,
 *       one bit at a time (two bits on average).
 *   <li>{@link #compare(long, long)}: {@code p} known only to lie in an interval {@code [lo, hi]}
 *       of units {@code 2^-64}; decides {@code U < p} whenever the bits of {@code U} place it below
 *       {@code lo} or at or above {@code hi} (see its proof), reading a 64-bit window at once.
 *   <li>{@link #expMinusTrial} and the {@code bernoulliExpMinus} methods: {@code p =
 *       exp(-gamma)} for a rational {@code gamma} known to within a few units of {@code 2^-64};
 *       {@code p} is bounded first from one coarse table ({@link ExpMinus#coarse}), which decides
 *       all but about 1.6% of trials, then to within about 100 units ({@link
 *       ExpMinus#lowerBound}). In the rare case left undecided (probability about {@code 2^-57})
 *       {@link #resolve} continues comparing the same {@code U} with {@code p} under exact bounds
 *       of growing precision ({@link ExpMinus#bounds}), so the outcome is always exactly {@code [U
 *       < exp(-gamma)]}. This replaces Algorithm 1 of Canonne, Kamath and Steinke, "The Discrete
 *       Gaussian for Differential Privacy" (NeurIPS 2020), which decides the same probability with
 *       about {@code e^gamma} rational Bernoulli trials of two random bits each.
 *   <li>{@link #truncatedGeometric}: inversion of one {@code U} against the thresholds of a
 *       {@link TruncatedGeometric}, with the same exact fallback.
 * </ul>
 *
 * <h2>Carrying bits over</h2>
 *
 * <p>Because every trial stops at a stopping time, the bits a sample leaves unused are uniform and
 * independent of everything drawn so far, so they may start the next sample. {@link
 * #acquire(RandomSource)} hands out one instance per thread and source, keeping the unused bits of
 * the last word between calls (a sample then costs less than one word of the source on average),
 * and a fresh instance when the thread's instance is in use (a source that draws noise inside its
 * own {@code nextLong}). The thread's instance keeps a reference to the last source it served
 * until the thread samples with another source.
 *
 * <p>Not thread-safe: an instance is confined to the thread that acquired or created it.
 */
final class RandomBits {

  /** Denominators up to 2^62 keep {@code 2 * remainder} inside a signed long. */
  static final long MAX_DENOMINATOR = 1L << 62;

  /** Outcomes of {@link #compare(long, long)}. */
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNDECIDED = -1;

  private static final ThreadLocal<RandomBits> LOCAL = new ThreadLocal<>();

  private final RandomSource source;
  /** The next {@code available} bits of the stream, left-aligned; the other bits are zero. */
  private long word;
  private int available;
  /** The 64 bits of the comparison left {@link #UNDECIDED} last, for {@link #resolve}. */
  private long undecidedPrefix;
  /** Set between {@link #acquire} and {@link #release} of the thread's instance. */
  private boolean inUse;

  RandomBits(RandomSource source) {
    this.source = source;
  }

  /**
   * Returns this thread's instance for {@code source}, with the bits left over by its previous
   * use, or a new one; pair with {@link #release()} in a {@code finally} block.
   */
  static RandomBits acquire(RandomSource source) {
    RandomBits bits = LOCAL.get();
    if (bits == null || bits.source != source) {
      bits = new RandomBits(source);
      LOCAL.set(bits);
    } else if (bits.inUse) {
      return new RandomBits(source);
    }
    bits.inUse = true;
    return bits;
  }

  /** Ends a use begun by {@link #acquire}; the unused bits stay for the thread's next use. */
  void release() {
    inUse = false;
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

  /** The next {@code n} bits of the stream, {@code 1 <= n <= 63}, as a non-negative long. */
  long nextBits(int n) {
    int a = available;
    if (a >= n) {
      long bits = word >>> (64 - n);
      word <<= n;
      available = a - n;
      return bits;
    }
    // The a < n buffered bits, then the first n - a bits of a fresh word.
    long fresh = source.nextLong();
    long bits = (word | (fresh >>> a)) >>> (64 - n);
    int m = n - a;
    word = fresh << m;
    available = 64 - m;
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
   * Decides {@code U < p} for the next uniform real {@code U} of the stream and a {@code p} known
   * only through unsigned 64-bit bounds: {@code lo <= p 2^64 <= hiMinusOne + 1}.
   *
   * <p>Let {@code W} be the next 64 bits of the stream, so {@code W <= U 2^64 < W + 1}.
   *
   * <ul>
   *   <li>If {@code W < lo}, let {@code k} be the first bit where they differ ({@code W} has 0
   *       there). Every {@code U} whose first {@code k + 1} bits are those of {@code W} lies
   *       below the value of {@code lo}'s first {@code k + 1} bits, which is at most {@code lo}:
   *       {@code U < p}. Returns {@link #TRUE} after consuming {@code k + 1} bits.
   *   <li>If {@code W > hiMinusOne}, let {@code k} be the first bit where they differ ({@code W}
   *       has 1 there). Every {@code U} with {@code W}'s first {@code k + 1} bits is at least that
   *       prefix's value, which exceeds {@code hiMinusOne}'s {@code (k + 1)}-bit prefix by at least
   *       one unit of {@code 2^-(k+1)}, hence is at least {@code (hiMinusOne + 1) / 2^64 >= p}:
   *       {@code U >= p}. Returns {@link #FALSE} after consuming {@code k + 1} bits.
   *   <li>Otherwise ({@code lo <= W <= hiMinusOne}, probability at most {@code (hi - lo + 1) /
   *       2^64}) consumes all 64 bits, keeps them for {@link #resolveExpMinus} and returns {@link
   *       #UNDECIDED}; the caller must then finish the comparison of the same {@code U}.
   * </ul>
   *
   * <p>Each decision depends only on the bits consumed, so the number of bits consumed is a
   * stopping time and the rest of the stream is untouched. The buffered bits are examined first;
   * a fresh word is drawn only when they do not decide.
   */
  int compare(long lo, long hiMinusOne) {
    int a = available;
    if (a != 0) {
      long w = word;
      int k = Long.numberOfLeadingZeros(w ^ lo);
      if (k < a) {
        if ((w << k) >= 0) {
          skip(k + 1);
          return TRUE;
        }
        int j = Long.numberOfLeadingZeros(w ^ hiMinusOne);
        if (j < a && (w << j) < 0) {
          skip(j + 1);
          return FALSE;
        }
      }
    }
    return compareWindow(lo, hiMinusOne);
  }

  /** {@link #compare} on a full 64-bit window: the buffered bits, then a fresh word if needed. */
  private int compareWindow(long lo, long hiMinusOne) {
    int a = available;
    long fresh = 0;
    long w = word;
    if (a < 64) {
      fresh = source.nextLong();
      w = a == 0 ? fresh : w | (fresh >>> a);
    }
    int n;
    int result;
    if (Long.compareUnsigned(w, lo) < 0) {
      n = Long.numberOfLeadingZeros(w ^ lo) + 1;
      result = TRUE;
    } else if (Long.compareUnsigned(w, hiMinusOne) > 0) {
      n = Long.numberOfLeadingZeros(w ^ hiMinusOne) + 1;
      result = FALSE;
    } else {
      n = 64;
      result = UNDECIDED;
      undecidedPrefix = w;
    }
    consumeWindow(n, a, fresh);
    return result;
  }

  /**
   * Consumes the first {@code n} bits of a 64-bit window made of the {@code a} buffered bits and
   * (if {@code a < 64}) the word {@code fresh}; when {@code a < 64}, {@code n > a} (otherwise the
   * buffered bits alone would have decided).
   */
  private void consumeWindow(int n, int a, long fresh) {
    if (n <= a) {
      skip(n);
    } else {
      int m = n - a;
      word = (fresh << (m - 1)) << 1;
      available = 64 - m;
    }
  }

  /**
   * Draws {@code j} from the truncated geometric {@code g} by inversion of the next uniform real
   * {@code U} of the stream, consuming bits up to the stopping time of {@link
   * TruncatedGeometric#locate}: first from the buffered bits alone, then from a full window. If
   * the window equals a threshold's floor {@code F_k}, its 64 bits are consumed and {@code U <
   * t_k} is decided exactly by {@link #resolve}.
   */
  int truncatedGeometric(TruncatedGeometric g) {
    int a = available;
    if (a != 0) {
      int located = g.locate(word, a);
      if (located >= 0) {
        skip(located >>> 8);
        return located & 0xFF;
      }
    }
    long fresh = 0;
    long w = word;
    if (a < 64) {
      fresh = source.nextLong();
      w = a == 0 ? fresh : w | (fresh >>> a);
    }
    int located = g.locate(w, 64);
    if (located >= 0) {
      consumeWindow(located >>> 8, a, fresh);
      return located & 0xFF;
    }
    int k = -1 - located;
    consumeWindow(64, a, fresh);
    undecidedPrefix = w;
    return resolve(bits -> g.thresholdBounds(k, bits)) ? k : k - 1;
  }

  /** Drops the next {@code n} buffered bits, {@code 1 <= n <= available}. */
  private void skip(int n) {
    word = (word << (n - 1)) << 1;
    available -= n;
  }

  /** Bounds {@code {lo, hi}} with {@code lo <= theta 2^bits <= hi} on a real {@code theta}. */
  interface Threshold {
    BigInteger[] bounds(int bits);
  }

  /**
   * Finishes a comparison left {@link #UNDECIDED}: returns {@code U < theta} for the same {@code
   * U}, whose first 64 bits were consumed (kept as the undecided prefix), drawing further bits of
   * {@code U} and bounding {@code theta} ever more precisely. With {@code P} bits of {@code U} read
   * as the integer {@code V} and {@code lo <= theta 2^P <= hi}: {@code V + 1 <= lo} implies
   * {@code U < theta}, and {@code V >= hi} implies the opposite. For an irrational {@code theta} some
   * precision decides with probability one, provided {@code hi - lo} stays bounded; each doubling
   * of {@code P} then fails to decide with probability about {@code (hi - lo) 2^-P}.
   */
  boolean resolve(Threshold theta) {
    BigInteger prefix = new BigInteger(Long.toUnsignedString(undecidedPrefix));
    int bits = 64;
    while (true) {
      int precision = 2 * bits;
      for (; bits < precision; bits += 32) {
        prefix = prefix.shiftLeft(32).or(BigInteger.valueOf(nextBits(32)));
      }
      BigInteger[] bounds = theta.bounds(precision);
      if (prefix.add(BigInteger.ONE).compareTo(bounds[0]) <= 0) {
        return true;
      }
      if (prefix.compareTo(bounds[1]) >= 0) {
        return false;
      }
    }
  }

  /**
   * {@link #resolve} for {@code theta = exp(-num/den)}, {@code num > 0}, {@code den > 0}
   * (irrational, with bounds of width at most a few units from {@link ExpMinus#bounds}).
   */
  boolean resolveExpMinus(BigInteger num, BigInteger den) {
    return resolve(bits -> ExpMinus.bounds(num, den, bits));
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

  /** Returns true with probability exactly {@code exp(-1)}. */
  boolean bernoulliExpMinusOne() {
    // e^-1 lies in [E, E + 1) / 2^64.
    int c = compare(ExpMinus.EXP_MINUS_ONE, ExpMinus.EXP_MINUS_ONE);
    return c >= 0 ? c == TRUE : resolveExpMinus(BigInteger.ONE, BigInteger.ONE);
  }

  /**
   * Starts the trial {@code U < exp(-gamma)} from bounds on {@code gamma}: {@code whole +
   * fraction/2^64 <= gamma < whole + (fraction + slack)/2^64} (fraction unsigned, {@code whole >=
   * 0}, {@code slack < 2^58}). Returns {@link #TRUE} or {@link #FALSE}, or {@link #UNDECIDED},
   * after which the caller must call {@link #resolveExpMinus} with the exact {@code gamma}.
   *
   * <p>First the coarse bounds: with {@code k} and {@code k'} the indices of the 1/64-steps
   * holding the two ends of the exponent's interval, {@code exp(-gamma)} lies in {@code
   * [coarse(k' + 1), coarse(k) + 1]} units ({@link ExpMinus#coarse}). If {@link #compare} leaves
   * that undecided (it consumed the 64-bit prefix {@code W}), the tight bounds: for {@code whole
   * <= 44}, {@code L = lowerBound(whole, fraction)} satisfies {@code L <= exp(-(whole +
   * fraction/2^64)) 2^64 <= L + 10} ({@link ExpMinus}); {@code exp(-gamma)} is at most that and,
   * as {@code exp(-x)} has slope at least {@code -1}, more than {@code L - slack} units, so {@code
   * W < L - slack} decides {@code U < exp(-gamma)} and {@code W >= L + 10} the opposite ({@link
   * #refine}). For {@code whole >= 45}, {@code exp(-gamma) 2^64 < e^-45 2^64 < 1}.
   */
  int expMinusTrial(int whole, long fraction, long slack) {
    if (whole > ExpMinus.MAX_WHOLE) {
      return compare(0, 0);
    }
    int k = whole * ExpMinus.COARSE_STEPS + (int) (fraction >>> 58);
    long end = fraction + slack;
    int kEnd = whole * ExpMinus.COARSE_STEPS + (int) (end >>> 58)
        + (Long.compareUnsigned(end, fraction) < 0 ? ExpMinus.COARSE_STEPS : 0);
    int c = compare(ExpMinus.coarse(kEnd + 1), ExpMinus.coarse(k));
    if (c != UNDECIDED) {
      return c;
    }
    long l = ExpMinus.lowerBound(whole, fraction);
    long lo = Long.compareUnsigned(l, slack) >= 0 ? l - slack : 0;
    long hiMinusOne = Long.compareUnsigned(l, -ExpMinus.LOWER_BOUND_ERROR) < 0
        ? l + (ExpMinus.LOWER_BOUND_ERROR - 1)
        : -1L;
    return refine(lo, hiMinusOne);
  }

  /**
   * Continues a comparison {@link #compare} left {@link #UNDECIDED} with tighter bounds {@code lo
   * <= p 2^64 <= hiMinusOne + 1}, on the same 64-bit prefix {@code W} and without consuming bits:
   * {@code W < lo} gives {@code U < (W + 1) 2^-64 <= p}, {@code W > hiMinusOne} gives {@code U >=
   * W 2^-64 >= p}; otherwise it stays undecided (for {@link #resolveExpMinus}).
   */
  int refine(long lo, long hiMinusOne) {
    long w = undecidedPrefix;
    if (Long.compareUnsigned(w, lo) < 0) {
      return TRUE;
    }
    return Long.compareUnsigned(w, hiMinusOne) > 0 ? FALSE : UNDECIDED;
  }

  /**
   * Returns true with probability exactly {@code exp(-num/d)} for {@code 0 <= num <= d}, where
   * {@code d = reciprocal.denominator()}.
   */
  boolean bernoulliExpMinusFraction(long num, Reciprocal reciprocal) {
    if (num == 0) {
      return true;
    }
    long den = reciprocal.denominator();
    if (num == den) {
      return bernoulliExpMinusOne();
    }
    int c = expMinusTrial(0, reciprocal.fraction(num), Reciprocal.SLACK);
    return c >= 0
        ? c == TRUE
        : resolveExpMinus(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  /**
   * Returns true with probability exactly {@code exp(-num/den)} for {@code num >= 0} and {@code 0 <
   * den <= 2^62}.
   */
  boolean bernoulliExpMinus(long num, long den) {
    if (num == 0) {
      return true;
    }
    long whole = num / den;
    int c = whole > ExpMinus.MAX_WHOLE
        ? compare(0, 0)
        : expMinusTrial((int) whole, Reciprocal.of(den).fraction(num - whole * den),
            Reciprocal.SLACK);
    return c >= 0
        ? c == TRUE
        : resolveExpMinus(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  /** As {@link #bernoulliExpMinus(long, long)}, for arbitrarily large {@code num >= 0, den > 0}. */
  boolean bernoulliExpMinus(BigInteger num, BigInteger den) {
    if (num.signum() == 0) {
      return true;
    }
    BigInteger[] qr = num.divideAndRemainder(den);
    int c;
    if (qr[0].compareTo(BigInteger.valueOf(ExpMinus.MAX_WHOLE)) > 0) {
      c = compare(0, 0);
    } else {
      // fraction = floor(rest 2^64 / den) exactly: the exponent is below fraction + 1 units.
      long fraction = qr[1].shiftLeft(64).divide(den).longValue();
      c = expMinusTrial(qr[0].intValueExact(), fraction, 1);
    }
    return c >= 0 ? c == TRUE : resolveExpMinus(num, den);
  }
}
