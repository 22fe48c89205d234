package io.privrec.core.cf.dp.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.random.RandomSource;

/**
 * Where the private item-kNN release draws its randomness: discrete Gaussian noise and its
 * threshold events ({@link DpItemKnnGaussian}), and uniform positions of the zero pairs that pass
 * the threshold. {@link #exact(RandomSource)} is the only implementation used by the library;
 * tests substitute a double (e.g. zero noise) to check that released statistics equal the bounded
 * true ones. Implementations need not be thread-safe: a release uses one from a single thread.
 */
public interface DpItemKnnNoise {

  /** One sample of {@code noise}. */
  long sample(DpItemKnnGaussian noise);

  /**
   * Fills {@code out} with independent samples of {@code noise}: by default {@code out.length}
   * calls of {@link #sample(DpItemKnnGaussian)}.
   */
  default void sample(DpItemKnnGaussian noise, long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = sample(noise);
    }
  }

  /** How many of {@code n} independent samples of {@code noise} exceed {@code threshold}. */
  long countAbove(DpItemKnnGaussian noise, long n, long threshold);

  /** One sample of {@code noise} conditioned on exceeding {@code threshold}. */
  long sampleAbove(DpItemKnnGaussian noise, long threshold);

  /** A uniform integer in {@code [0, bound)}, {@code bound >= 1}. */
  long uniform(long bound);

  /**
   * The exact samplers of {@link DpItemKnnGaussian}, drawing from {@code random}.
   *
   * @throws NullPointerException if {@code random} is null
   */
  static DpItemKnnNoise exact(RandomSource random) {
    requireNonNull(random, "random");
    return new DpItemKnnNoise() {
      @Override
      public long sample(DpItemKnnGaussian noise) {
        return noise.sample(random);
      }

      @Override
      public void sample(DpItemKnnGaussian noise, long[] out) {
        noise.sample(random, out);
      }

      @Override
      public long countAbove(DpItemKnnGaussian noise, long n, long threshold) {
        return noise.countAbove(n, threshold, random);
      }

      @Override
      public long sampleAbove(DpItemKnnGaussian noise, long threshold) {
        return noise.sampleAbove(threshold, random);
      }

      @Override
      public long uniform(long bound) {
        return random.nextLong(bound);
      }
    };
  }
}
