package io.privrec.dp.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChaCha20Test {

  /** RFC 8439 section 2.3.2: key 00..1f, nonce 000000090000004a00000000, block counter 1. */
  @Test
  void blockWords_rfc8439Section232_matchesTestVector() {
    int[] state = initialState(keyBytes0to31(), 1, HexFormat.of().parseHex("000000090000004a00000000"));
    int[] out = new int[16];

    ChaCha20.blockWords(state, out);

    assertThat(out).containsExactly(
        0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3,
        0xc7f4d1c7, 0x0368c033, 0x9aaa2204, 0x4e6cd4c3,
        0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9,
        0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2);
    assertThat(HexFormat.of().formatHex(serialize(out))).isEqualTo(
        "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
  }

  /** RFC 8439 section 2.4.2: the "sunscreen" plaintext encrypted from block counter 1. */
  @Test
  void blockWords_rfc8439Section242Encryption_matchesCiphertext() {
    byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one "
        + "tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = HexFormat.of().parseHex("000000000000004a00000000");
    byte[] ciphertext = new byte[plaintext.length];
    int[] out = new int[16];
    for (int block = 0; block * 64 < plaintext.length; block++) {
      ChaCha20.blockWords(initialState(keyBytes0to31(), 1 + block, nonce), out);
      byte[] keyStream = serialize(out);
      for (int i = block * 64; i < Math.min(plaintext.length, block * 64 + 64); i++) {
        ciphertext[i] = (byte) (plaintext[i] ^ keyStream[i - block * 64]);
      }
    }

    assertThat(HexFormat.of().formatHex(ciphertext)).isEqualTo(
        "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
            + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
            + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            + "5af90bbf74a35be6b40b8eedf2785e42874d");
  }

  @Test
  void nextLong_generatorStream_equalsBlockFunctionWithIncrementingCounter() {
    int[] key = {1, 2, 3, 4, 5, 6, 7, 8};
    long nonce = 0x0123456789abcdefL;
    ChaCha20 generator = new ChaCha20(key, nonce);
    int[] state = new int[16];
    System.arraycopy(ChaCha20.SIGMA, 0, state, 0, 4);
    System.arraycopy(key, 0, state, 4, 8);
    state[14] = (int) nonce;
    state[15] = (int) (nonce >>> 32);
    int[] out = new int[16];

    for (int block = 0; block < 9; block++) {
      state[12] = block;
      ChaCha20.blockWords(state, out);
      for (int i = 0; i < 8; i++) {
        long expected = (out[2 * i] & 0xFFFFFFFFL) | ((long) out[2 * i + 1] << 32);
        assertThat(generator.nextLong()).as("block %d long %d", block, i).isEqualTo(expected);
      }
    }
  }

  private static byte[] keyBytes0to31() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
    }
    return key;
  }

  /** The RFC 8439 state: constants, key, 32-bit counter, 96-bit nonce, all little-endian words. */
  private static int[] initialState(byte[] key, int counter, byte[] nonce) {
    int[] state = new int[16];
    System.arraycopy(ChaCha20.SIGMA, 0, state, 0, 4);
    for (int i = 0; i < 8; i++) {
      state[4 + i] = littleEndianWord(key, 4 * i);
    }
    state[12] = counter;
    for (int i = 0; i < 3; i++) {
      state[13 + i] = littleEndianWord(nonce, 4 * i);
    }
    return state;
  }

  private static int littleEndianWord(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8
        | (bytes[offset + 2] & 0xFF) << 16 | (bytes[offset + 3] & 0xFF) << 24;
  }

  private static byte[] serialize(int[] words) {
    byte[] bytes = new byte[64];
    for (int i = 0; i < 16; i++) {
      for (int b = 0; b < 4; b++) {
        bytes[4 * i + b] = (byte) (words[i] >>> (8 * b));
      }
    }
    return bytes;
  }
}
