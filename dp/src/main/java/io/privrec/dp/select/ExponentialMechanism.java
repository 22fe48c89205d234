package io.privrec.dp.select;

import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.ExactBernoulli;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * The exponential mechanism (McSherry &amp; Talwar 2007): given utilities u<sub>1..n</sub> whose
 * sensitivity is Δ, returns index i with probability exactly ∝ exp(ε·u<sub>i</sub>/(2Δ)) (a
 * softmax).
 *
 * <p><b>Guarantee.</b> ε-DP, and ε-bounded-range, hence ε²/8-zCDP (Durfee &amp; Rogers 2019;
 * Cesar &amp; Rogers 2021), for neighbouring inputs whose utilities differ by at most Δ in every
 * coordinate — by default, datasets differing in one user and all their data; {@link #cost()} is
 * {@link PrivacyCost#boundedRange(double, int) boundedRange(ε, 1)}.
 *
 * <p><b>Sampling.</b> Rejection sampling: propose a uniformly random index i, accept it with
 * probability exactly e<sup>−γ<sub>i</sub></sup>, γ<sub>i</sub> = ε(max u − u<sub>i</sub>)/(2Δ)
 * ({@link ExactBernoulli}; Canonne, Kamath &amp; Steinke 2020, Alg. 1). The accepted index has
 * exactly the softmax distribution of the γ<sub>i</sub>; at most n proposals are needed on
 * average. No floating-point noise is generated. The only rounding is in computing γ<sub>i</sub>
 * (relative error below 2<sup>−51</sup>), a deterministic function of the data, which perturbs
 * every probability above e<sup>−700</sup> by a factor within e<sup>±10⁻¹²</sup>: the
 * implementation is (ε + 10<sup>−12</sup>, n·e<sup>−700</sup>)-DP. Gumbel-max sampling would
 * instead rely on floating-point Gumbel noise, whose truncated tails are harder to bound.
 *
 * <p>Utilities must be finite with |u| ≤ 2<sup>1020</sup>; NaN, ±∞ and empty arrays are rejected.
 * Immutable; thread-safe if its random source is (the default is).
 */
public final class ExponentialMechanism {

  private final double epsilon;
  private final double sensitivity;
  private final RandomSource random;

  private ExponentialMechanism(double epsilon, double sensitivity, RandomSource random) {
    this.epsilon = epsilon;
    this.sensitivity = sensitivity;
    this.random = random;
  }

  /**
   * Returns the mechanism with privacy parameter ε and utility sensitivity Δ, drawing from {@link
   * RandomSources#secure()}.
   *
   * @throws IllegalArgumentException if ε or Δ is not finite and {@code > 0}
   */
  public static ExponentialMechanism create(double epsilon, double sensitivity) {
    return create(epsilon, sensitivity, RandomSources.secure());
  }

  /**
   * Returns the mechanism drawing from {@code random}.
   *
   * @throws IllegalArgumentException if ε or Δ is not finite and {@code > 0}
   * @throws NullPointerException if {@code random} is null
   */
  public static ExponentialMechanism create(
      double epsilon, double sensitivity, RandomSource random) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkSensitivity("sensitivity", sensitivity);
    DpPreconditions.checkNotNull(random, "random");
    return new ExponentialMechanism(epsilon, sensitivity, random);
  }

  /** ε. */
  public double epsilon() {
    return epsilon;
  }

  /** Δ, the utility sensitivity. */
  public double sensitivity() {
    return sensitivity;
  }

  /** The cost of one {@link #select} call: {@code boundedRange(ε, 1)}. */
  public PrivacyCost cost() {
    return PrivacyCost.boundedRange(epsilon, 1).withMechanism("exponential-mechanism");
  }

  /**
   * Returns an index i with probability ∝ exp(ε·u<sub>i</sub>/(2Δ)).
   *
   * @throws IllegalArgumentException if {@code utilities} is empty or holds a non-finite or huge
   *     value
   * @throws NullPointerException if {@code utilities} is null
   */
  public int select(double[] utilities) {
    Utilities.check(utilities);
    int n = utilities.length;
    int[] candidates = new int[n];
    for (int i = 0; i < n; i++) {
      candidates[i] = i;
    }
    return sample(utilities, candidates, n, epsilon / (2 * sensitivity), random);
  }

  /**
   * Samples from {@code candidates[0, count)} with probability ∝ exp(coefficient·u). Exact up to the
   * rounding of coefficient·(max − u).
   */
  static int sample(
      double[] utilities, int[] candidates, int count, double coefficient, RandomSource random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < count; c++) {
      max = Math.max(max, utilities[candidates[c]]);
    }
    while (true) {
      int i = candidates[random.nextInt(count)];
      double gamma = coefficient * (max - utilities[i]);
      if (ExactBernoulli.bernoulliExp(gamma, random)) {
        return i;
      }
    }
  }

  /**
   * The exact selection probabilities softmax(ε·u/(2Δ)), computed stably. They depend on the data
   * and are not private: for tests and analysis only.
   */
  static double[] probabilities(double[] utilities, double coefficient) {
    double max = Double.NEGATIVE_INFINITY;
    for (double u : utilities) {
      max = Math.max(max, u);
    }
    double[] p = new double[utilities.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(-coefficient * (max - utilities[i]));
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  @Override
  public String toString() {
    return "ExponentialMechanism[epsilon=" + epsilon + ", sensitivity=" + sensitivity + "]";
  }
}
