package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;

/**
 * The (ε, δ) guarantee of everything an accountant's ledger holds, and how it was obtained.
 *
 * <p>Immutable. ε and δ are 0 for an empty ledger.
 *
 * @param epsilon the spent ε, finite and {@code >= 0}
 * @param delta the spent δ, in {@code [0, 1)}
 * @param method the composition theorem used for the ledger's non-approximate spends
 */
public record SpentBudget(double epsilon, double delta, CompositionMethod method) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if ε is not finite and {@code >= 0} or δ is not in {@code [0,
   *     1)}
   * @throws NullPointerException if {@code method} is null
   */
  public SpentBudget {
    DpPreconditions.checkNonNegative("epsilon", epsilon);
    DpPreconditions.checkDelta(delta);
    DpPreconditions.checkNotNull(method, "method");
  }
}
