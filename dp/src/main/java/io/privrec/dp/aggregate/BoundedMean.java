package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.ConfidenceInterval;
import io.privrec.dp.noise.Noise;

/**
 * A differentially private mean of values clamped to {@code [lower, upper]} in one partition.
 *
 * <p><b>Method</b> (normalised sum, as in Google's DP library, BoundedMean): with {@code m} the
 * midpoint of the bounds, release a noisy count {@code c~} and a noisy sum {@code s~} of {@code
 * clamp(x) - m}, each with half the budget ({@code epsilon/2}, and {@code delta/2} for Gaussian
 * noise), and return {@code clamp(m + s~ / max(1, c~), lower, upper)}. Centring halves the sum's
 * sensitivity to {@code (upper - lower)/2} per entry.
 *
 * <p><b>Guarantee.</b> (epsilon, delta)-DP by basic composition of the two releases, for the
 * privacy unit (one user and all their data by default) adding at most {@code
 * maxContributionsPerPartition} entries here and contributing to at most {@code
 * maxPartitionsContributed} partitions; add/remove-one-unit neighbouring relation. The estimate is
 * biased towards {@code m} for small counts (the {@code max(1, .)} and the clamping).
 *
 * <p>Entries: NaN is rejected, {@code ±∞} clamps to a bound; sums are exact and order-independent.
 * The confidence interval combines the count's and the sum's intervals at {@code alpha/2} each
 * (union bound) by interval division; it is conservative.
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; afterwards every call throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class BoundedMean {

  private final double epsilon;
  private final double delta;
  private final Noise noise;
  private final int l0;
  private final int maxContributions;
  private final double lower;
  private final double upper;
  private final double midpoint;
  private final double sumLInf;
  private final ExactSum normalizedSum = new ExactSum();
  private long count;
  private boolean released;

  private BoundedMean(Builder builder) {
    this.epsilon = builder.epsilon;
    this.delta = builder.delta;
    this.noise = builder.noise;
    this.l0 = builder.maxPartitionsContributed;
    this.maxContributions = builder.maxContributionsPerPartition;
    this.lower = builder.lower;
    this.upper = builder.upper;
    this.midpoint = lower + (upper - lower) / 2;
    // Rounded differences are monotone in x, so these two bound |fl(clamp(x) - m)| exactly.
    double spread = Math.max(Math.abs(lower - midpoint), Math.abs(upper - midpoint));
    this.sumLInf = BoundedSum.contributionBound(maxContributions, spread);
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
    normalizedSum.add(BoundedSum.clamp(value, lower, upper, "value") - midpoint);
    count++;
  }

  /**
   * Releases the noisy mean. Can be called once.
   *
   * @throws IllegalStateException if called a second time
   */
  public DpResult computeResult() {
    DpPreconditions.checkNotReleased(released);
    double halfEpsilon = epsilon / 2;
    double halfDelta = delta / 2;
    long noisyCount = noise.addNoise(count, l0, maxContributions, halfEpsilon, halfDelta);
    double noisySum = noise.addNoise(normalizedSum.sum(), l0, sumLInf, halfEpsilon, halfDelta);
    released = true;
    double mean = clampToBounds(midpoint + noisySum / Math.max(1, noisyCount));
    return new DpResult(mean, alpha -> {
      ConfidenceInterval c = noise.computeConfidenceInterval(
          noisyCount, l0, maxContributions, halfEpsilon, halfDelta, alpha / 2);
      ConfidenceInterval s = noise.computeConfidenceInterval(
          noisySum, l0, sumLInf, halfEpsilon, halfDelta, alpha / 2);
      double cLow = Math.max(1, c.lowerBound());
      double cHigh = Math.max(1, c.upperBound());
      double[] corners = {s.lowerBound() / cLow, s.lowerBound() / cHigh,
          s.upperBound() / cLow, s.upperBound() / cHigh};
      double min = corners[0];
      double max = corners[0];
      for (double corner : corners) {
        min = Math.min(min, corner);
        max = Math.max(max, corner);
      }
      return new ConfidenceInterval(clampToBounds(midpoint + min), clampToBounds(midpoint + max));
    });
  }

  private double clampToBounds(double value) {
    return Math.min(upper, Math.max(lower, value));
  }

  /** Builder of {@link BoundedMean}. Not thread-safe. */
  public static final class Builder extends AbstractBoundedBuilder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Returns a new bounded mean.
     *
     * @throws IllegalArgumentException if a parameter is missing or invalid
     */
    public BoundedMean build() {
      validateBounded();
      return new BoundedMean(this);
    }
  }
}
