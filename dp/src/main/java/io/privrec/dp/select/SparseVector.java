package io.privrec.dp.select;

import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.DiscreteLaplaceSampler;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * The sparse vector technique: answers a stream of queries with "above the threshold" or "below",
 * paying only for the (at most c) "above" answers.
 *
 * <p>With {@code maxAboveAnswers} c = 1 this is AboveThreshold (Dwork &amp; Roth 2014, Alg. 1,
 * Thm. 3.23): the threshold gets Laplace noise of scale 2Δ/ε once, each query Laplace noise of
 * scale 4Δ/ε, and the mechanism halts after the first "above". For c &gt; 1 it is Sparse (Dwork
 * &amp; Roth 2014, Alg. 2 with δ = 0): scales 2cΔ/ε and 4cΔ/ε, the threshold noise redrawn after
 * each "above", halting after the c-th.
 *
 * <p><b>Guarantee.</b> ε-DP for the whole stream of answers, however many "below" answers it
 * contains, when every query has sensitivity Δ (neighbours: one user and all their data) and the
 * queries are chosen independently of the noise. {@link #cost()} is {@code pureDp(ε)}; charge it
 * once before the first query. Noise is exact discrete Laplace on the grid g·ℤ (g a power of two ≈
 * Δ·2<sup>−20</sup>, values mapped to ⌊v/g⌋ and sensitivity D = ⌈Δ/g⌉ grid steps); the proof of
 * Thm. 3.23 shifts the threshold noise by D and the query noise by 2D steps, which works verbatim
 * on the integers, so the guarantee is exact.
 *
 * <p>Stateful and single-use: after c "above" answers every further query throws {@link
 * IllegalStateException}. Thread-safe (methods are synchronized) if its random source is. Query
 * values and the threshold must be finite, with magnitude at most 2<sup>40</sup>·Δ; ε must be at
 * least 2<sup>−30</sup>·c.
 */
public final class SparseVector {

  private final double epsilon;
  private final int maxAboveAnswers;
  private final Lattice lattice;
  private final long thresholdUnits;
  private final DiscreteLaplaceSampler thresholdNoise;
  private final DiscreteLaplaceSampler queryNoise;
  private final RandomSource random;
  private long noisyThreshold;
  private int aboveAnswers;

  private SparseVector(
      double epsilon, double sensitivity, double threshold, int maxAboveAnswers, RandomSource r) {
    this.epsilon = epsilon;
    this.maxAboveAnswers = maxAboveAnswers;
    this.random = r;
    this.lattice = Lattice.forSensitivity(sensitivity);
    this.thresholdUnits = lattice.toUnits(threshold, "threshold");
    double sigma = Math.nextUp(2.0 * maxAboveAnswers * lattice.sensitivityUnits() / epsilon);
    if (!(2 * sigma <= 0x1p52)) {
      throw new IllegalArgumentException(
          "epsilon must be >= 2^-30 * maxAboveAnswers. Provided value: " + epsilon);
    }
    this.thresholdNoise = DiscreteLaplaceSampler.ofScale(sigma);
    this.queryNoise = DiscreteLaplaceSampler.ofScale(2 * sigma);
    this.noisyThreshold = drawThreshold();
  }

  /**
   * Returns AboveThreshold (c = 1) drawing from {@link RandomSources#secure()}.
   *
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static SparseVector aboveThreshold(double epsilon, double sensitivity, double threshold) {
    return create(epsilon, sensitivity, threshold, 1, RandomSources.secure());
  }

  /**
   * Returns the mechanism answering until {@code maxAboveAnswers} "above" answers.
   *
   * @throws IllegalArgumentException if ε or Δ is not finite and {@code > 0}, the threshold is not
   *     finite, or {@code maxAboveAnswers < 1}
   * @throws NullPointerException if {@code random} is null
   */
  public static SparseVector create(
      double epsilon,
      double sensitivity,
      double threshold,
      int maxAboveAnswers,
      RandomSource random) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkSensitivity("sensitivity", sensitivity);
    DpPreconditions.checkFinite("threshold", threshold);
    DpPreconditions.checkPositive("maxAboveAnswers", maxAboveAnswers);
    DpPreconditions.checkNotNull(random, "random");
    return new SparseVector(epsilon, sensitivity, threshold, maxAboveAnswers, random);
  }

  /** The cost of the whole stream: {@code pureDp(ε)}. */
  public PrivacyCost cost() {
    return PrivacyCost.pureDp(epsilon).withMechanism("sparse-vector");
  }

  /**
   * Answers one query: whether {@code value} plus noise reaches the noisy threshold.
   *
   * @throws IllegalStateException if the mechanism has halted
   * @throws IllegalArgumentException if {@code value} is not finite or too large (no noise is
   *     drawn and no state changes)
   */
  public synchronized boolean isAbove(double value) {
    if (isHalted()) {
      throw new IllegalStateException(
          "the sparse vector has halted after " + maxAboveAnswers + " above-threshold answer(s)");
    }
    long units = lattice.toUnits(value, "value");
    boolean above = Math.addExact(units, queryNoise.sample(random)) >= noisyThreshold;
    if (above) {
      aboveAnswers++;
      if (!isHalted()) {
        noisyThreshold = drawThreshold();
      }
    }
    return above;
  }

  /**
   * Answers {@code values} in order until halting; returns the indices answered "above" (at most
   * the remaining number of allowed answers). Values after the halting one are not examined.
   *
   * @throws IllegalStateException if the mechanism has already halted
   * @throws IllegalArgumentException if a value is out of range (checked before any is answered)
   */
  public synchronized int[] aboveIndices(double[] values) {
    DpPreconditions.checkNotNull(values, "values");
    for (int i = 0; i < values.length; i++) {
      lattice.toUnits(values[i], "values", i);
    }
    if (isHalted()) {
      throw new IllegalStateException(
          "the sparse vector has halted after " + maxAboveAnswers + " above-threshold answer(s)");
    }
    int[] found = new int[maxAboveAnswers - aboveAnswers];
    int count = 0;
    for (int i = 0; i < values.length && !isHalted(); i++) {
      if (isAbove(values[i])) {
        found[count++] = i;
      }
    }
    return java.util.Arrays.copyOf(found, count);
  }

  /** Whether c "above" answers have been given. */
  public synchronized boolean isHalted() {
    return aboveAnswers >= maxAboveAnswers;
  }

  /** The number of "above" answers given so far. */
  public synchronized int aboveAnswers() {
    return aboveAnswers;
  }

  private long drawThreshold() {
    return Math.addExact(thresholdUnits, thresholdNoise.sample(random));
  }

  @Override
  public String toString() {
    return "SparseVector[epsilon=" + epsilon + ", maxAboveAnswers=" + maxAboveAnswers + "]";
  }
}
