package io.privrec.spark.internal;

/**
 * SipHash-2-4 (Aumasson &amp; Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012): a
 * pseudo-random function of a 128-bit secret key and a byte string, with 64-bit output. Without the
 * key its outputs can be neither predicted nor told apart from random ones, which is what keyed
 * contribution bounding needs.
 *
 * <p>Stateless and thread-safe.
 */
public final class SipHash {
  private SipHash() {}

  /**
   * The SipHash-2-4 value of {@code message[0 .. length)} under the key {@code (k0, k1)}: the
   * key's 16 bytes are {@code k0} then {@code k1}, each little-endian, as in the specification.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= length <= message.length}
   */
  public static long hash(long k0, long k1, byte[] message, int length) {
    if (length < 0 || length > message.length) {
      throw new IndexOutOfBoundsException("length must be in [0, " + message.length + "]. Provided value: " + length);
    }
    long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
        k1 ^ 0x7465646279746573L};
    int full = length & ~7;
    for (int off = 0; off < full; off += 8) {
      compress(v, littleEndian(message, off, 8));
    }
    // Last block: the remaining bytes, with the message length (mod 256) in the top byte.
    compress(v, littleEndian(message, full, length - full) | ((long) length << 56));
    v[2] ^= 0xff;
    rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  /** Absorbs one 8-byte block {@code m} with two rounds. */
  private static void compress(long[] v, long m) {
    v[3] ^= m;
    rounds(v, 2);
    v[0] ^= m;
  }

  /** {@code n} SipRounds on the state {@code v}. */
  private static void rounds(long[] v, int n) {
    long v0 = v[0];
    long v1 = v[1];
    long v2 = v[2];
    long v3 = v[3];
    for (int r = 0; r < n; r++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
    }
    v[0] = v0;
    v[1] = v1;
    v[2] = v2;
    v[3] = v3;
  }

  /** The {@code count <= 8} bytes at {@code off} as a little-endian integer. */
  private static long littleEndian(byte[] b, int off, int count) {
    long x = 0;
    for (int k = count - 1; k >= 0; k--) {
      x = (x << 8) | (b[off + k] & 0xffL);
    }
    return x;
  }
}
