package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;

/**
 * An (ε, δ) differential-privacy guarantee: a total budget, or the amount spent.
 *
 * <p>A mechanism M is (ε, δ)-DP if for all neighbouring datasets D, D′ (in PrivRec by default:
 * D′ adds or removes one user and all their data) and every set S of outputs, Pr[M(D) ∈ S] ≤
 * e^ε Pr[M(D′) ∈ S] + δ (Dwork &amp; Roth 2014, Def. 2.4). δ = 0 is pure DP.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon ε, finite and {@code > 0}
 * @param delta δ, in {@code [0, 1)}
 */
public record PrivacyBudget(double epsilon, double delta) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if ε is NaN, infinite or {@code <= 0}, or δ is NaN, negative
   *     or {@code >= 1}
   */
  public PrivacyBudget {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
  }

  /**
   * Returns the budget (ε, δ).
   *
   * @throws IllegalArgumentException as {@link #PrivacyBudget(double, double)}
   */
  public static PrivacyBudget of(double epsilon, double delta) {
    return new PrivacyBudget(epsilon, delta);
  }

  /**
   * Returns the pure budget (ε, 0).
   *
   * @throws IllegalArgumentException if ε is NaN, infinite or {@code <= 0}
   */
  public static PrivacyBudget pure(double epsilon) {
    return new PrivacyBudget(epsilon, 0);
  }

  /** Returns whether δ = 0. */
  public boolean isPure() {
    return delta == 0;
  }

  /**
   * Splits this budget into parts proportional to {@code weights}, such that the parts compose back
   * to at most this budget under basic composition (ε and δ are split alike). Use it to give each
   * release of a pipeline a share before running it, as pipelinedp4j's {@code BudgetAccountant}
   * does; rounding can only make the parts smaller.
   *
   * @param weights positive finite weights, at least one
   * @return one budget per weight, in order
   * @throws IllegalArgumentException if {@code weights} is empty or a weight is not finite and
   *     {@code > 0}, or a share underflows to 0
   */
  public PrivacyBudget[] split(double... weights) {
    DpPreconditions.checkNotNull(weights, "weights");
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty. Provided length: 0");
    }
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += DpPreconditions.checkPositive("weights[" + i + "]", weights[i]);
    }
    DpPreconditions.checkNoOverflow(total, "weights (sum)", total);
    PrivacyBudget[] parts = new PrivacyBudget[weights.length];
    for (int i = 0; i < weights.length; i++) {
      // Math.nextDown keeps every share <= its exact value, so the parts never sum above the whole.
      double share = weights[i] / total;
      double e = Math.nextDown(epsilon * share);
      double d = delta == 0 ? 0 : Math.nextDown(delta * share);
      if (!(e > 0) || (delta > 0 && !(d > 0))) {
        throw new IllegalArgumentException(
            "weights[" + i + "] is too small: its share of the budget underflows. Provided value: "
                + weights[i]);
      }
      parts[i] = new PrivacyBudget(e, d);
    }
    return parts;
  }
}
