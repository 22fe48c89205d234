package io.privrec.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipHashTest {
  // The specification's key 00 01 02 ... 0f, as two little-endian words.
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  private static byte[] counting(int length) {
    byte[] m = new byte[length];
    for (int i = 0; i < length; i++) {
      m[i] = (byte) i;
    }
    return m;
  }

  @Test
  void hash_matchesThePapersTestVectors() {
    // Aumasson & Bernstein, Appendix A: the 15-byte message 00 01 ... 0e.
    assertThat(SipHash.hash(K0, K1, counting(15), 15)).isEqualTo(0xa129ca6149be45e5L);
    // The reference implementation's vectors for the empty and the one-byte message.
    assertThat(SipHash.hash(K0, K1, counting(0), 0)).isEqualTo(0x726fdb47dd0e0e31L);
    assertThat(SipHash.hash(K0, K1, counting(1), 1)).isEqualTo(0x74f839c593dc67fdL);
  }

  @Test
  void hash_readsOnlyTheGivenLengthAndDependsOnKeyAndMessage() {
    byte[] m = counting(40);
    long h = SipHash.hash(K0, K1, m, 15);
    m[20] = 99;
    assertThat(SipHash.hash(K0, K1, m, 15)).isEqualTo(h);
    assertThat(SipHash.hash(K0 + 1, K1, m, 15)).isNotEqualTo(h);
    assertThat(SipHash.hash(K0, K1, m, 16)).isNotEqualTo(h);
    assertThatThrownBy(() -> SipHash.hash(K0, K1, m, 41)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
