package io.privrec.core.cf.dp.internal;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * Parameter checks and the random-source choice shared by the private recommenders' builders:
 * the budget (ε, δ), the contribution bound and the insecure test source. Messages name the
 * parameter as on the command line, the rule and the value. Stateless and thread-safe.
 */
public final class BoundingChecks {
  private BoundingChecks() {}

  /**
   * Returns {@code epsilon}.
   *
   * @throws IllegalArgumentException unless finite and {@code > 0}
   */
  public static double epsilon(double epsilon) {
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException("epsilon must be finite and > 0. Provided value: " + epsilon);
    }
    return epsilon;
  }

  /**
   * Returns {@code delta}.
   *
   * @throws IllegalArgumentException unless in {@code (0, 1)}
   */
  public static double delta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
    }
    return delta;
  }

  /**
   * Returns {@code maxItemsPerUser}.
   *
   * @throws IllegalArgumentException unless in {@code [min, 10,000]}
   */
  public static int maxItemsPerUser(int maxItemsPerUser, int min) {
    if (maxItemsPerUser < min || maxItemsPerUser > 10_000) {
      throw new IllegalArgumentException("max-items-per-user must be in [" + min + ", 10000]. Provided value: "
          + maxItemsPerUser);
    }
    return maxItemsPerUser;
  }

  /**
   * The source a fit draws from: {@link RandomSources#secure()}, or a fresh {@link
   * RandomSources#insecureReproducibleForTesting(long)} stream when {@code insecure} (tests only;
   * voids every guarantee).
   */
  public static RandomSource source(boolean insecure, long seed) {
    return insecure ? RandomSources.insecureReproducibleForTesting(seed) : RandomSources.secure();
  }
}
