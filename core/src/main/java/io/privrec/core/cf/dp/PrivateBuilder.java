package io.privrec.core.cf.dp;

import io.privrec.core.cf.dp.internal.BoundingChecks;
import io.privrec.core.model.Params;

/**
 * The builder parts every private recommender shares: the budget (ε, δ), the contribution bound
 * {@code m = max-items-per-user} and the insecure test source, with their validation. Each
 * algorithm's public {@code Builder} extends it with a self type, so the setters return that
 * builder. Setters validate and leave the builder unchanged on failure. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
abstract class PrivateBuilder<B extends PrivateBuilder<B>> {
  /** Largest accepted {@code max-items-per-user}. */
  static final int MAX_ITEMS_PER_USER_LIMIT = 10_000;

  private final int minItemsPerUser;
  double epsilon;
  double delta;
  int maxItemsPerUser;
  boolean insecure;
  long insecureSeed;

  PrivateBuilder(double epsilon, double delta, int maxItemsPerUser, int minItemsPerUser) {
    this.epsilon = epsilon;
    this.delta = delta;
    this.maxItemsPerUser = maxItemsPerUser;
    this.minItemsPerUser = minItemsPerUser;
  }

  /** This builder, typed as the concrete builder. */
  abstract B self();

  /**
   * Sets ε of the (ε, δ) guarantee.
   *
   * @throws IllegalArgumentException unless finite and {@code > 0}
   */
  public B epsilon(double epsilon) {
    this.epsilon = BoundingChecks.epsilon(epsilon);
    return self();
  }

  /**
   * Sets δ of the (ε, δ) guarantee (a pure ε-DP release, such as dp-popularity's Laplace counts,
   * does not use it).
   *
   * @throws IllegalArgumentException unless in {@code (0, 1)}
   */
  public B delta(double delta) {
    this.delta = BoundingChecks.delta(delta);
    return self();
  }

  /**
   * Sets {@code m}, the most items kept per user (a uniformly random subset of a longer profile).
   *
   * @throws IllegalArgumentException unless in {@code [1, 10,000]} ({@code [2, 10,000]} for
   *     dp-item-knn, which needs item pairs)
   */
  public B maxItemsPerUser(int maxItemsPerUser) {
    this.maxItemsPerUser = BoundingChecks.maxItemsPerUser(maxItemsPerUser, minItemsPerUser);
    return self();
  }

  /** Switches to the seeded insecure source; see each builder's public test-source method. */
  final B insecureSource(long seed) {
    this.insecure = true;
    this.insecureSeed = seed;
    return self();
  }

  /**
   * Reads {@code epsilon} in (0, {@code maxEpsilon}], {@code delta} in (0, {@code maxDelta}] and
   * {@code max-items-per-user}; a missing key keeps this builder's value (the default).
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value
   */
  final B budgetParams(Params params, double maxEpsilon, double maxDelta) {
    epsilon(params.number("epsilon", epsilon, 0, maxEpsilon));
    delta(params.number("delta", delta, 0, maxDelta));
    return maxItemsPerUser(params.integer("max-items-per-user", maxItemsPerUser, minItemsPerUser,
        MAX_ITEMS_PER_USER_LIMIT));
  }

  /**
   * Reads the random-source entry that {@link AbstractPrivateAlgorithm#parameters()} writes for a
   * fit with the insecure source, with its seed (model files only; never from the command line).
   *
   * @throws IllegalArgumentException for an unknown random source or a malformed seed
   */
  final B savedRandomSource(Params params) {
    String source = params.string(AbstractPrivateAlgorithm.RANDOM_SOURCE, null);
    if (source == null) {
      return self();
    }
    if (!source.equals(AbstractPrivateAlgorithm.INSECURE)) {
      throw new IllegalArgumentException(AbstractPrivateAlgorithm.RANDOM_SOURCE + " must be '"
          + AbstractPrivateAlgorithm.INSECURE + "' when present. Provided value: '" + source + "'");
    }
    String seed = params.string(AbstractPrivateAlgorithm.INSECURE_SEED, "0");
    try {
      return insecureSource(Long.parseLong(seed));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(AbstractPrivateAlgorithm.INSECURE_SEED
          + " must be an integer (64-bit). Provided value: '" + seed + "'", e);
    }
  }
}
