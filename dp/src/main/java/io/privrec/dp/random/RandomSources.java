package io.privrec.dp.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Factories for the {@link RandomSource}s from which all of PrivRec's noise is drawn.
 *
 * <ul>
 *   <li>{@link #secure()}: the default; bits come from {@link SecureRandom} (the platform's
 *       default algorithm, seeded by the operating system).
 *   <li>{@link #fastSecure()}: a ChaCha20 key stream (RFC 8439, 20 rounds) keyed per thread with 256
 *       bits from {@link SecureRandom}; cryptographically secure under the standard ChaCha20
 *       assumption and faster than {@code secure()} for bulk noise (see {@code docs/tuning.md}).
 *   <li>{@link #insecureReproducibleForTesting(long)}: deterministic, for tests and experiments only.
 * </ul>
 *
 * <p>Thread-safety: {@code secure()} and {@code fastSecure()} return shared instances that are safe
 * for concurrent use (each thread draws from its own buffer or cipher instance, so there is no lock
 * on the hot path). Instances from {@code insecureReproducibleForTesting} are not thread-safe.
 */
public final class RandomSources {

  private RandomSources() {}

  /**
   * Returns the default source: bits from {@link SecureRandom}, buffered 512 bytes at a time per
   * thread. Safe for concurrent use; never reproducible.
   */
  public static RandomSource secure() {
    return SecureHolder.INSTANCE;
  }

  /**
   * Returns a fast cryptographically secure source: each thread gets its own ChaCha20 key stream,
   * keyed with 256 fresh bits and a 64-bit nonce from {@link SecureRandom}. Safe for concurrent
   * use; never reproducible.
   */
  public static RandomSource fastSecure() {
    return FastSecureHolder.INSTANCE;
  }

  /**
   * Returns a deterministic source (the ChaCha20 key stream keyed by a fixed expansion of {@code
   * seed}) for tests and reproducible experiments.
   *
   * <p><b>Voids every privacy guarantee.</b> Differential privacy assumes the noise is unknown to
   * the adversary. Anyone who knows or guesses the seed (64 bits at most, and seeds such as 0, 42 or
   * a date are guessed first) can regenerate the noise exactly and subtract it from a released
   * value, recovering the exact statistic. Reusing a seed across two releases makes their noise
   * identical, so the difference of the releases is the exact difference of the inputs. Never use
   * this source for data that leaves a test.
   *
   * <p>Not thread-safe: use one instance per thread (the sequence is only reproducible when a single
   * thread consumes it anyway).
   *
   * @param seed any value; equal seeds give equal sequences
   */
  public static RandomSource insecureReproducibleForTesting(long seed) {
    int[] key = new int[8];
    long state = seed;
    for (int i = 0; i < 4; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = mix64(state);
      key[2 * i] = (int) z;
      key[2 * i + 1] = (int) (z >>> 32);
    }
    return new ChaCha20(key, /* nonce= */ 0x7465737453656564L);
  }

  /** SplitMix64's finaliser: spreads the seed bits over the whole key (not a noise source). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final class SecureHolder {
    static final RandomSource INSTANCE = new SecureRandomSource(new SecureRandom());
  }

  private static final class FastSecureHolder {
    static final RandomSource INSTANCE = new PerThreadChaCha20(new SecureRandom());
  }

  /** {@link SecureRandom} with a per-thread byte buffer: one lock acquisition per 64 longs. */
  private static final class SecureRandomSource implements RandomSource {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER_BYTES = 512;

    private final SecureRandom random;
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    SecureRandomSource(SecureRandom random) {
      this.random = random;
    }

    @Override
    public long nextLong() {
      Buffer buffer = buffers.get();
      if (buffer.next == BUFFER_BYTES) {
        random.nextBytes(buffer.bytes);
        buffer.next = 0;
      }
      long bits = (long) LONGS.get(buffer.bytes, buffer.next);
      buffer.next += Long.BYTES;
      return bits;
    }

    @Override
    public String toString() {
      return "RandomSources.secure()";
    }

    private static final class Buffer {
      final byte[] bytes = new byte[BUFFER_BYTES];
      int next = BUFFER_BYTES;
    }
  }

  /** One ChaCha20 stream per thread, each keyed independently from {@link SecureRandom}. */
  private static final class PerThreadChaCha20 implements RandomSource {
    private final ThreadLocal<ChaCha20> ciphers;

    PerThreadChaCha20(SecureRandom keySource) {
      this.ciphers = ThreadLocal.withInitial(() -> {
        int[] key = new int[8];
        for (int i = 0; i < key.length; i++) {
          key[i] = keySource.nextInt();
        }
        return new ChaCha20(key, keySource.nextLong());
      });
    }

    @Override
    public long nextLong() {
      return ciphers.get().nextLong();
    }

    @Override
    public String toString() {
      return "RandomSources.fastSecure()";
    }
  }
}
