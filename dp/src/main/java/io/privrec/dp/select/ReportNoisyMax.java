package io.privrec.dp.select;

import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.ExactBernoulli;
import io.privrec.dp.noise.DiscreteLaplaceSampler;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * Report-noisy-max: the index of the largest utility after adding independent noise to each; only
 * the index is released.
 *
 * <ul>
 *   <li>{@link Noise#EXPONENTIAL}: exponential noise of scale 2Δ/ε. Sampled as permute-and-flip
 *       (McKenna &amp; Sheldon 2020), which has exactly the same output distribution (Ding, Kifer et
 *       al. 2021, "The permute-and-flip mechanism is identical to report-noisy-max with exponential
 *       noise"): visit the indices in uniformly random order and stop at the first i accepted with
 *       probability exactly exp(−ε(max u − u<sub>i</sub>)/(2Δ)). ε-DP; never worse in expected
 *       utility than the exponential mechanism.
 *   <li>{@link Noise#LAPLACE}: Laplace noise of scale 2Δ/ε (Dwork &amp; Roth 2014, Claim 3.9, for
 *       sensitivity Δ). Implemented exactly on a grid: utilities are mapped to ⌊u/g⌋ with g a power
 *       of two ≈ Δ·2<sup>−20</sup>, and exact discrete Laplace noise of scale 2D/ε is added, D = ⌈Δ/g⌉
 *       (Canonne, Kamath &amp; Steinke 2020 sampler); ties go to the smallest index. The proof of
 *       Claim 3.9 carries over: given the other noises, index i wins iff its noise exceeds a
 *       threshold that moves by at most 2D between neighbours, and the discrete Laplace tail ratio
 *       over 2D grid steps is at least e<sup>−ε</sup>. ε-DP, exactly.
 * </ul>
 *
 * <p>Neighbouring inputs: utilities differing by at most Δ in every coordinate (one user and all
 * their data, after bounding). {@link #cost()} is {@code pureDp(ε)}. Utilities must be finite (at
 * most 2<sup>1020</sup> in magnitude; for {@code LAPLACE} at most 2<sup>40</sup>·Δ), and ε at
 * least 2<sup>−30</sup> for {@code LAPLACE}. Immutable; thread-safe if its random source is.
 */
public final class ReportNoisyMax {

  /** The noise distribution. */
  public enum Noise {
    /** Exponential noise (permute-and-flip). */
    EXPONENTIAL,
    /** Laplace noise (exact discrete Laplace on a fine grid). */
    LAPLACE
  }

  private final double epsilon;
  private final double sensitivity;
  private final Noise noise;
  private final RandomSource random;
  private final Lattice lattice;
  private final DiscreteLaplaceSampler laplace;

  private ReportNoisyMax(double epsilon, double sensitivity, Noise noise, RandomSource random) {
    this.epsilon = epsilon;
    this.sensitivity = sensitivity;
    this.noise = noise;
    this.random = random;
    if (noise == Noise.LAPLACE) {
      this.lattice = Lattice.forSensitivity(sensitivity);
      double scale = Math.nextUp(2.0 * lattice.sensitivityUnits() / epsilon);
      if (!(scale <= 0x1p52)) {
        throw new IllegalArgumentException(
            "epsilon must be >= 2^-30 for Laplace report-noisy-max. Provided value: " + epsilon);
      }
      this.laplace = DiscreteLaplaceSampler.ofScale(scale);
    } else {
      this.lattice = null;
      this.laplace = null;
    }
  }

  /**
   * Returns the mechanism drawing from {@link RandomSources#secure()}.
   *
   * @throws IllegalArgumentException if ε or Δ is not finite and {@code > 0} (or out of the
   *     ranges in the class documentation for {@code LAPLACE})
   * @throws NullPointerException if {@code noise} is null
   */
  public static ReportNoisyMax create(double epsilon, double sensitivity, Noise noise) {
    return create(epsilon, sensitivity, noise, RandomSources.secure());
  }

  /**
   * Returns the mechanism drawing from {@code random}.
   *
   * @throws IllegalArgumentException if ε or Δ is out of range
   * @throws NullPointerException if {@code noise} or {@code random} is null
   */
  public static ReportNoisyMax create(
      double epsilon, double sensitivity, Noise noise, RandomSource random) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkSensitivity("sensitivity", sensitivity);
    DpPreconditions.checkNotNull(noise, "noise");
    DpPreconditions.checkNotNull(random, "random");
    return new ReportNoisyMax(epsilon, sensitivity, noise, random);
  }

  /** The cost of one {@link #select} call: {@code pureDp(ε)}. */
  public PrivacyCost cost() {
    return PrivacyCost.pureDp(epsilon)
        .withMechanism(
            noise == Noise.EXPONENTIAL
                ? "report-noisy-max-exponential"
                : "report-noisy-max-laplace");
  }

  /**
   * Returns the index of the noisy maximum.
   *
   * @throws IllegalArgumentException if {@code utilities} is empty or holds an out-of-range value
   * @throws NullPointerException if {@code utilities} is null
   */
  public int select(double[] utilities) {
    Utilities.check(utilities);
    return noise == Noise.EXPONENTIAL ? permuteAndFlip(utilities) : laplaceMax(utilities);
  }

  private int permuteAndFlip(double[] utilities) {
    int n = utilities.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double u : utilities) {
      max = Math.max(max, u);
    }
    double coefficient = epsilon / (2 * sensitivity);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // The maximum has acceptance probability 1, so one pass always ends with a choice.
    for (int r = 0; ; r++) {
      int j = r + random.nextInt(n - r);
      int i = order[j];
      order[j] = order[r];
      order[r] = i;
      if (ExactBernoulli.bernoulliExp(coefficient * (max - utilities[i]), random)) {
        return i;
      }
    }
  }

  private int laplaceMax(double[] utilities) {
    long[] units = new long[utilities.length];
    for (int i = 0; i < units.length; i++) {
      units[i] = lattice.toUnits(utilities[i], "utilities", i);
    }
    int best = -1;
    long bestValue = Long.MIN_VALUE;
    for (int i = 0; i < units.length; i++) {
      long noisy = Math.addExact(units[i], laplace.sample(random));
      if (best < 0 || noisy > bestValue) {
        best = i;
        bestValue = noisy;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "ReportNoisyMax[epsilon=" + epsilon + ", sensitivity=" + sensitivity + ", noise="
        + noise + "]";
  }
}
