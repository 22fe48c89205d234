package io.privrec.dp.select;

import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * Private top-k selection (Durfee &amp; Rogers 2019): the k indices, in order, that the one-shot
 * Gumbel mechanism returns — add Gumbel noise of scale 2Δ/ε to every utility once and report the
 * k largest.
 *
 * <p><b>Implementation.</b> By Durfee &amp; Rogers 2019, Sec. 4.1, the one-shot Gumbel top-k has
 * exactly the distribution of <em>peeling</em>: k rounds of the {@link ExponentialMechanism} with
 * parameter ε, each removing the selected index. This class samples the peeling form with the
 * exact exponential-mechanism sampler, so no floating-point Gumbel noise is drawn; cost O(k·n)
 * expected.
 *
 * <p><b>Guarantee.</b> k adaptive ε-bounded-range selections: {@link #cost()} is {@link
 * PrivacyCost#boundedRange(double, int) boundedRange(ε, k)}. The accountant charges it either by
 * basic ("peeling") composition, kε-DP, or by the bounded-range bound of Durfee &amp; Rogers (kε²/8
 * + ε√(k ln(1/δ)/2), via ε²/8-zCDP per selection) when δ is available — whichever is smaller.
 * Neighbouring inputs: utilities differing by at most Δ in every coordinate (one user and all
 * their data, after bounding).
 *
 * <p>If there are fewer than k utilities, all indices are returned in private order. Utilities must
 * be finite with |u| ≤ 2<sup>1020</sup>. Immutable; thread-safe if its random source is.
 */
public final class TopKSelection {

  private final int k;
  private final double epsilonPerSelection;
  private final double sensitivity;
  private final RandomSource random;

  private TopKSelection(int k, double epsilonPerSelection, double sensitivity, RandomSource random) {
    this.k = k;
    this.epsilonPerSelection = epsilonPerSelection;
    this.sensitivity = sensitivity;
    this.random = random;
  }

  /**
   * Returns top-k selection with ε per selection and utility sensitivity Δ, drawing from {@link
   * RandomSources#secure()}.
   *
   * @throws IllegalArgumentException if {@code k < 1}, or ε or Δ is not finite and {@code > 0}
   */
  public static TopKSelection create(int k, double epsilonPerSelection, double sensitivity) {
    return create(k, epsilonPerSelection, sensitivity, RandomSources.secure());
  }

  /**
   * Returns top-k selection drawing from {@code random}.
   *
   * @throws IllegalArgumentException if {@code k < 1}, or ε or Δ is not finite and {@code > 0}
   * @throws NullPointerException if {@code random} is null
   */
  public static TopKSelection create(
      int k, double epsilonPerSelection, double sensitivity, RandomSource random) {
    DpPreconditions.checkPositive("k", k);
    DpPreconditions.checkPositive("epsilonPerSelection", epsilonPerSelection);
    DpPreconditions.checkSensitivity("sensitivity", sensitivity);
    DpPreconditions.checkNotNull(random, "random");
    DpPreconditions.checkNoOverflow(k * epsilonPerSelection, "epsilonPerSelection", epsilonPerSelection);
    return new TopKSelection(k, epsilonPerSelection, sensitivity, random);
  }

  /** k. */
  public int k() {
    return k;
  }

  /** The cost of one {@link #select} call: {@code boundedRange(ε, k)}. */
  public PrivacyCost cost() {
    return PrivacyCost.boundedRange(epsilonPerSelection, k).withMechanism("top-k-gumbel");
  }

  /**
   * Returns min(k, n) distinct indices, best first.
   *
   * @throws IllegalArgumentException if {@code utilities} is empty or holds a non-finite or huge
   *     value
   * @throws NullPointerException if {@code utilities} is null
   */
  public int[] select(double[] utilities) {
    Utilities.check(utilities);
    int n = utilities.length;
    int[] candidates = new int[n];
    for (int i = 0; i < n; i++) {
      candidates[i] = i;
    }
    int rounds = Math.min(k, n);
    int[] selected = new int[rounds];
    double coefficient = epsilonPerSelection / (2 * sensitivity);
    int remaining = n;
    for (int r = 0; r < rounds; r++) {
      int chosen = ExponentialMechanism.sample(utilities, candidates, remaining, coefficient, random);
      selected[r] = chosen;
      for (int c = 0; c < remaining; c++) {
        if (candidates[c] == chosen) {
          candidates[c] = candidates[--remaining];
          break;
        }
      }
    }
    return selected;
  }

  @Override
  public String toString() {
    return "TopKSelection[k=" + k + ", epsilonPerSelection=" + epsilonPerSelection
        + ", sensitivity=" + sensitivity + "]";
  }
}
