package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;

/**
 * The parameters of an aggregation over clamped values ({@link BoundedSum}, {@link BoundedMean}):
 * those of {@link AbstractBuilder} plus the clamping bounds, both required.
 */
abstract class AbstractBoundedBuilder<B extends AbstractBoundedBuilder<B>> extends AbstractBuilder<B> {

  double lower = Double.NaN;
  double upper = Double.NaN;

  /** Sets the lower clamping bound (required, finite, {@code < upper}). */
  public B lower(double lower) {
    this.lower = lower;
    return self();
  }

  /** Sets the upper clamping bound (required, finite, {@code > lower}). */
  public B upper(double upper) {
    this.upper = upper;
    return self();
  }

  /** Validates the common parameters and the bounds, and fills in the default noise. */
  void validateBounded() {
    validateCommon();
    DpPreconditions.checkBounds("lower", lower, "upper", upper);
  }
}
