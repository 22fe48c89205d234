package io.privrec.dp.noise;

import java.math.BigInteger;

/**
 * The truncated geometric distribution on {@code [0, B)} with ratio {@code rho = e^(-1/B)}, for
 * {@code B} a power of two from 2 to 64: {@code P(j) = (1 - rho) rho^j / (1 - e^-1)}. With {@code
 * V} geometric of ratio {@code e^-1}, {@code B V + j} is geometric with ratio {@code rho} (the
 * discrete Gaussian's block proposal).
 *
 * <p>Sampling by inversion: {@code P(j >= k) = t_k = (e^(-k/B) - e^-1) / (1 - e^-1)}, so {@code j
 * = #{k in [1, B) : U < t_k}} for a uniform real {@code U}. The table holds {@code F_k =
 * floor(t_k 2^64)}; every {@code t_k} is irrational ({@code (e^a - 1)/(e - 1)} for a rational
 * {@code a} in {@code (0, 1)}: if it were rational, {@code e^(1/q)} would be algebraic), so {@code
 * F_k < t_k 2^64 < F_k + 1}. For the 64-bit window {@code W} of {@code U}: {@code W < F_k} implies
 * {@code U < t_k}, {@code W > F_k} implies {@code U > t_k}, and {@code W = F_k} leaves that one
 * comparison to exact arithmetic ({@link #thresholdBounds}).
 *
 * <p>Consecutive thresholds differ by {@code rho^k (1 - rho) / (1 - e^-1) > 0.0093 > 2^-8}, so
 * each of the 256 ranges of {@code W}'s top byte contains at most one {@code F_k}: {@link
 * #above} gives the number of thresholds above the range, and only the next threshold needs a
 * comparison. The tables are computed at class initialisation with 192-bit interval arithmetic
 * from {@link ExpMinus#bounds} (initialisation fails if an entry or the spacing is not decided;
 * {@code TruncatedGeometricTest} re-derives them independently).
 *
 * <p>Immutable and thread-safe.
 */
final class TruncatedGeometric {

  private static final int INIT_PRECISION = 192;
  private static final TruncatedGeometric[] BY_LOG_SIZE = new TruncatedGeometric[7];

  static {
    for (int b = 1; b <= 6; b++) {
      BY_LOG_SIZE[b] = new TruncatedGeometric(1 << b);
    }
  }

  private final int size;
  /** {@code F_k} for {@code k = 1 .. size-1}; entry 0 unused. */
  private final long[] thresholds;
  /** For each top byte {@code c}: the number of {@code F_k} whose top byte exceeds {@code c}. */
  private final byte[] above;

  private TruncatedGeometric(int size) {
    this.size = size;
    thresholds = new long[size];
    for (int k = 1; k < size; k++) {
      BigInteger[] b = thresholdBounds(k, size, INIT_PRECISION);
      BigInteger lo = b[0].shiftRight(INIT_PRECISION - 64);
      BigInteger hi = b[1].shiftRight(INIT_PRECISION - 64);
      if (!lo.equals(hi)) {
        throw new IllegalStateException("threshold " + k + "/" + size + " not decided");
      }
      thresholds[k] = lo.longValue();
    }
    above = new byte[256];
    for (int c = 0; c < 256; c++) {
      int count = 0;
      int inRange = 0;
      for (int k = 1; k < size; k++) {
        int top = (int) (thresholds[k] >>> 56);
        count += top > c ? 1 : 0;
        inRange += top == c ? 1 : 0;
      }
      if (inRange > 1) {
        throw new IllegalStateException("two thresholds share top byte " + c);
      }
      above[c] = (byte) count;
    }
  }

  /** Returns the distribution on {@code [0, 2^logSize)}, {@code 1 <= logSize <= 6}. */
  static TruncatedGeometric ofLogSize(int logSize) {
    return BY_LOG_SIZE[logSize];
  }

  int size() {
    return size;
  }

  /**
   * Locates {@code j} from the first {@code a} bits of {@code w} (the rest of {@code w} zero):
   * returns {@code j + 256 n} when they decide it with {@code n <= a} bits, {@code -1} when more bits are
   * needed ({@code a < 64}), and {@code -1 - k} when {@code a = 64} and {@code w = F_k} (the
   * comparison with {@code t_k} is then undecided).
   *
   * <p>With {@code c} thresholds above {@code w}'s top-byte range and {@code F_{c+1}} possibly
   * inside it, {@code j} is {@code c + [w < F_{c+1}]}. Bits: {@code U < t_j} is decided by {@code
   * w}'s bits up to its first difference with {@code F_j} ({@code w} has 0 there), {@code U >
   * t_(j+1)} up to its first difference with {@code F_(j+1)} ({@code w} has 1 there); {@code n} is
   * the larger of the two positions (plus one), a stopping time. If {@code a < 64} and {@code n <= a}, those
   * first differences lie within the known bits, so the unknown bits cannot change {@code j}.
   */
  int locate(long w, int a) {
    int range = (int) (w >>> 56);
    int j = above[range];
    int next = j + 1;
    if (next < size && (int) (thresholds[next] >>> 56) == range) {
      long f = thresholds[next];
      if (Long.compareUnsigned(w, f) < 0) {
        j = next;
      } else if (w == f) {
        return a == 64 ? -1 - next : -1;
      }
    }
    int n = 0;
    if (j >= 1) {
      n = Long.numberOfLeadingZeros(w ^ thresholds[j]) + 1;
    }
    if (j + 1 < size) {
      n = Math.max(n, Long.numberOfLeadingZeros(w ^ thresholds[j + 1]) + 1);
    }
    return n <= a ? j + (n << 8) : -1;
  }

  /** Bounds {@code {lo, hi}} on {@code t_k 2^bits} for this distribution. */
  BigInteger[] thresholdBounds(int k, int bits) {
    return thresholdBounds(k, size, bits);
  }

  /**
   * Bounds on {@code t_k 2^bits = (e^(-k/B) - e^-1) 2^bits / (1 - e^-1)}: interval arithmetic on
   * {@link ExpMinus#bounds} at 8 extra bits, numerator and denominator rounded outwards.
   */
  static BigInteger[] thresholdBounds(int k, int size, int bits) {
    int precision = bits + 8;
    BigInteger one = BigInteger.ONE.shiftLeft(precision);
    BigInteger[] a = ExpMinus.bounds(BigInteger.valueOf(k), BigInteger.valueOf(size), precision);
    BigInteger[] e = ExpMinus.bounds(BigInteger.ONE, BigInteger.ONE, precision);
    BigInteger numLo = a[0].subtract(e[1]).shiftLeft(bits);
    BigInteger numHi = a[1].subtract(e[0]).shiftLeft(bits);
    BigInteger denLo = one.subtract(e[1]);
    BigInteger denHi = one.subtract(e[0]);
    return new BigInteger[] {numLo.divide(denHi), ExactRational.ceilDiv(numHi, denLo)};
  }

  /** Returns a copy of {@code F_1 .. F_(B-1)} (entry 0 unused), for tests. */
  long[] thresholds() {
    return thresholds.clone();
  }
}
