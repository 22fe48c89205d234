package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.ConfidenceInterval;
import io.privrec.dp.noise.Noise;

/**
 * Differentially private counts over a fixed, public set of bins {@code 0 .. numberOfBins - 1}
 * (e.g. item categories or rating levels).
 *
 * <p><b>Guarantee.</b> The whole vector of counts is (epsilon, delta)-DP for the privacy unit (one
 * user and all their data by default) contributing to at most {@code maxPartitionsContributed}
 * bins with at most {@code maxContributionsPerPartition} entries each (add/remove-one-unit
 * neighbouring relation): every bin is noised by the {@link Noise} scalar call with {@code l0 =
 * maxPartitionsContributed} and {@code lInf = maxContributionsPerPartition}, which calibrates the
 * release over all bins. The bin set must not depend on the data. The caller enforces the
 * contribution bounds.
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; afterwards every call throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class Histogram {

  private final double epsilon;
  private final double delta;
  private final Noise noise;
  private final int l0;
  private final int lInf;
  private final long[] counts;
  private boolean released;

  private Histogram(Builder builder) {
    this.epsilon = builder.epsilon;
    this.delta = builder.delta;
    this.noise = builder.noise;
    this.l0 = builder.maxPartitionsContributed;
    this.lInf = builder.maxContributionsPerPartition;
    this.counts = new long[builder.numberOfBins];
  }

  /** Returns a builder; {@code epsilon} and {@code numberOfBins} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Counts one entry in {@code bin}.
   *
   * @throws IllegalArgumentException if {@code bin} is outside {@code [0, numberOfBins)}
   * @throws IllegalStateException after {@link #computeResult()}
   */
  public void add(int bin) {
    DpPreconditions.checkNotReleased(released);
    if (bin < 0 || bin >= counts.length) {
      throw new IllegalArgumentException(
          "bin must be in [0, " + counts.length + "). Provided value: " + bin);
    }
    counts[bin]++;
  }

  /**
   * Releases all noisy counts. Can be called once.
   *
   * @throws IllegalStateException if called a second time
   */
  public Result computeResult() {
    DpPreconditions.checkNotReleased(released);
    long[] noisy = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      noisy[i] = noise.addNoise(counts[i], l0, lInf, epsilon, delta);
    }
    released = true;
    return new Result(noisy, this);
  }

  /** The released histogram. Immutable and thread-safe. */
  public static final class Result {
    private final long[] counts;
    private final Histogram source;

    private Result(long[] counts, Histogram source) {
      this.counts = counts;
      this.source = source;
    }

    /** Returns a copy of the noisy counts, one per bin. */
    public long[] counts() {
      return counts.clone();
    }

    /** Returns the noisy count of {@code bin}. */
    public long count(int bin) {
      return counts[bin];
    }

    /**
     * Returns an interval containing the noise-free count of {@code bin} with probability at least
     * {@code 1 - alpha} (per bin; use {@code alpha / numberOfBins} for simultaneous coverage).
     *
     * @throws IllegalArgumentException unless {@code 0 < alpha < 1}
     * @throws IndexOutOfBoundsException if {@code bin} is not a bin
     */
    public ConfidenceInterval confidenceInterval(int bin, double alpha) {
      Histogram h = source;
      return h.noise.computeConfidenceInterval(counts[bin], h.l0, h.lInf, h.epsilon, h.delta, alpha);
    }
  }

  /** Builder of {@link Histogram}. Not thread-safe. */
  public static final class Builder extends AbstractBuilder<Builder> {
    int numberOfBins;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** Sets the number of bins (required, {@code >= 1}; the bins themselves are public). */
    public Builder numberOfBins(int numberOfBins) {
      this.numberOfBins = numberOfBins;
      return this;
    }

    /**
     * Returns a new histogram.
     *
     * @throws IllegalArgumentException if a parameter is missing or invalid
     */
    public Histogram build() {
      validateCommon();
      DpPreconditions.checkPositive("numberOfBins", numberOfBins);
      return new Histogram(this);
    }
  }
}
