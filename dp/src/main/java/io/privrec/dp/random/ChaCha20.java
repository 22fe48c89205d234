package io.privrec.dp.random;

/**
 * The ChaCha20 block function of RFC 8439 (20 rounds) and a {@link RandomSource} built on it.
 *
 * <p>The generator uses ChaCha20 as a stream cipher over an all-zero plaintext, i.e. its output is
 * the key stream. State words 12 and 13 form a 64-bit block counter (the original Bernstein layout,
 * so the stream never wraps in practice: 2^64 blocks of 64 bytes), words 14 and 15 a 64-bit nonce.
 * With a uniformly random 256-bit key the output is computationally indistinguishable from uniform
 * bits (the standard ChaCha20 security assumption).
 *
 * <p>Not thread-safe: {@link RandomSources} wraps instances per thread.
 */
final class ChaCha20 implements RandomSource {

  /** "expand 32-byte k" as four little-endian words. */
  static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private static final int BLOCKS_PER_REFILL = 4;
  private static final int LONGS_PER_BLOCK = 8;

  private final int[] state = new int[16];
  private final int[] words = new int[16];
  private final long[] buffer = new long[BLOCKS_PER_REFILL * LONGS_PER_BLOCK];
  private int next = buffer.length;

  /**
   * Creates a generator with the given key and nonce and block counter 0.
   *
   * @param key eight 32-bit key words (little-endian words of the 32-byte key)
   * @param nonce the 64-bit nonce
   */
  ChaCha20(int[] key, long nonce) {
    if (key.length != 8) {
      throw new IllegalArgumentException("key must have 8 words. Provided length: " + key.length);
    }
    System.arraycopy(SIGMA, 0, state, 0, 4);
    System.arraycopy(key, 0, state, 4, 8);
    state[12] = 0;
    state[13] = 0;
    state[14] = (int) nonce;
    state[15] = (int) (nonce >>> 32);
  }

  @Override
  public long nextLong() {
    if (next == buffer.length) {
      refill();
    }
    return buffer[next++];
  }

  private void refill() {
    for (int b = 0; b < BLOCKS_PER_REFILL; b++) {
      blockWords(state, words);
      int offset = b * LONGS_PER_BLOCK;
      for (int i = 0; i < LONGS_PER_BLOCK; i++) {
        buffer[offset + i] = (words[2 * i] & 0xFFFFFFFFL) | ((long) words[2 * i + 1] << 32);
      }
      // 64-bit block counter in words 12 (low) and 13 (high).
      if (++state[12] == 0) {
        state[13]++;
      }
    }
    next = 0;
  }

  /**
   * Computes one ChaCha20 block (RFC 8439 section 2.3): {@code out = in + 20 rounds(in)}, word by
   * word; serialising {@code out} little-endian gives the 64 key-stream bytes.
   */
  static void blockWords(int[] in, int[] out) {
    int x0 = in[0];
    int x1 = in[1];
    int x2 = in[2];
    int x3 = in[3];
    int x4 = in[4];
    int x5 = in[5];
    int x6 = in[6];
    int x7 = in[7];
    int x8 = in[8];
    int x9 = in[9];
    int x10 = in[10];
    int x11 = in[11];
    int x12 = in[12];
    int x13 = in[13];
    int x14 = in[14];
    int x15 = in[15];
    // Ten double rounds: a column round then a diagonal round, quarter rounds inlined so the JIT
    // keeps the 16 words in registers.
    for (int i = 0; i < 10; i++) {
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);

      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);

      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);

      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);

      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);

      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);

      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);

      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    out[0] = x0 + in[0];
    out[1] = x1 + in[1];
    out[2] = x2 + in[2];
    out[3] = x3 + in[3];
    out[4] = x4 + in[4];
    out[5] = x5 + in[5];
    out[6] = x6 + in[6];
    out[7] = x7 + in[7];
    out[8] = x8 + in[8];
    out[9] = x9 + in[9];
    out[10] = x10 + in[10];
    out[11] = x11 + in[11];
    out[12] = x12 + in[12];
    out[13] = x13 + in[13];
    out[14] = x14 + in[14];
    out[15] = x15 + in[15];
  }
}
