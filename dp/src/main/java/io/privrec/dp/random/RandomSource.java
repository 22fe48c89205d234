package io.privrec.dp.random;

/**
 * A source of uniformly distributed random bits from which all of PrivRec's noise is drawn.
 *
 * <p>Obtain instances from {@link RandomSources}: {@link RandomSources#secure()} (the default,
 * backed by {@link java.security.SecureRandom}) or {@link RandomSources#fastSecure()} (a
 * cryptographically secure stream cipher keyed from {@code SecureRandom}, for bulk noise). A seeded,
 * reproducible source exists only as {@link RandomSources#insecureReproducibleForTesting(long)}: its
 * output is predictable by anyone who knows the seed, which voids every privacy guarantee.
 *
 * <p>Thread-safety: implementations returned by {@link RandomSources} are safe for concurrent use
 * unless their javadoc says otherwise.
 */
public interface RandomSource {

  /** Returns 64 uniformly random bits. */
  long nextLong();

  /** Returns 32 uniformly random bits. */
  default int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  /**
   * Returns a uniformly random integer in {@code [0, bound)}, without modulo bias.
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  default long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
    }
    // Rejection sampling on the top bits (Lemire's method would also do): unbiased for any bound.
    long mask = -1L >>> Long.numberOfLeadingZeros(bound - 1 | 1);
    while (true) {
      long candidate = nextLong() & mask;
      if (candidate < bound) {
        return candidate;
      }
    }
  }

  /**
   * Returns a uniformly random integer in {@code [0, bound)}, without modulo bias.
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  default int nextInt(int bound) {
    return (int) nextLong((long) bound);
  }

  /** Returns a uniformly random boolean. */
  default boolean nextBoolean() {
    return nextLong() < 0;
  }

  /**
   * Returns a double uniformly distributed on the 2^53 equally spaced values {@code k * 2^-53},
   * {@code 0 <= k < 2^53}, i.e. in {@code [0, 1)}.
   */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Fills {@code bytes} with uniformly random bytes. */
  default void nextBytes(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      long bits = nextLong();
      for (int j = 0; j < 8 && i < bytes.length; j++, i++) {
        bytes[i] = (byte) bits;
        bits >>>= 8;
      }
    }
  }
}
