package io.privrec.dp.noise;

import io.privrec.dp.random.RandomSource;
import java.math.BigInteger;

/**
 * Scripted bit streams for tests of {@link RandomBits}: a source replaying given words (most
 * significant bit first, as {@code RandomBits} reads them), and the bits those words spell.
 */
final class ScriptedStreams {

  private ScriptedStreams() {}

  /** A source returning {@code words} in order, then failing the test. */
  static RandomSource of(long... words) {
    return new RandomSource() {
      private int next;

      @Override
      public long nextLong() {
        if (next == words.length) {
          throw new AssertionError("more words drawn than scripted");
        }
        return words[next++];
      }
    };
  }

  /** {@code v} read as an unsigned 64-bit integer. */
  static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  /** Bits {@code [from, from + n)} of the concatenated words, MSB first, as an integer. */
  static BigInteger bits(long[] words, int from, int n) {
    BigInteger all = BigInteger.ZERO;
    for (long w : words) {
      all = all.shiftLeft(64).or(unsigned(w));
    }
    return all.shiftRight(64 * words.length - from - n)
        .and(BigInteger.ONE.shiftLeft(n).subtract(BigInteger.ONE));
  }

  /** Writes {@code window} as bits {@code [offset, offset + 64)} of the stream, {@code offset < 64}. */
  static void place(long[] words, int offset, long window) {
    if (offset == 0) {
      words[0] = window;
      return;
    }
    long low = -1L >>> offset;
    words[0] = (words[0] & ~low) | (window >>> offset);
    words[1] = (window << (64 - offset)) | (words[1] & low);
  }
}
