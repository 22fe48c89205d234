package io.privrec.core.cf.dp.internal;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * The parameter checks and the random-source choice shared by the private recommenders' builders:
 * the budget (ε, δ), the contribution bound and the insecure test source. The checks only name
 * the rules of {@link CorePreconditions} for these parameters (as on the command line), which
 * states them. Stateless and thread-safe.
 */
public final class BoundingChecks {
  private BoundingChecks() {}

  /**
   * Returns {@code epsilon}.
   *
   * @throws IllegalArgumentException unless finite and {@code > 0}
   */
  public static double epsilon(double epsilon) {
    return CorePreconditions.checkEpsilon(epsilon);
  }

  /**
   * Returns {@code delta}.
   *
   * @throws IllegalArgumentException unless in {@code (0, 1)}
   */
  public static double delta(double delta) {
    return CorePreconditions.checkPositiveDelta("delta", delta);
  }

  /**
   * Returns {@code maxItemsPerUser}.
   *
   * @throws IllegalArgumentException unless in {@code [min, 10,000]}
   */
  public static int maxItemsPerUser(int maxItemsPerUser, int min) {
    return CorePreconditions.checkInRange("max-items-per-user", maxItemsPerUser, min, 10_000);
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
