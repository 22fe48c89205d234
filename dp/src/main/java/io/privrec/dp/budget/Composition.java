package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import java.util.List;

/**
 * Composition theorems for (ε, δ)-DP and zCDP. For Rényi DP see {@link RenyiDp}; for composition
 * of a whole ledger with the tightest applicable theorem see {@link PrivacyAccountant}.
 *
 * <p>All results hold for adaptive composition: each mechanism may be chosen knowing the outputs of
 * the previous ones, as long as its privacy parameters are fixed in advance. Stateless and
 * thread-safe.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>C. Dwork, F. McSherry, K. Nissim, A. Smith. Calibrating noise to sensitivity in private data
 *       analysis. TCC 2006 (basic composition; Dwork &amp; Roth 2014, Thm. 3.16).
 *   <li>C. Dwork, G. Rothblum, S. Vadhan. Boosting and differential privacy. FOCS 2010, Thm. III.3
 *       (advanced composition; Dwork &amp; Roth 2014, Thm. 3.20).
 *   <li>M. Bun, T. Steinke. Concentrated differential privacy. TCC 2016, Lemma 2.3 (zCDP).
 * </ul>
 */
public final class Composition {

  private Composition() {}

  /**
   * Basic composition: running mechanisms that are (ε<sub>i</sub>, δ<sub>i</sub>)-DP is (Σε<sub>i
   * </sub>, Σδ<sub>i</sub>)-DP. Sums are compensated (Neumaier), so many small equal shares add up
   * exactly as far as doubles allow.
   *
   * @param budgets the guarantees of the composed mechanisms, at least one
   * @throws IllegalArgumentException if {@code budgets} is empty, or the sum of ε overflows, or
   *     the sum of δ reaches 1
   * @throws NullPointerException if {@code budgets} or an element is null
   */
  public static PrivacyBudget basic(List<PrivacyBudget> budgets) {
    DpPreconditions.checkNotNull(budgets, "budgets");
    if (budgets.isEmpty()) {
      throw new IllegalArgumentException("budgets must not be empty. Provided size: 0");
    }
    CompensatedSum epsilon = new CompensatedSum();
    CompensatedSum delta = new CompensatedSum();
    for (int i = 0; i < budgets.size(); i++) {
      PrivacyBudget b = DpPreconditions.checkNotNull(budgets.get(i), "budgets[" + i + "]");
      epsilon.add(b.epsilon());
      delta.add(b.delta());
    }
    return composed(epsilon.sum(), delta.sum());
  }

  /**
   * Basic composition of {@code k} mechanisms that are each {@code each}-DP: (kε, kδ).
   *
   * @throws IllegalArgumentException if {@code k < 1}, or kε overflows, or kδ reaches 1
   */
  public static PrivacyBudget basic(int k, PrivacyBudget each) {
    DpPreconditions.checkPositive("k", k);
    DpPreconditions.checkNotNull(each, "each");
    return composed(k * each.epsilon(), k * each.delta());
  }

  /**
   * Advanced composition (Dwork, Rothblum &amp; Vadhan 2010, Thm. III.3): running {@code k}
   * mechanisms that are each (ε, δ)-DP is (ε′, kδ + δ′)-DP for
   *
   * <pre>ε′ = ε·√(2k·ln(1/δ′)) + k·ε·(e^ε − 1).</pre>
   *
   * <p>Example: 100 releases at ε = 0.1 give ε′ ≈ 6.31 at δ′ = 10<sup>−6</sup>, against 10 by
   * basic composition.
   *
   * @param k the number of mechanisms, {@code >= 1}
   * @param each the guarantee of each mechanism
   * @param deltaPrime δ′, in {@code (0, 1)}
   * @throws IllegalArgumentException if a parameter is out of range, ε′ overflows, or kδ + δ′ is
   *     not below 1
   */
  public static PrivacyBudget advanced(int k, PrivacyBudget each, double deltaPrime) {
    DpPreconditions.checkPositive("k", k);
    DpPreconditions.checkNotNull(each, "each");
    DpPreconditions.checkPositiveDelta("deltaPrime", deltaPrime);
    double epsilon = advancedEpsilon(k, each.epsilon(), deltaPrime);
    return composed(epsilon, k * each.delta() + deltaPrime);
  }

  /**
   * zCDP composition (Bun &amp; Steinke 2016, Lemma 2.3): ρ<sub>i</sub>-zCDP mechanisms compose to
   * (Σρ<sub>i</sub>)-zCDP.
   *
   * @throws IllegalArgumentException if {@code rhos} is empty, an element is not finite and {@code
   *     > 0}, or the sum overflows
   */
  public static double zcdp(double... rhos) {
    DpPreconditions.checkNotNull(rhos, "rhos");
    if (rhos.length == 0) {
      throw new IllegalArgumentException("rhos must not be empty. Provided length: 0");
    }
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < rhos.length; i++) {
      sum.add(DpPreconditions.checkPositive("rhos[" + i + "]", rhos[i]));
    }
    return DpPreconditions.checkNoOverflow(sum.sum(), "rhos (sum)", sum.sum());
  }

  /** ε′ of advanced composition; may be +∞ on overflow. */
  static double advancedEpsilon(long k, double epsilon, double deltaPrime) {
    return epsilon * Math.sqrt(2 * k * -Math.log(deltaPrime)) + k * epsilon * Math.expm1(epsilon);
  }

  private static PrivacyBudget composed(double epsilon, double delta) {
    if (!Double.isFinite(epsilon)) {
      throw new IllegalArgumentException(
          "epsilon of the composition overflows. Composed value: " + epsilon);
    }
    if (!(delta < 1)) {
      throw new IllegalArgumentException(
          "delta of the composition must be < 1. Composed value: " + delta);
    }
    return new PrivacyBudget(epsilon, delta);
  }
}
