package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.LaplaceNoise;
import io.privrec.dp.noise.Noise;
import java.util.Objects;

/**
 * Parameters common to every aggregation's builder. Defaults: Laplace noise from the secure source,
 * delta = 0, one partition and one contribution per partition per privacy unit; epsilon is required.
 */
abstract class AbstractBuilder<B extends AbstractBuilder<B>> {

  double epsilon = Double.NaN;
  double delta;
  Noise noise;
  int maxPartitionsContributed = 1;
  int maxContributionsPerPartition = 1;

  abstract B self();

  /** Sets the privacy parameter epsilon (required; finite, {@code >= 2^-50}). */
  public B epsilon(double epsilon) {
    this.epsilon = epsilon;
    return self();
  }

  /** Sets delta: 0 (default) for Laplace-family noise, in {@code (0, 1)} for Gaussian-family. */
  public B delta(double delta) {
    this.delta = delta;
    return self();
  }

  /** Sets the noise mechanism (default {@link LaplaceNoise#create()}). */
  public B noise(Noise noise) {
    this.noise = Objects.requireNonNull(noise, "noise");
    return self();
  }

  /**
   * Sets how many partitions (aggregations run with the same budget over disjoint keys) one privacy
   * unit may contribute to (the l0 sensitivity; default 1). The caller enforces the bound.
   */
  public B maxPartitionsContributed(int maxPartitionsContributed) {
    this.maxPartitionsContributed = maxPartitionsContributed;
    return self();
  }

  /**
   * Sets how many entries one privacy unit may add to this partition (default 1). The caller
   * enforces the bound.
   */
  public B maxContributionsPerPartition(int maxContributionsPerPartition) {
    this.maxContributionsPerPartition = maxContributionsPerPartition;
    return self();
  }

  /** Validates the common parameters and fills in the default noise. */
  void validateCommon() {
    DpPreconditions.checkNoiseEpsilon(epsilon);
    if (noise == null) {
      noise = LaplaceNoise.create();
    }
    DpPreconditions.checkDelta(delta, noise.mechanismType());
    DpPreconditions.checkPositive("maxPartitionsContributed", maxPartitionsContributed);
    DpPreconditions.checkPositive("maxContributionsPerPartition", maxContributionsPerPartition);
  }
}
