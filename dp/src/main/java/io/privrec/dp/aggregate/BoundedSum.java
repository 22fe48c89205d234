package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.Noise;

/**
 * A differentially private sum of values clamped to {@code [lower, upper]} in one partition.
 *
 * <p><b>Guarantee.</b> (epsilon, delta)-DP for the privacy unit (by default one user and all their
 * data), provided each unit adds at most {@code maxContributionsPerPartition} entries here and
 * contributes to at most {@code maxPartitionsContributed} partitions; add/remove-one-unit
 * neighbouring relation. Sensitivity {@code l0 = maxPartitionsContributed}, {@code lInf =
 * maxContributionsPerPartition * max(|lower|, |upper|)} (Google's DP library, BoundedSum).
 *
 * <p><b>Numerics.</b> Entries are clamped (so {@code ±∞} becomes a bound) and summed exactly and
 * independently of their order; NaN entries are rejected, never propagated. The exact sum is
 * rounded once to a double; this moves it by at most {@code 2^-53 |sum|}, which the calibration does
 * not add to the sensitivity (negligible below {@code |sum| <= 2^32 lInf}, where it is under
 * {@code 2^-21 lInf}).
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; afterwards every call throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class BoundedSum {

  private final double epsilon;
  private final double delta;
  private final Noise noise;
  private final int l0;
  private final double lInf;
  private final double lower;
  private final double upper;
  private final ExactSum sum = new ExactSum();
  private boolean released;

  private BoundedSum(Builder builder) {
    this.epsilon = builder.epsilon;
    this.delta = builder.delta;
    this.noise = builder.noise;
    this.l0 = builder.maxPartitionsContributed;
    this.lower = builder.lower;
    this.upper = builder.upper;
    this.lInf = contributionBound(builder.maxContributionsPerPartition,
        Math.max(Math.abs(lower), Math.abs(upper)));
  }

  /** Returns {@code n * bound}, rounded up. */
  static double contributionBound(int n, double bound) {
    double product = n * bound;
    return n == 1 ? product : Math.nextUp(product);
  }

  /** Returns a builder; {@code epsilon}, {@code lower} and {@code upper} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds one entry, clamped to {@code [lower, upper]}.
   *
   * @throws IllegalArgumentException if {@code value} is NaN
   * @throws IllegalStateException after {@link #computeResult()}
   */
  public void addEntry(double value) {
    DpPreconditions.checkNotReleased(released);
    sum.add(clamp(value, lower, upper, "value"));
  }

  /**
   * Adds entries, each clamped; if any is NaN none is added.
   *
   * @throws IllegalArgumentException if an entry is NaN
   * @throws IllegalStateException after {@link #computeResult()}
   */
  public void addEntries(double... values) {
    DpPreconditions.checkNotReleased(released);
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("values[" + i + "] must not be NaN");
      }
    }
    for (double value : values) {
      sum.add(clamp(value, lower, upper, "value"));
    }
  }

  static double clamp(double value, double lower, double upper, String name) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(name + " must not be NaN");
    }
    return Math.min(upper, Math.max(lower, value));
  }

  /**
   * Releases the noisy sum. Can be called once.
   *
   * @throws IllegalStateException if called a second time
   */
  public DpResult computeResult() {
    DpPreconditions.checkNotReleased(released);
    double noised = noise.addNoise(sum.sum(), l0, lInf, epsilon, delta);
    released = true;
    return new DpResult(noised,
        alpha -> noise.computeConfidenceInterval(noised, l0, lInf, epsilon, delta, alpha));
  }

  /** Builder of {@link BoundedSum}. Not thread-safe. */
  public static final class Builder extends AbstractBoundedBuilder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Returns a new bounded sum.
     *
     * @throws IllegalArgumentException if a parameter is missing or invalid
     */
    public BoundedSum build() {
      validateBounded();
      return new BoundedSum(this);
    }
  }
}
