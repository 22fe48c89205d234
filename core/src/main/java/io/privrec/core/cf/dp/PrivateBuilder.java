package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Params;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.data.Catalogue;

/**
 * The builder parts every private recommender shares: the budget (ε, δ), the contribution bound
 * {@code m = max-items-per-user}, the public catalogue and the insecure test source, with their
 * validation. Each
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
  Catalogue catalogue;

  PrivateBuilder(double epsilon, double delta, int maxItemsPerUser, int minItemsPerUser) {
    this.epsilon = epsilon;
    this.delta = delta;
    this.maxItemsPerUser = maxItemsPerUser;
    this.minItemsPerUser = minItemsPerUser;
  }

  /** This builder, typed as the concrete builder. */
  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** The privacy settings collected so far, for the algorithm's constructor. */
  final PrivacySettings privacy() {
    return new PrivacySettings(epsilon, delta, maxItemsPerUser, insecure, insecureSeed, catalogue);
  }

  /**
   * Sets ε of the (ε, δ) guarantee.
   *
   * @throws IllegalArgumentException unless finite and {@code > 0}
   */
  public B epsilon(double epsilon) {
    this.epsilon = CorePreconditions.checkEpsilon(epsilon);
    return self();
  }

  /**
   * Sets δ of the (ε, δ) guarantee (a pure ε-DP release, such as dp-popularity's Laplace counts,
   * does not use it).
   *
   * @throws IllegalArgumentException unless in {@code (0, 1)}
   */
  public B delta(double delta) {
    this.delta = CorePreconditions.checkPositiveDelta("delta", delta);
    return self();
  }

  /**
   * Sets {@code m}, the most items kept per user (a uniformly random subset of a longer profile).
   *
   * @throws IllegalArgumentException unless in {@code [1, 10,000]} ({@code [2, 10,000]} for
   *     dp-item-knn, which needs item pairs)
   */
  public B maxItemsPerUser(int maxItemsPerUser) {
    this.maxItemsPerUser = CorePreconditions.checkInRange("max-items-per-user", maxItemsPerUser, minItemsPerUser,
        MAX_ITEMS_PER_USER_LIMIT);
    return self();
  }

  /**
   * Sets the public catalogue: the items the fitted model indexes, in the catalogue's order.
   * Interactions on other items are dropped before fitting, so the release's shape and item order
   * do not depend on the data. Every fit needs one ({@link IllegalStateException} otherwise,
   * before anything is charged). Build it from the shop's product list, never from the training
   * interactions.
   *
   * @throws NullPointerException if {@code catalogue} is null
   */
  public B catalogue(Catalogue catalogue) {
    this.catalogue = requireNonNull(catalogue, "catalogue");
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
}
