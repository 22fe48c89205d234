package io.privrec.core.cf;

import io.privrec.core.internal.CorePreconditions;

/**
 * The hyperparameters that EASE ({@link Ease}) and its differentially private twin ({@link
 * io.privrec.core.cf.dp.DpEase}) share: the L2 regularisation λ added to the Gram matrix's
 * diagonal and the largest catalogue a fit accepts. Both algorithms take one value of this record
 * ({@code Ease.of(EaseOptions, boolean)}, {@code DpEase.Builder.options(EaseOptions)}), so the
 * same options configure either model and are validated once, here.
 *
 * <p>The record accepts {@code lambda = 0}; each algorithm adds its own rule on the total ridge:
 * {@link Ease} needs {@code lambda > 0}, while {@link io.privrec.core.cf.dp.DpEase} adds a
 * noise-dependent term and only needs the sum to be positive.
 *
 * <p>Immutable and thread-safe; equal when every component is equal ({@code lambda} compared as
 * by {@link Double#compare}).
 *
 * @param lambda the L2 regularisation λ, finite and in {@code [0, 1e12]} (NaN rejected)
 * @param maxItems the largest catalogue a fit accepts, in {@code [1, 46340]} ({@link
 *     Ease#LIMIT_ITEMS}: {@code n²} weights must fit one Java array)
 */
public record EaseOptions(double lambda, int maxItems) {
  /** The largest accepted {@code lambda}. */
  public static final double MAX_LAMBDA = 1e12;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException naming the parameter, its rule and the value if {@code
   *     lambda} is outside {@code [0, 1e12]} or NaN, or {@code maxItems} is outside {@code [1,
   *     46340]}
   */
  public EaseOptions {
    if (!(lambda >= 0 && lambda <= MAX_LAMBDA)) {
      throw CorePreconditions.fail("lambda", "must be finite and in [0, 1e12]", lambda);
    }
    CorePreconditions.checkInRange("max-items", maxItems, 1, Ease.LIMIT_ITEMS);
  }

  /**
   * {@link Ease}'s defaults: λ = {@value Ease#DEFAULT_LAMBDA}, at most {@value
   * Ease#DEFAULT_MAX_ITEMS} items. ({@link io.privrec.core.cf.dp.DpEase} starts from its own λ.)
   */
  public static EaseOptions defaults() {
    return new EaseOptions(Ease.DEFAULT_LAMBDA, Ease.DEFAULT_MAX_ITEMS);
  }

  /**
   * A copy with {@code lambda}.
   *
   * @throws IllegalArgumentException unless finite and in {@code [0, 1e12]}
   */
  public EaseOptions withLambda(double lambda) {
    return new EaseOptions(lambda, maxItems);
  }

  /**
   * A copy with {@code maxItems}.
   *
   * @throws IllegalArgumentException unless in {@code [1, 46340]}
   */
  public EaseOptions withMaxItems(int maxItems) {
    return new EaseOptions(lambda, maxItems);
  }
}
