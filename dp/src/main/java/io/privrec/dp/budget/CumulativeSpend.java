package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import java.util.List;

/**
 * The (ε, δ) privacy loss accumulated over several budget periods, each accounted by its own
 * {@link PrivacyAccountant} (e.g. one accountant per month, each with its own total).
 *
 * <p>A per-period total bounds only what that period's releases reveal. A customer whose data is
 * in every period is affected by the releases of all of them, so their privacy loss over all
 * periods is that of the composition of every period's mechanisms. {@link #basic(List)} bounds it
 * by basic composition (Dwork &amp; Roth 2014, Thm. 3.16): if period i's releases are together
 * (ε<sub>i</sub>, δ<sub>i</sub>)-DP, all periods together are (Σε<sub>i</sub>,
 * Σδ<sub>i</sub>)-DP. This holds with the same neighbouring relation as the periods' accountants
 * (add or remove one user and all their data, in every period at once) and also when a period's
 * releases depend on earlier periods' outputs, provided the periods' privacy parameters were not
 * chosen based on those outputs (see {@link PrivacyAccountant}, "Adaptivity"). A customer whose
 * data is in only some of the periods loses at most the sum over those, which is no more. It is an
 * upper bound: composing all periods' spends in one accountant can give a smaller ε.
 *
 * <p>Immutable and thread-safe. δ may reach or exceed 1 when many periods each spend δ; such a
 * statement holds but says nothing.
 *
 * @param epsilon the accumulated ε, finite and {@code >= 0}
 * @param delta the accumulated δ, finite and {@code >= 0}
 * @param periods the number of periods included, {@code >= 0}
 */
public record CumulativeSpend(double epsilon, double delta, int periods) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if ε or δ is not finite and {@code >= 0}, or {@code periods
   *     < 0}
   */
  public CumulativeSpend {
    DpPreconditions.checkNonNegative("epsilon", epsilon);
    DpPreconditions.checkNonNegative("delta", delta);
    DpPreconditions.checkNonNegative("periods", periods);
  }

  /**
   * Returns the loss over all periods by basic composition: the sums of the periods' ε and of
   * their δ (see the class documentation), each computed with compensated summation. An empty list
   * gives (0, 0) over 0 periods.
   *
   * @param spentPerPeriod each period's spent budget, e.g. its accountant's {@link
   *     PrivacyAccountant#spent()}, one entry per period
   * @return the accumulated loss, with {@code periods = spentPerPeriod.size()}
   * @throws NullPointerException if {@code spentPerPeriod} or an element is null
   * @throws IllegalArgumentException if the sum of ε overflows
   */
  public static CumulativeSpend basic(List<SpentBudget> spentPerPeriod) {
    DpPreconditions.checkNotNull(spentPerPeriod, "spentPerPeriod");
    CompensatedSum epsilon = new CompensatedSum();
    CompensatedSum delta = new CompensatedSum();
    for (int i = 0; i < spentPerPeriod.size(); i++) {
      SpentBudget spent = spentPerPeriod.get(i);
      if (spent == null) {
        throw new NullPointerException("spentPerPeriod[" + i + "] must not be null");
      }
      epsilon.add(spent.epsilon());
      delta.add(spent.delta());
    }
    double sum = epsilon.sum();
    if (!Double.isFinite(sum)) {
      throw new IllegalArgumentException(
          "spentPerPeriod: the sum of the periods' epsilon overflows. Provided periods: "
              + spentPerPeriod.size());
    }
    return new CumulativeSpend(sum, delta.sum(), spentPerPeriod.size());
  }
}
