package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.Noise;

/**
 * A differentially private count of entries in one partition.
 *
 * <p><b>Guarantee.</b> (epsilon, delta)-DP for the privacy unit (by default one user and all their
 * data), provided each unit adds at most {@code maxContributionsPerPartition} entries here and
 * contributes to at most {@code maxPartitionsContributed} partitions released with the same
 * parameters; add/remove-one-unit neighbouring relation. The count's sensitivity is {@code l0 =
 * maxPartitionsContributed}, {@code lInf = maxContributionsPerPartition} (Dwork and Roth 2014,
 * section 3.3; Google's DP library). The noisy count is unbiased (integer noise symmetric about 0).
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; afterwards every call throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class Count {

  private final double epsilon;
  private final double delta;
  private final Noise noise;
  private final int l0;
  private final int lInf;
  private long count;
  private boolean released;

  private Count(Builder builder) {
    this.epsilon = builder.epsilon;
    this.delta = builder.delta;
    this.noise = builder.noise;
    this.l0 = builder.maxPartitionsContributed;
    this.lInf = builder.maxContributionsPerPartition;
  }

  /** Returns a builder; {@code epsilon} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Counts one entry.
   *
   * @throws IllegalStateException after {@link #computeResult()}
   */
  public void increment() {
    incrementBy(1);
  }

  /**
   * Counts {@code entries} entries (saturating at {@link Long#MAX_VALUE}).
   *
   * @throws IllegalArgumentException if {@code entries < 0}
   * @throws IllegalStateException after {@link #computeResult()}
   */
  public void incrementBy(long entries) {
    DpPreconditions.checkNotReleased(released);
    DpPreconditions.checkNonNegative("entries", entries);
    long sum = count + entries;
    count = sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Releases the noisy count. Can be called once.
   *
   * @throws IllegalStateException if called a second time
   */
  public DpResult computeResult() {
    DpPreconditions.checkNotReleased(released);
    long noised = noise.addNoise(count, l0, lInf, epsilon, delta);
    released = true;
    return new DpResult(noised,
        alpha -> noise.computeConfidenceInterval(noised, l0, lInf, epsilon, delta, alpha));
  }

  /** Builder of {@link Count}. Not thread-safe. */
  public static final class Builder extends AbstractBuilder<Builder> {

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Returns a new count.
     *
     * @throws IllegalArgumentException if a parameter is missing or invalid
     */
    public Count build() {
      validateCommon();
      return new Count(this);
    }
  }
}
