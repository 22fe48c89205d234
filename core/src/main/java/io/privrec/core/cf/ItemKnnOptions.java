package io.privrec.core.cf;

import io.privrec.core.internal.CorePreconditions;

/**
 * The neighbourhood hyperparameters that item-based kNN ({@link ItemKnn}) and its differentially
 * private twin ({@link io.privrec.core.cf.dp.DpItemKnn}) share: how many neighbours each target
 * item keeps and the shrinkage of the similarity's denominator. Both builders hold one value of
 * this record ({@code Builder.options(ItemKnnOptions)}), so the same options configure either
 * model and are validated once, here. Each algorithm's own hyperparameters (similarity, weighting,
 * privacy budget, ...) stay on its builder.
 *
 * <p>Immutable and thread-safe; equal when every component is equal ({@code shrink} compared as
 * by {@link Double#compare}).
 *
 * @param neighbours the most similar items kept per target item, {@code >= 1}
 * @param shrink the shrinkage added to every similarity's denominator, finite and {@code >= 0}
 *     (NaN rejected)
 */
public record ItemKnnOptions(int neighbours, double shrink) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException naming the parameter, its rule and the value if {@code
   *     neighbours < 1}, or if {@code shrink} is negative, infinite or NaN
   */
  public ItemKnnOptions {
    CorePreconditions.checkPositive("neighbours", neighbours);
    CorePreconditions.checkNonNegative("shrink", shrink);
  }

  /**
   * {@link ItemKnn}'s defaults: {@value ItemKnn#DEFAULT_NEIGHBOURS} neighbours, shrinkage {@value
   * ItemKnn#DEFAULT_SHRINK}. ({@link io.privrec.core.cf.dp.DpItemKnn} starts from its own
   * defaults.)
   */
  public static ItemKnnOptions defaults() {
    return new ItemKnnOptions(ItemKnn.DEFAULT_NEIGHBOURS, ItemKnn.DEFAULT_SHRINK);
  }

  /**
   * A copy with {@code neighbours}.
   *
   * @throws IllegalArgumentException if {@code neighbours < 1}
   */
  public ItemKnnOptions withNeighbours(int neighbours) {
    return new ItemKnnOptions(neighbours, shrink);
  }

  /**
   * A copy with {@code shrink}.
   *
   * @throws IllegalArgumentException unless finite and {@code >= 0}
   */
  public ItemKnnOptions withShrink(double shrink) {
    return new ItemKnnOptions(neighbours, shrink);
  }

  /**
   * The setters of a builder that holds these options: item-kNN's and its private twin's, so each
   * hyperparameter is set, checked and documented once.
   *
   * @param <B> the builder type, returned for chaining
   */
  public interface Setters<B extends Setters<B>> {
    /** The options set so far (the defaults if none were set). */
    ItemKnnOptions options();

    /**
     * Replaces the neighbourhood hyperparameters.
     *
     * @throws NullPointerException if {@code options} is null
     */
    B options(ItemKnnOptions options);

    /**
     * Neighbours kept per target item.
     *
     * @throws IllegalArgumentException unless {@code neighbours >= 1}
     */
    default B neighbours(int neighbours) {
      return options(options().withNeighbours(neighbours));
    }

    /**
     * Shrinkage added to the similarity denominator.
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     */
    default B shrink(double shrink) {
      return options(options().withShrink(shrink));
    }
  }
}
