package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.dp.random.RandomSources;

/**
 * The builder parts of the private recommenders that release noisy Gram statistics ({@link
 * DpEase}, {@link DpIals}): the test source and the replaceable {@link GramNoise}. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
abstract class GramPrivateBuilder<B extends GramPrivateBuilder<B>> extends PrivateBuilder<B> {
  GramNoise noise;

  GramPrivateBuilder(double epsilon, double delta, int maxItemsPerUser) {
    super(epsilon, delta, maxItemsPerUser, 1);
  }

  /**
   * Draws bounding choices and noise from a fresh {@link
   * RandomSources#insecureReproducibleForTesting} stream with {@code seed} at every fit: fits
   * become reproducible and <b>are not private</b> (anyone who knows the seed can subtract the
   * noise). For tests and experiments only.
   */
  public B insecureRandomSourceForTesting(long seed) {
    return insecureSource(seed);
  }

  /** Replaces the noise (tests only: e.g. a zero-noise double). */
  B noiseForTesting(GramNoise noise) {
    this.noise = requireNonNull(noise, "noise");
    return self();
  }
}
