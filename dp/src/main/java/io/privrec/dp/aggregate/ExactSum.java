package io.privrec.dp.aggregate;

import java.math.BigInteger;

/**
 * Exact sum of finite doubles, independent of the order of addition.
 *
 * <p>Each double is {@code m 2^(e - 1075)} with a 53-bit integer {@code m}; {@code m} is added to a
 * long bucket indexed by {@code e}. Every 512 additions each bucket's bits above 2^32 move 32
 * buckets up, so no bucket overflows. The exact total is rounded to a double once, at the end. A
 * floating-point running sum would depend on the order of entries, so an attacker who controls the
 * order could learn from the result's low bits (order-dependent sums are a known leak).
 *
 * <p>Not thread-safe.
 */
final class ExactSum {

  private static final int BUCKETS = 2048 + 64;
  private static final int CARRY_INTERVAL = 512;

  private final long[] buckets = new long[BUCKETS];
  private int sinceCarry;

  /** Adds a finite value. */
  void add(double value) {
    long bits = Double.doubleToRawLongBits(value);
    int exponent = (int) ((bits >>> 52) & 0x7FF);
    long mantissa = bits & ((1L << 52) - 1);
    if (exponent == 0) {
      exponent = 1;
    } else {
      mantissa |= 1L << 52;
    }
    buckets[exponent] += bits < 0 ? -mantissa : mantissa;
    if (++sinceCarry == CARRY_INTERVAL) {
      carry();
    }
  }

  private void carry() {
    for (int i = 0; i + 32 < BUCKETS; i++) {
      long high = buckets[i] >> 32;
      buckets[i] -= high << 32;
      buckets[i + 32] += high;
    }
    sinceCarry = 0;
  }

  /** Returns the exact sum rounded to a double (±infinity beyond the double range). */
  double sum() {
    int lowest = 1;
    while (lowest < BUCKETS && buckets[lowest] == 0) {
      lowest++;
    }
    if (lowest == BUCKETS) {
      return 0.0;
    }
    int highest = BUCKETS - 1;
    while (buckets[highest] == 0) {
      highest--;
    }
    BigInteger total = BigInteger.ZERO;
    for (int i = highest; i >= lowest; i--) {
      total = total.shiftLeft(1).add(BigInteger.valueOf(buckets[i]));
    }
    // The exact sum is total * 2^(lowest - 1075). Keep the top 62 bits plus a sticky bit for the
    // discarded ones (enough for correct rounding to 53 bits), convert (rounding to nearest even),
    // then scale; scalb is exact unless the result is subnormal or overflows. Either way the result
    // is a deterministic function of the exact sum, hence independent of the order of addition.
    BigInteger magnitude = total.abs();
    int shift = Math.max(0, magnitude.bitLength() - 62);
    long top = magnitude.shiftRight(shift).longValueExact();
    if (shift > 0 && magnitude.getLowestSetBit() < shift) {
      top |= 1;
    }
    double result = Math.scalb((double) top, lowest - 1075 + shift);
    return total.signum() < 0 ? -result : result;
  }
}
